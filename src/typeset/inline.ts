/** Inline tokens to pdfmake's styled text runs. Every token's text reaches the page. */
import { langSpanTag, parseMarker } from '../markdown/conventions.js';
import { decodeReferences } from '../markdown/entities.js';
import type * as md from '../markdown/tokens.js';
import { PAGE_REF } from './change-marks.js';
import { textRuns } from './fonts.js';
import { ACCENT, CODE_SPAN_FILL } from './palette.js';

/** A run of text with its inline styling, as pdfmake takes it. */
export interface Run {
  text: string | Run[];
  bold?: boolean;
  italics?: boolean;
  font?: string;
  sup?: boolean;
  link?: string;
  linkToDestination?: string;
  decoration?: 'underline' | 'lineThrough';
  color?: string;
  background?: string;
  style?: string;
  /** The text's language (BCP 47), for the forms of Han characters; not passed to pdfmake. */
  lang?: string;
}

export type RunStyle = Omit<Run, 'text'>;

const LIVE_LINK = /^(https?:|mailto:)/i;

export function inlines(tokens: readonly md.Inline[] | undefined, style: RunStyle = {}): Run[] {
  if (!tokens) return [];
  const out: Run[] = [];
  const outer: RunStyle[] = [];
  let current = style;
  for (const token of tokens) {
    const tag = token.type === 'html' ? langSpanTag(token.text) : undefined;
    if (tag === 'close' && outer.length > 0) current = outer.pop()!;
    else if (tag && tag !== 'close') {
      outer.push(current);
      current = { ...current, lang: tag.lang };
    } else out.push(...inline(token, current));
  }
  return out;
}

function inline(token: md.Inline, style: RunStyle): Run[] {
  switch (token.type) {
    case 'text':
      return token.tokens
        ? inlines(token.tokens, style)
        : plain(token.escaped ? token.text : decodeReferences(token.text), style);
    case 'html': // raw HTML prints as text (inlines reads the spans that give a name's language)
      return token.text.startsWith('<!--') && parseMarker(token.text)
        ? marker(token.text, style)
        : plain(token.text, style);
    case 'escape':
      return plain(token.text, style);
    case 'strong':
      return inlines(token.tokens, { ...style, bold: true });
    case 'em':
      return inlines(token.tokens, { ...style, italics: true });
    case 'del':
      return inlines(token.tokens, { ...style, decoration: 'lineThrough' });
    case 'codespan':
      return plain(token.text, { ...style, font: 'Mono', background: CODE_SPAN_FILL });
    case 'br':
      return plain('\n', style);
    case 'link':
      if (!LIVE_LINK.test(token.href)) return inlines(token.tokens, style);
      return inlines(token.tokens, { ...style, link: token.href, color: ACCENT, decoration: 'underline' });
    case 'image':
      return plain(`[${token.text || token.href}]`, style);
    case 'checkbox':
      return [checkbox(token)];
    case 'footnoteRef':
      return [
        { text: token.id, ...withoutLang(style), sup: true, linkToDestination: `note-${token.id}`, style: 'noteRef' },
      ];
    default:
      return plain(unknownText(token), style);
  }
}

/**
 * A revision marker prints nothing: a change marker marks its block (change-marks.ts); a page
 * reference is a run to fill in once the document's changes are known.
 */
function marker(html: string, style: RunStyle): Run[] {
  const found = parseMarker(html)!;
  if (found.kind === 'change') return [];
  return [{ text: '', ...withoutLang(style), [PAGE_REF]: `${found.doc}/${found.id}` } as Run];
}

function withoutLang({ lang: _, ...style }: RunStyle): RunStyle {
  return style;
}

/** The text of a token no case knows (one a newer marked adds), so that it still shows. */
export function unknownText(token: { text?: string; raw?: string }): string {
  return token.text ?? token.raw ?? '';
}

/** A task item's box, as the Markdown shows it. */
export function checkbox(token: md.Checkbox): Run {
  return { text: token.checked ? '[x] ' : '[ ] ', font: 'Mono' };
}

/** Literal text, as runs in the fonts that have its scripts. */
export function plain(text: string, style: RunStyle = {}): Run[] {
  return breakableWords(text).flatMap((piece) => textRuns(piece, style));
}

/** The text of styled runs, for bookmarks. */
export function plainText(runs: Run[]): string {
  return runs.map((run) => (typeof run.text === 'string' ? run.text : plainText(run.text))).join('');
}

/** A word this long (a URL, an identifier) may not fit a column's width. */
const LONG_WORD = /\S{30,}/gu;
/** The same, as a quick test: a long word starts the text or follows a space. */
const HAS_LONG_WORD = /(?:^|\s)\S{30}/;
/** Characters of a long word per run: narrower than any column. */
const WORD_PIECE = /(?:\P{M}\p{M}*){1,10}/gu;

/**
 * Text with each over-long word cut into runs of a few characters. pdfmake sizes a '*' column
 * to its widest run and lets it run off the page rather than break a word; short runs keep
 * the column within the page, and pdfmake still moves the word whole or breaks it at the
 * edge, as it does for any word wider than the line.
 */
function breakableWords(text: string): string[] {
  if (text.length < 30 || !HAS_LONG_WORD.test(text)) return [text];
  const pieces: string[] = [];
  let last = 0;
  for (const match of text.matchAll(LONG_WORD)) {
    pieces.push(text.slice(last, match.index), ...match[0].match(WORD_PIECE)!);
    last = match.index + match[0].length;
  }
  pieces.push(text.slice(last));
  return pieces.filter((piece) => piece.length > 0);
}
