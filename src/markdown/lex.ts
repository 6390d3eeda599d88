/**
 * The lexer: a document's Markdown in, its tokens out, for every stage that reads the Markdown
 * (the PDF typesetter, the HTML stage and so the preview): GFM with footnotes, as marked and
 * marked-footnote read it.
 */
import { Lexer, Marked, type MarkedExtension, Tokenizer } from 'marked';
import markedFootnote from 'marked-footnote';
import { DOCUMENT_NESTING } from '../limits.js';
import { NOTES_TITLE, OPENS_WITH_MARKER } from './conventions.js';
import { MarkdownLimitError, mayExceedLimits } from './limits.js';
import type { Block } from './tokens.js';

/**
 * GFM autolinks allow `[` and `^` in a URL, so `https://nato.int[^s1]` would swallow its own
 * citation. This marked extension ends a bare URL where a footnote reference begins.
 */
const footnoteSafeUrls: MarkedExtension = {
  tokenizer: {
    url(src) {
      // marked asks at every character of a word: only where a web address starts is it read on
      // (a long word would be read to its end from each character, quadratic in its length).
      if (!/^(?:https?:\/\/|ftp:\/\/|www\.)/i.test(src)) return false;
      // A URL has no spaces, so only the first word can hold its citation.
      const citation = /^\S*/.exec(src)![0].indexOf('[^');
      return citation > 0 ? Tokenizer.prototype.url.call(this, src.slice(0, citation)) : false;
    },
  },
};

/**
 * A revision marker opening a line of text (`<!--change:c3-->Working luncheon`) would start an
 * HTML block, swallowing the line as raw HTML: the line is read as the paragraph or list item it
 * opens instead, the marker its first inline token.
 */
const markersOpenText: MarkedExtension = {
  tokenizer: {
    html(src) {
      // undefined, not false: false would hand the line to marked's own HTML block.
      return OPENS_WITH_MARKER.test(src) ? undefined : false;
    },
  },
};

/**
 * Stops marked where its recursion passes `nesting` levels: it lexes the blocks inside each
 * quote, list item and footnote, and the text inside each emphasis, link and strikethrough,
 * by calling itself (the document's own call is level 0).
 */
function limitNesting(lexer: Lexer, nesting: number): void {
  const methods = lexer as unknown as Record<'blockTokens' | 'inlineTokens', (...args: unknown[]) => unknown>;
  for (const method of ['blockTokens', 'inlineTokens'] as const) {
    const lexTokens = methods[method].bind(lexer);
    let depth = -1;
    methods[method] = (...args) => {
      if (++depth > nesting) throw new MarkdownLimitError('nesting', nesting);
      try {
        return lexTokens(...args);
      } finally {
        depth--;
      }
    };
  }
}

const isStackOverflow = (error: unknown) => error instanceof RangeError && /call stack/i.test(error.message);

/**
 * A document's tokens, its footnotes last (marked-footnote moves them there as the tokens are
 * walked, as marked's own parse does). A new Marked per document: marked-footnote keeps the
 * document's footnotes in its closure; `notesTitle` heads them. Markdown nested deeper than `nesting`, or with a block
 * too long for marked's regular expressions, is a MarkdownLimitError.
 */
export function lex(markdown: string, nesting = DOCUMENT_NESTING, notesTitle = NOTES_TITLE): Block[] {
  const marked = new Marked({ gfm: true }).use(
    footnoteSafeUrls,
    markersOpenText,
    markedFootnote({ description: notesTitle }),
  );
  const lexer = new Lexer(marked.defaults);
  limitNesting(lexer, nesting);
  let tokens: ReturnType<Lexer['lex']>;
  try {
    tokens = lexer.lex(markdown);
  } catch (error) {
    // Nesting is limited above, so what overflows is a regular expression on a huge block.
    throw isStackOverflow(error) ? new MarkdownLimitError('size', nesting) : error;
  }
  const walk = marked.defaults.walkTokens;
  if (walk) marked.walkTokens(tokens, walk);
  // marked types its tokens loosely (any extension may add its own); these are ours.
  return tokens as Block[];
}

/** Why this Markdown cannot be read within the limits (see limits.ts), if it cannot. */
export function markdownProblem(markdown: string, nesting: number): string | undefined {
  if (!mayExceedLimits(markdown, nesting)) return undefined;
  try {
    lex(markdown, nesting);
    return undefined;
  } catch (error) {
    if (error instanceof MarkdownLimitError) return error.message;
    throw error;
  }
}
