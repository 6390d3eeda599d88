/**
 * Extensions to marked shared by the stages that read the documents' Markdown (the PDF
 * typesetter and the HTML stage). Apart from src/markdown.ts, so that writing Markdown
 * (the templates' helpers) never loads marked.
 */
import { type MarkedExtension, Tokenizer } from 'marked';

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
