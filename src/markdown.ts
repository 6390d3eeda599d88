/**
 * Conventions of the Markdown the templates write, shared by the stages that write it
 * (templates' helpers) and read it (the PDF typesetter, the HTML stage).
 */
import { Tokenizer, type MarkedExtension } from 'marked';

/** The anchor GitHub gives a heading: `Fact sheet` → `fact-sheet`. */
export function slug(text: string): string {
  return text.toLowerCase().replace(/[^\p{L}\p{N}\s-]/gu, '').trim().replace(/\s/g, '-');
}

export type DirectiveName = 'pagebreak' | 'cover' | 'toc';

export interface Directive {
  name: DirectiveName;
  /** `<!-- /cover -->` closes what `<!-- cover -->` opened. */
  closing: boolean;
}

const DIRECTIVE = /^<!--\s*(\/?)(pagebreak|cover|toc)\s*-->\s*$/;

/**
 * The layout directive an HTML comment carries, if any: `<!-- pagebreak -->` starts a new page,
 * `<!-- cover -->…<!-- /cover -->` sets a cover page, `<!-- toc -->…<!-- /toc -->` a contents list.
 */
export function parseDirective(html: string): Directive | undefined {
  const match = DIRECTIVE.exec(html.trim());
  return match ? { name: match[2] as DirectiveName, closing: match[1] === '/' } : undefined;
}

/**
 * GFM autolinks allow `[` and `^` in a URL, so `https://nato.int[^s1]` would swallow its own
 * citation. This marked extension ends a bare URL where a footnote reference begins.
 */
export const footnoteSafeUrls: MarkedExtension = {
  tokenizer: {
    url(src) {
      // A URL has no spaces, so only the first word can hold its citation.
      const citation = /^\S*/.exec(src)![0].indexOf('[^');
      return citation > 0 ? Tokenizer.prototype.url.call(this, src.slice(0, citation)) : false;
    },
  },
};
