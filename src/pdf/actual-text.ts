/**
 * Text in scripts whose glyphs are drawn out of the text's order, or whose marks sit on their
 * bases by offsets (Devanagari, Malayalam, Thai, …), is drawn inside a marked-content span
 * whose /ActualText is the text as written: pdftotext (poppler) reads that instead of guessing
 * the order from the glyphs' places, which puts a Thai vowel sign on a line of its own and a
 * Devanagari vowel sign after the punctuation that follows it. pdf.js reads the glyphs, each of
 * which stands for its own text (fonts.ts, clusters.ts). Right-to-left text is left to the
 * glyphs: its order is the bidi stage's. This is a correction: it stays with every patch off.
 */

/** Scripts set with reordering or positioned marks, left to right. */
const REORDERED =
  /[\p{Script=Devanagari}\p{Script=Bengali}\p{Script=Gurmukhi}\p{Script=Gujarati}\p{Script=Oriya}\p{Script=Tamil}\p{Script=Telugu}\p{Script=Kannada}\p{Script=Malayalam}\p{Script=Sinhala}\p{Script=Thai}\p{Script=Lao}\p{Script=Tibetan}\p{Script=Myanmar}\p{Script=Khmer}]/u;
/** Letters fontkit sets right to left: a run of them is reversed when shaped (bidi.ts orders the words). */
export const SHAPED_RIGHT_TO_LEFT =
  /[\p{Script=Arabic}\p{Script=Hebrew}\p{Script=Syriac}\p{Script=Thaana}\p{Script=Nko}]/u;

/** Whether a string drawn as one piece should carry its text as written. */
export function needsActualText(text: string): boolean {
  return REORDERED.test(text) && !SHAPED_RIGHT_TO_LEFT.test(text);
}

/** What of pdfkit's document text is drawn with: text(), and addContent, which writes its operators. */
export interface MarkingDocument {
  text(text: unknown, ...rest: unknown[]): unknown;
  addContent(content: string): unknown;
}

export interface PdfDocumentClass {
  prototype: MarkingDocument;
}

/** A PDF text string: UTF-16BE with its byte-order mark, as hex. */
function textString(text: string): string {
  const bytes = Buffer.from(`\ufeff${text}`, 'utf16le').swap16();
  return `<${bytes.toString('hex')}>`;
}

/**
 * What `draw` draws on a document, inside a marked-content span whose /ActualText is `written`.
 * pdfkit draws each text() call as one text object ('BT' … 'ET'); the span opens and closes
 * inside it, where the glyphs' coordinates hold, so that poppler places the text where its
 * glyphs are.
 */
export function drawnAsWritten<T>(doc: MarkingDocument, written: string, draw: () => T): T {
  const addContent = doc.addContent;
  const span = `/Span <</ActualText ${textString(written)}>> BDC`;
  doc.addContent = function (this: MarkingDocument, content: string) {
    if (content === 'ET') addContent.call(this, 'EMC');
    addContent.call(this, content);
    if (content === 'BT') addContent.call(this, span);
    return this;
  };
  try {
    return draw();
  } finally {
    doc.addContent = addContent;
  }
}

/** pdfmake's document (pdfkit's, extended) draws such text inside an /ActualText span. */
export function textAsWritten(PDFDocument: PdfDocumentClass): void {
  const text = PDFDocument.prototype.text;
  PDFDocument.prototype.text = function (this: MarkingDocument, value: unknown, ...rest: unknown[]) {
    if (typeof value !== 'string' || !needsActualText(value)) return text.call(this, value, ...rest);
    return drawnAsWritten(this, value, () => text.call(this, value, ...rest));
  };
}
