/** Table column widths, from the printed length of each column's entries. */
import type { Run } from './inline.js';

/** A row of cells, each cell its styled runs. */
export type Row = Run[][];

/** Characters of unbroken short columns a line has room for, beside the long ones. */
const SHORT_COLUMNS_BUDGET = 48;
/** A generous width of one character of table text (9 pt), a typical one, and a cell's padding, in points. */
const CHAR_WIDTH = 5.4;
const TYPICAL_CHAR_WIDTH = 4.6;
const CELL_PADDING = 12;

/**
 * Short columns (dates, times) take their natural width ('auto') and do not wrap; long columns
 * share the rest in proportion to their longest entry, so a long item is not squeezed beside a
 * short place. The last long column takes exactly what is left ('*'), so the table fits the page.
 */
export function columnWidths(rows: Row[], contentWidth: number): (string | number)[] {
  const lengths = rows[0]!.map((_, i) => Math.max(...rows.map((row) => printedLength(row[i] ?? []))));
  const widths: (string | number)[] = lengths.map(() => '*');
  let budget = SHORT_COLUMNS_BUDGET;
  for (const i of lengths.map((_, i) => i).sort((a, b) => lengths[a]! - lengths[b]!)) {
    if (i === lengths.length - 1) continue;
    if (lengths[i]! > 24 || lengths[i]! > budget) break;
    widths[i] = 'auto';
    budget -= lengths[i]!;
  }
  const long = lengths.map((_, i) => i).filter((i) => widths[i] === '*');
  const shortWidth = lengths.reduce((w, len, i) => (widths[i] === 'auto' ? w + len * CHAR_WIDTH + CELL_PADDING : w), 0);
  const room = contentWidth - shortWidth;
  const total = long.reduce((n, i) => n + Math.max(lengths[i]!, 12), 0);
  const fixed = long.slice(0, -1);
  // Each its share of the room, or enough for its longest entry on one line if that is modest.
  const shares = fixed.map((i) =>
    Math.min(
      Math.max(lengths[i]! / total, Math.min((lengths[i]! * TYPICAL_CHAR_WIDTH + CELL_PADDING) / room, 0.4), 0.2),
      0.6,
    ),
  );
  // Never so much that the last column, which takes what is left, gets under a fifth.
  const limit = 0.8 - (long.length * CELL_PADDING) / room;
  const sum = shares.reduce((a, b) => a + b, 0);
  const scale = sum > limit ? limit / sum : 1;
  fixed.forEach((i, k) => {
    widths[i] = Math.floor(room * shares[k]! * scale);
  });
  return widths;
}

/** A short column's width as columnWidths reckons it, as a number. */
export function autoWidth(rows: Row[], column: number): number {
  return Math.ceil(Math.max(...rows.map((row) => printedLength(row[column] ?? []))) * CHAR_WIDTH + CELL_PADDING);
}

/** The printed length of a cell: its text without reference marks. */
function printedLength(runs: Run[]): number {
  return runs.reduce(
    (n, run) => n + (run.sup ? 0 : typeof run.text === 'string' ? run.text.length : printedLength(run.text)),
    0,
  );
}
