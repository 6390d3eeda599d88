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

/**
 * Revision markers, inline HTML comments (hidden by Markdown viewers) that templates write:
 * `<!--change:c3-->` where a changed block starts (a table row's first cell, a list item, a
 * paragraph or a heading), and `<!--pageref:programme/c3-->` where a page wants the number of the
 * page on which change c3 stands in document `programme`.
 */
export type Marker = { kind: 'change'; id: string } | { kind: 'pageref'; doc: string; id: string };

const MARKER_NAME = /^[a-z0-9-]+$/;
const MARKER = /^<!--(?:change:([a-z0-9-]+)|pageref:([a-z0-9-]+)\/([a-z0-9-]+))-->$/;

/** Whether a change id or document kind can stand in a marker. */
export const isMarkerName = (name: string): boolean => MARKER_NAME.test(name);

export const changeMarker = (id: string): string => `<!--change:${id}-->`;
export const pageRefMarker = (doc: string, id: string): string => `<!--pageref:${doc}/${id}-->`;

/** The marker an HTML comment is, exactly as written above, if it is one. */
export function parseMarker(html: string): Marker | undefined {
  const match = MARKER.exec(html.trim());
  if (!match) return undefined;
  return match[1] ? { kind: 'change', id: match[1] } : { kind: 'pageref', doc: match[2]!, id: match[3]! };
}

/** A line that opens with a marker and goes on with text: a paragraph, not an HTML block. */
export const OPENS_WITH_MARKER = /^ {0,3}<!--(?:change:[a-z0-9-]+|pageref:[a-z0-9-]+\/[a-z0-9-]+)-->[ \t]*\S/;
