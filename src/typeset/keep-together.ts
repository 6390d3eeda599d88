/**
 * What pages must not split, on the rendered pdfmake content: a heading with what follows it
 * (see keepHeadingsWithNext), and a short box whole. Only what is short enough by measure.ts's
 * estimate is kept together, since pdfmake prints only the first page of an unbreakable block.
 */
import type { Content, TableCell } from 'pdfmake/interfaces.js';
import { estimatedHeight, KEEP_LIMIT } from './measure.js';

/** The table layouts' left padding of a first column, which a caption row does without. */
const CAPTION_INDENT = 4;

/** The table looks of data tables (layout.ts), which a heading over one joins as its caption row. */
const TABLE_LOOKS = new Set(['briefing', 'compact', 'briefingRtl', 'compactRtl']);

/** Lists this short move to the next page whole with the heading over them, if not too tall. */
const KEEPABLE_LIST_ITEMS = 10;
/** Items of a longer list that go with the heading over it; the rest may start a page. */
const LIST_ITEMS_KEPT = 2;

/** The parts of a block of pdfmake content that keeping together reads and writes. */
type ContentBlock = {
  headlineLevel?: number;
  pageBreak?: string;
  table?: { body: TableCell[][]; headerRows?: number; captionRows?: number };
  layout?: string;
  ol?: Content[];
  ul?: Content[];
  start?: number;
  stack?: Content[];
  unbreakable?: boolean;
};

/** What makes a heading a link target and a bookmark: it must mark one place only. */
const ANCHOR_FIELDS = ['id', 'outline', 'outlineText', 'outlineParentId'] as const;

/**
 * Headings are not stranded at the foot of a page. A heading over a data table becomes the
 * table's first header row (so it also heads the table's continuation pages); a heading over
 * a short block goes into one unbreakable stack with it, and over a long or tall list with its
 * first items. A block too tall for that stays breakable (pdfmake prints only the first page
 * of an unbreakable block). Consecutive headings go together, joined from the last one back.
 * A document's title (h1) opens a page already. This keeps pdfmake's layout to a single pass.
 */
export function keepHeadingsWithNext(blocks: Content[], width: number): Content[] {
  const out: ContentBlock[] = [];
  for (let i = blocks.length - 1; i >= 0; i--) {
    const block = blocks[i] as ContentBlock;
    const next = out[0];
    if (next && block.headlineLevel && block.headlineLevel >= 2) out.splice(0, 1, ...keepWith(block, next, width));
    else out.unshift(block);
  }
  return out as Content[];
}

function keepWith(heading: ContentBlock, next: ContentBlock, width: number): ContentBlock[] {
  const { pageBreak, ...caption } = heading;
  const placed = pageBreak ? { pageBreak } : {};
  if (next.table && next.layout && TABLE_LOOKS.has(next.layout)) {
    const columns = next.table.body[0]!.length;
    // The margin undoes the cell padding, so the heading lines up with the text above it.
    const indent = next.layout.endsWith('Rtl') ? { marginRight: -CAPTION_INDENT } : { marginLeft: -CAPTION_INDENT };
    next.table.body.unshift([
      { ...withoutAnchor(caption), colSpan: columns, ...indent } as TableCell,
      ...Array.from({ length: columns - 1 }, () => ({})),
    ]);
    next.table.headerRows = (next.table.headerRows ?? 0) + 1;
    next.table.captionRows = (next.table.captionRows ?? 0) + 1;
    anchorInFirstRow(next.table, caption);
    return [{ ...next, ...placed }];
  }
  const together: ContentBlock = { stack: [caption as Content, next as Content], unbreakable: true, ...placed };
  const items = next.ol ?? next.ul;
  if (!(items && items.length > KEEPABLE_LIST_ITEMS) && estimatedHeight(together as Content, width) <= KEEP_LIMIT)
    return [together];
  // A long or tall list: the heading goes with as many of its first items as fit the limit.
  let kept = items ? Math.min(LIST_ITEMS_KEPT, items.length - 1) : 0;
  while (kept > 0 && estimatedHeight([caption as Content, ...items!.slice(0, kept)], width) > KEEP_LIMIT) kept--;
  if (kept === 0) return [heading, next]; // too tall to keep whole: pdfmake would cut it off
  const list = next.ol ? 'ol' : 'ul';
  const start = next.start ?? 1;
  // A list's numbers take the width of its widest; pad the kept part's to the rest's.
  const digits = (n: number) => String(n).length;
  const pad = next.ol ? '\u2007'.repeat(digits(start + items!.length - 1) - digits(start + kept - 1)) : '';
  const first = { ...next, [list]: items!.slice(0, kept), marginBottom: 0, ...(pad ? { separator: `.${pad}` } : {}) };
  const rest = { ...next, [list]: items!.slice(kept), ...(next.ol ? { start: start + kept } : {}) };
  return [{ stack: [caption as Content, first as Content], unbreakable: true, ...placed }, rest];
}

function withoutAnchor(heading: ContentBlock): ContentBlock {
  const rest: Record<string, unknown> = { ...heading };
  for (const field of ANCHOR_FIELDS) delete rest[field];
  return rest as ContentBlock;
}

/**
 * pdfmake repeats a table's header rows on each page by copying their lines, link target and
 * bookmark included; so a caption's anchor goes, as an invisible line, into the first cell of
 * the table's first row of data, which is never repeated. Anchors keep the headings' order.
 */
function anchorInFirstRow(table: NonNullable<ContentBlock['table']>, heading: ContentBlock): void {
  const row = table.body[table.headerRows ?? 0];
  const fields = Object.fromEntries(
    ANCHOR_FIELDS.filter((f) => f in heading).map((f) => [f, heading[f as keyof ContentBlock]]),
  );
  if (!row || !('id' in fields || 'outline' in fields)) return;
  const cell = row[0] as {
    stack?: Content[];
    anchored?: boolean;
    colSpan?: number;
    rowSpan?: number;
    fillColor?: string;
  };
  const anchor = { text: '\u200B', fontSize: 0.01, lineHeight: 1, ...fields } as Content;
  if (cell.anchored) {
    cell.stack!.unshift(anchor); // an earlier heading than the one already there
    return;
  }
  // Properties of the cell itself stay on it; the rest describe its content.
  const { colSpan, rowSpan, fillColor, ...content } = cell;
  const own = Object.fromEntries(Object.entries({ colSpan, rowSpan, fillColor }).filter(([, v]) => v !== undefined));
  row[0] = { stack: [anchor, content as unknown as Content], anchored: true, ...own } as TableCell;
}

/** A short block (an "If asked" box) is not split over two pages; a tall one must be. */
export function unbreakableIfShort<T extends Content & object>(block: T, width: number): T {
  return estimatedHeight(block, width) <= KEEP_LIMIT ? { ...block, unbreakable: true } : block;
}
