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

/** A filled rectangle as drawn on a page, in points from the bottom left; `color` as "r,g,b". */
export interface FilledRect {
  x: number;
  y: number;
  width: number;
  height: number;
  color: string;
}

/** Every filled rectangle of each page (rules, fills, change bars), read from its drawing operators. */
export async function filledRects(bytes: Uint8Array): Promise<FilledRect[][]> {
  const { OPS } = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const doc = await getDocument({ data: new Uint8Array(bytes), verbosity: 0, isEvalSupported: false }).promise;
  const pages: FilledRect[][] = [];
  type Matrix = [number, number, number, number, number, number];
  const times = (m: Matrix, n: Matrix): Matrix => [
    m[0] * n[0] + m[1] * n[2],
    m[0] * n[1] + m[1] * n[3],
    m[2] * n[0] + m[3] * n[2],
    m[2] * n[1] + m[3] * n[3],
    m[4] * n[0] + m[5] * n[2] + n[4],
    m[4] * n[1] + m[5] * n[3] + n[5],
  ];
  const apply = (m: Matrix, x: number, y: number) => [m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]] as const;
  for (let p = 1; p <= doc.numPages; p++) {
    const list = await (await doc.getPage(p)).getOperatorList();
    const rects: FilledRect[] = [];
    let ctm: Matrix = [1, 0, 0, 1, 0, 0];
    const saved: Matrix[] = [];
    let color = '0,0,0';
    let path: FilledRect[] = [];
    list.fnArray.forEach((fn, i) => {
      const args = list.argsArray[i] as unknown[];
      if (fn === OPS.save) saved.push(ctm);
      else if (fn === OPS.restore) ctm = saved.pop() ?? ctm;
      else if (fn === OPS.transform) ctm = times(args as Matrix, ctm);
      else if (fn === OPS.setFillRGBColor) color = Object.values(args as object).join(',');
      else if (fn === OPS.constructPath) {
        const [ops, coords] = args as [number[], number[]];
        path = [];
        let at = 0;
        for (const op of ops) {
          if (op === OPS.rectangle) {
            const [x, y, w, h] = coords.slice(at, at + 4) as [number, number, number, number];
            const [x1, y1] = apply(ctm, x, y);
            const [x2, y2] = apply(ctm, x + w, y + h);
            path.push({
              x: Math.min(x1, x2),
              y: Math.min(y1, y2),
              width: Math.abs(x2 - x1),
              height: Math.abs(y2 - y1),
              color,
            });
            at += 4;
          } else
            at +=
              op === OPS.curveTo ? 6 : op === OPS.curveTo2 || op === OPS.curveTo3 ? 4 : op === OPS.closePath ? 0 : 2;
        }
      } else if (fn === OPS.fill || fn === OPS.eoFill || fn === OPS.fillStroke || fn === OPS.eoFillStroke) {
        rects.push(...path.map((r) => ({ ...r, color })));
        path = [];
      } else if (fn === OPS.endPath || fn === OPS.stroke) path = [];
    });
    pages.push(rects);
  }
  await doc.destroy();
  return pages;
}
