/** Typesetting stage: Markdown in, a pdfmake document definition out. */
import type { TDocumentDefinitions } from 'pdfmake/interfaces.js';
import { lex } from '../markdown/lex.js';
import { furnitureOf, type PageFrame } from './frame.js';
import type { PrintImages } from './images.js';
import { contentWidth, documentDefinition } from './layout.js';
import { PdfRenderer } from './renderer.js';

export interface TypesetOptions {
  /** Headings up to this depth become table-of-contents entries; 0 for none. */
  tocDepth?: number;
  /** Smaller type and tighter spacing, for a document that should fit one page. */
  compact?: boolean;
}

/** `images`: every image the Markdown shows and the frame's emblem, by ref. */
export function typeset(
  source: string,
  frame: PageFrame,
  options: TypesetOptions = {},
  images?: PrintImages,
): TDocumentDefinitions {
  const words = furnitureOf(frame);
  const renderer = new PdfRenderer({
    contentWidth: contentWidth(frame.paper, frame.sheet),
    sheet: frame.sheet,
    tocDepth: options.tocDepth,
    compact: options.compact,
    contentsTitle: words.contents,
    notesTitle: words.sources,
    direction: frame.direction,
    lang: frame.lang,
    images,
  });
  return documentDefinition(renderer.render(lex(source, undefined, words.sources)), frame, options.compact, images);
}
