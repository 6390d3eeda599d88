/** Reads PDFs the way a checker would: text per page, from the bytes alone. */
import { readFileSync } from 'node:fs';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

export interface PdfText {
  /** Each page's text in content-stream order. */
  pages: string[];
  /** Each page's lines as printed, top to bottom (runs at one height joined left to right). */
  lines: string[][];
  /** Each page's text runs with where they start (points from the bottom left), width and height. */
  runs: { x: number; y: number; str: string; width: number; height: number }[][];
  info: Record<string, unknown>;
  outline: string[];
}

export async function readPdf(pathOrBytes: string | Uint8Array): Promise<PdfText> {
  const data =
    typeof pathOrBytes === 'string' ? new Uint8Array(readFileSync(pathOrBytes)) : new Uint8Array(pathOrBytes);
  const doc = await getDocument({ data, useSystemFonts: false, isEvalSupported: false, verbosity: 0 }).promise;
  const pages: string[] = [];
  const lines: string[][] = [];
  const runs: PdfText['runs'] = [];
  for (let i = 1; i <= doc.numPages; i++) {
    const page = await doc.getPage(i);
    const content = await page.getTextContent();
    let text = '';
    const rows = new Map<number, { x: number; str: string; width: number; height: number }[]>();
    for (const item of content.items) {
      if (!('str' in item)) continue;
      text += item.str + (item.hasEOL ? '\n' : '');
      if (!item.str.trim()) continue;
      const y = Math.round(item.transform[5] as number);
      rows.set(y, [
        ...(rows.get(y) ?? []),
        { x: item.transform[4] as number, str: item.str, width: item.width, height: item.height },
      ]);
    }
    pages.push(text);
    runs.push([...rows].flatMap(([y, row]) => row.map(({ x, str, width, height }) => ({ x, y, str, width, height }))));
    lines.push(
      [...rows]
        .sort(([a], [b]) => b - a)
        .map(([, runs]) =>
          flat(
            runs
              .sort((a, b) => a.x - b.x)
              .map((r) => r.str)
              .join(' '),
          ),
        ),
    );
  }
  const meta = await doc.getMetadata();
  const outline = ((await doc.getOutline()) ?? []).flatMap(function walk(node): string[] {
    return [node.title, ...(node.items ?? []).flatMap(walk)];
  });
  await doc.destroy();
  return { pages, lines, runs, info: meta.info as Record<string, unknown>, outline };
}

/** All text of a PDF with line breaks and runs of spaces folded to single spaces. */
export function flat(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
