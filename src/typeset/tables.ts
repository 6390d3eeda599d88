/**
 * Tables: a Markdown table to pdfmake tables. Rows are never split (unless one is too tall for
 * a page), and a row that only names a group of rows spans the table and heads its group.
 */
import type { ContentTable, TableCell } from 'pdfmake/interfaces.js';
import type { Sheet } from '../docs.js';
import type * as md from '../markdown/tokens.js';
import type { Direction } from '../model/lang.js';
import { leadingChange } from './change-marks.js';
import { autoWidth, columnWidths, type Row } from './columns.js';
import { inlines } from './inline.js';
import { estimatedRowHeight, ROW_LIMIT } from './measure.js';
import { GROUP_FILL } from './palette.js';

export interface TableOptions {
  contentWidth: number;
  /** Tighter rows, for a document that should fit one page. */
  compact?: boolean;
  /** Right to left: the first column on the right, each cell's alignment mirrored. */
  direction?: Direction;
  /** The document's language, for the text of the cells. */
  lang?: string;
  /** A pocket card's tables: roomier rows, and the first column (the times) in the large `lead` style. */
  sheet?: Sheet;
  /** Marks a row whose first cell opens with a change marker (its cells, as set). */
  mark?: (change: string, row: TableCell[]) => void;
}

const MIRRORED_ALIGNMENT = { left: 'right', right: 'left', center: 'center' } as const;

/**
 * A table; one with group rows (a bold first cell, the rest empty) is set as a chain of tables
 * with equal columns, one per group, each group row heading its table: so it is never left at
 * the foot of a page without its first row, and it heads its group's continuation page.
 */
export function tables(token: md.Table, options: TableOptions): ContentTable[] {
  const rtl = options.direction === 'rtl';
  const card = options.sheet === 'card';
  // The first column as written: the last as laid out right to left.
  const lead = rtl ? token.header.length - 1 : 0;
  // Right to left, each row is read from its end, and a Markdown alignment means the other side.
  const ordered = <T>(row: T[]) => (rtl ? [...row].reverse() : row);
  const align = ordered(token.align.map((a) => (a && rtl ? MIRRORED_ALIGNMENT[a] : a)));
  const cells = [token.header, ...token.rows].map((row) =>
    ordered(row.map((c) => inlines(c.tokens, options.lang ? { lang: options.lang } : {}))),
  );
  const groups = new Set(cells.flatMap((row, r) => (r > 0 && isGroupRow(ordered(row)) ? [r] : [])));
  const rows = cells.filter((_, r) => !groups.has(r));
  const sized = columnWidths(rows, options.contentWidth);
  // Chained tables line up only with the same fixed widths: a short column gets its estimate.
  const widths = groups.size ? sized.map((w, i) => (w === 'auto' ? autoWidth(rows, i) : w)) : sized;
  const body = cells.map((row, r): TableCell[] =>
    groups.has(r)
      ? [
          { text: ordered(row)[0]!, style: 'group', fillColor: GROUP_FILL, colSpan: row.length },
          ...row.slice(1).map(() => ({})),
        ]
      : row.map((text, i) => ({
          text,
          // Only what differs from the defaults: style lookups are most of pdfmake's time per cell.
          ...(r === 0 ? { style: 'th' } : card && i === lead ? { style: 'lead' } : {}),
          ...(align[i] && align[i] !== (rtl ? 'right' : 'left') ? { alignment: align[i]! } : {}),
          // A short column (a date, a time) keeps each entry on one line.
          ...(widths[i] === 'auto' ? { noWrap: true } : {}),
        })),
  );
  if (options.mark)
    [token.header, ...token.rows].forEach((row, r) => {
      const change = leadingChange(row[0]?.tokens);
      if (change) options.mark!(change, body[r]!);
    });
  // A group right under the header row stays in the first table, with it.
  const starts = [0, ...[...groups].filter((r) => r > 1)];
  return starts.map((start, k) => {
    const part = body.slice(start, starts[k + 1] ?? body.length);
    // Rows are kept whole, unless one is too tall for a page: pdfmake would print only its first page.
    const keepRows = part.every((row) => estimatedRowHeight(row, options.contentWidth) <= ROW_LIMIT);
    // The first table keeps its header with its first group row and that group's first row.
    const kept = k === 0 && groups.has(1) ? 2 : 1;
    const chain = { continues: k < starts.length - 1, continuation: k > 0 };
    return {
      table: {
        headerRows: 1,
        dontBreakRows: keepRows,
        keepWithHeaderRows: keepRows ? kept : 0,
        widths,
        body: part,
        ...chain,
      },
      layout: `${card ? 'card' : options.compact ? 'compact' : 'briefing'}${rtl ? 'Rtl' : ''}`,
      style: 'table',
      ...(chain.continuation ? { marginTop: 0 } : {}),
      ...(chain.continues ? { marginBottom: 0 } : {}),
    };
  });
}

/** A row that only names a group (a bold first cell, the rest empty) spans the table. */
function isGroupRow(row: Row): boolean {
  const [first, ...rest] = row;
  return row.length > 1 && !!first?.length && first.every((run) => run.bold) && rest.every((cell) => cell.length === 0);
}
