/**
 * The lexer: a document's Markdown in, its tokens out, for every stage that reads the Markdown
 * (the PDF typesetter, the HTML stage and so the preview): GFM with footnotes, as marked and
 * marked-footnote read it.
 */
import { Marked, type MarkedExtension, Tokenizer } from 'marked';
import markedFootnote from 'marked-footnote';
import { NOTES_TITLE } from './conventions.js';
import type { Block } from './tokens.js';

/**
 * GFM autolinks allow `[` and `^` in a URL, so `https://nato.int[^s1]` would swallow its own
 * citation. This marked extension ends a bare URL where a footnote reference begins.
 */
const footnoteSafeUrls: MarkedExtension = {
  tokenizer: {
    url(src) {
      // A URL has no spaces, so only the first word can hold its citation.
      const citation = /^\S*/.exec(src)![0].indexOf('[^');
      return citation > 0 ? Tokenizer.prototype.url.call(this, src.slice(0, citation)) : false;
    },
  },
};

/**
 * A document's tokens, its footnotes last (marked-footnote moves them there as the tokens are
 * walked, as marked's own parse does). A new Marked per document: marked-footnote keeps the
 * document's footnotes in its closure.
 */
export function lex(markdown: string): Block[] {
  const marked = new Marked({ gfm: true }).use(footnoteSafeUrls, markedFootnote({ description: NOTES_TITLE }));
  const tokens = marked.lexer(markdown);
  const walk = marked.defaults.walkTokens;
  if (walk) marked.walkTokens(tokens, walk);
  // marked types its tokens loosely (any extension may add its own); these are ours.
  return tokens as Block[];
}
