/** Typesetting stage: Markdown in, a pdfmake document definition out. */
import type { TDocumentDefinitions } from 'pdfmake/interfaces.js';
import { lex } from '../markdown/lex.js';
import { ChangeMarks } from './change-marks.js';
import { furnitureOf, type PageFrame } from './frame.js';
import type { PrintImages } from './images.js';
import { changeBarLook, contentWidth, documentDefinition } from './layout.js';
import { PdfRenderer } from './renderer.js';

export interface TypesetOptions {
  /** Headings up to this depth become table-of-contents entries; 0 for none. */
  tocDepth?: number;
  /** Smaller type and tighter spacing, for a document that should fit one page. */
  compact?: boolean;
}

/** A document definition, and the changes it marks (their pages known once it is made into a PDF). */
export interface Typeset {
  doc: TDocumentDefinitions;
  changes: ChangeMarks;
}

/** `images`: every image the Markdown shows and the frame's emblem, by ref. */
export function typeset(
  source: string,
  frame: PageFrame,
  options: TypesetOptions = {},
  images?: PrintImages,
): TDocumentDefinitions {
  return typesetMarked(source, frame, options, images).doc;
}

/**
 * Typesets a document with its revision markers: change bars beside changed blocks, and each
 * page reference resolved within the document or from `pageRefs` ("DOC/ID" → page).
 */
export function typesetMarked(
  source: string,
  frame: PageFrame,
  options: TypesetOptions = {},
  images?: PrintImages,
  pageRefs?: Readonly<Record<string, number>>,
  /** The pages of this document's own changes, from an earlier setting of it. */
  own?: Readonly<Record<string, number>>,
): Typeset {
  const words = furnitureOf(frame);
  const changes = new ChangeMarks(changeBarLook(frame), words.onPage);
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
    marks: changes,
  });
  const content = renderer.render(lex(source, undefined, words.sources));
  if (source.includes('<!--pageref:')) changes.resolvePageRefs(content, pageRefs, own);
  return { doc: documentDefinition(content, frame, options.compact, images), changes };
}
