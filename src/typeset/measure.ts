/**
 * Rough heights of pdfmake content, erring high. pdfmake prints only the first page of an
 * unbreakable block, so a block is kept together on one page only when this estimate shows
 * it to be short; what pdfmake would really set is known only after its layout.
 */
import type { Content } from 'pdfmake/interfaces.js';
import { scriptRuns } from './fonts.js';

/** The tallest block kept unbreakable: a third of the shortest page's text block. */
export const KEEP_LIMIT = 240;
/** The tallest table row kept whole: well under the shortest page's text block (Letter, 676 pt). */
export const ROW_LIMIT = 450;

/** A line of 10 pt text at the document's line height, rounded up. */
const LINE = 16;
/** An average Latin character at 10 pt, taken wide so that lines come out many. */
const CHAR = 6;
/** Space after a paragraph, list or table. */
const GAP = 8;
/** A list's numbers or bullets, or a cell's padding, take this much of the width. */
const INDENT = 20;

export function estimatedHeight(node: Content | undefined, width: number): number {
  if (node === undefined || node === null) return 0;
  if (typeof node === 'string') return textHeight(node, width);
  if (Array.isArray(node)) return node.reduce((sum: number, child: Content) => sum + estimatedHeight(child, width), 0);
  const block = node as unknown as Record<string, unknown>;
  if ('text' in block) return textHeight(flatText(block.text), width) + GAP;
  if (Array.isArray(block.stack)) return estimatedHeight(block.stack as Content[], width);
  const items = block.ol ?? block.ul;
  if (Array.isArray(items)) return estimatedHeight(items as Content[], width - INDENT) + GAP;
  const table = block.table as { body?: Content[][] } | undefined;
  if (table?.body) return tableHeight(table.body, width) + GAP;
  if ('canvas' in block) return GAP * 2;
  if ('image' in block) return Number(block.height) + GAP;
  // A cell that a neighbour spans is empty; anything else unknown counts as too tall to keep.
  return Object.keys(block).length === 0 ? 0 : Infinity;
}

function tableHeight(body: Content[][], width: number): number {
  return body.reduce((sum, row) => sum + estimatedRowHeight(row as object[], width), 0);
}

/** A table row's height: its tallest cell, at the cell's share of the width. */
export function estimatedRowHeight(row: readonly object[], width: number): number {
  const cells = row.map((cell) => {
    const span = (cell as { colSpan?: number }).colSpan ?? 1;
    return estimatedHeight(cell as Content, (width * span) / row.length - INDENT / 2);
  });
  return Math.max(0, ...cells) + 4;
}

function textHeight(text: string, width: number): number {
  // Words wrap before the edge: count a line as holding four fifths of what would fit.
  const perLine = Math.max(1, Math.floor((width * 0.8) / CHAR));
  return text.split('\n').reduce((sum, line) => sum + Math.max(1, Math.ceil(printedWidth(line) / perLine)) * LINE, 0);
}

/** Characters of a line in average-Latin widths: Hangul and other CJK are about twice as wide. */
export function printedWidth(line: string): number {
  if (!/[\u1100-\uffff]/.test(line)) return line.length; // no CJK possible: the common case
  return scriptRuns(line).reduce((width, run) => width + (run.cjk ? 2 : 1) * run.text.length, 0);
}

function flatText(text: unknown): string {
  if (typeof text === 'string') return text;
  if (Array.isArray(text)) return text.map(flatText).join('');
  return text && typeof text === 'object' && 'text' in text ? flatText((text as { text: unknown }).text) : '';
}
