/** Reads PDFs the way a checker would: text per page, from the bytes alone. */
import { readFileSync } from 'node:fs';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

export interface PdfText {
  pages: string[];
  info: Record<string, unknown>;
  outline: string[];
}

export async function readPdf(pathOrBytes: string | Uint8Array): Promise<PdfText> {
  const data = typeof pathOrBytes === 'string' ? new Uint8Array(readFileSync(pathOrBytes)) : new Uint8Array(pathOrBytes);
  const doc = await getDocument({ data, useSystemFonts: false, isEvalSupported: false, verbosity: 0 }).promise;
  const pages: string[] = [];
  for (let i = 1; i <= doc.numPages; i++) {
    const page = await doc.getPage(i);
    const content = await page.getTextContent();
    let text = '';
    for (const item of content.items) {
      if (!('str' in item)) continue;
      text += item.str + (item.hasEOL ? '\n' : '');
    }
    pages.push(text);
  }
  const meta = await doc.getMetadata();
  const outline = ((await doc.getOutline()) ?? []).flatMap(function walk(node): string[] {
    return [node.title, ...(node.items ?? []).flatMap(walk)];
  });
  await doc.destroy();
  return { pages, info: meta.info as Record<string, unknown>, outline };
}

/** All text of a PDF with line breaks and runs of spaces folded to single spaces. */
export function flat(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
