/**
 * Conventions of the Markdown the templates write, shared by the stages that write it
 * (templates' helpers) and read it (the PDF typesetter, the HTML stage). Apart from lex.ts, so
 * that writing Markdown never loads marked.
 */

/** The heading over a document's footnotes (they are its sources), unless its labels say otherwise. */
export const NOTES_TITLE = 'Sources';

/**
 * A name's language travels in the Markdown as inline HTML, in exactly this form:
 * `<span lang="ja">岸田文雄</span>` (one `lang` attribute, double quotes, a BCP 47 tag). The
 * readers let this form through, and only this one: any other raw HTML prints as text.
 */
export function inLanguage(markdown: string, lang: string): string {
  return `<span lang="${lang}">${markdown}</span>`;
}

const LANG_SPAN_OPEN = /^<span lang="([A-Za-z0-9]+(?:-[A-Za-z0-9]+)*)">$/;

/** What an inline HTML tag is in that form: the opening tag with its language, the closing tag, or neither. */
export function langSpanTag(html: string): { lang: string } | 'close' | undefined {
  if (html === '</span>') return 'close';
  const lang = LANG_SPAN_OPEN.exec(html)?.[1];
  return lang ? { lang } : undefined;
}

/** The anchor GitHub gives a heading: `Fact sheet` → `fact-sheet`. */
export function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s-]/gu, '')
    .trim()
    .replace(/\s/g, '-');
}

export type DirectiveName = 'pagebreak' | 'cover' | 'toc' | 'compact' | 'beside';

export interface Directive {
  name: DirectiveName;
  /** `<!-- /cover -->` closes what `<!-- cover -->` opened. */
  closing: boolean;
}

const DIRECTIVE = /^<!--\s*(\/?)(pagebreak|cover|toc|compact|beside)\s*-->\s*$/;

/**
 * The layout directive an HTML comment carries, if any: `<!-- pagebreak -->` starts a new page,
 * `<!-- cover -->…<!-- /cover -->` sets a cover page, `<!-- toc -->…<!-- /toc -->` a contents list,
 * `<!-- compact -->…<!-- /compact -->` sets a part in the fact sheet's compact scale,
 * `<!-- beside -->…<!-- /beside -->` sets a part's first image (a photo) beside the rest.
 */
export function parseDirective(html: string): Directive | undefined {
  const match = DIRECTIVE.exec(html.trim());
  return match ? { name: match[2] as DirectiveName, closing: match[1] === '/' } : undefined;
}
