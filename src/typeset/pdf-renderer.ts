/**
 * The PDF typesetter: a renderer over marked's tokens that produces pdfmake content, the way
 * marked's own Renderer produces HTML. Every token's text reaches the page; raw HTML prints
 * as text. Styles are named here and defined in layout.ts.
 */
import { decodeHTMLStrict } from 'entities';
import type { Token, Tokens } from 'marked';
import type { Footnote, FootnoteRef, Footnotes } from 'marked-footnote';
import type { Content, ContentTable, TableCell } from 'pdfmake/interfaces.js';
import { parseDirective } from '../markdown.js';
import { textRuns } from './fonts.js';
import { COMPACT_TEXT, compactStyle } from './layout.js';
import { estimatedHeight, estimatedRowHeight, KEEP_LIMIT, ROW_LIMIT } from './measure.js';

/** A run of text with its inline styling, as pdfmake takes it. */
export interface Inline {
  text: string | Inline[];
  bold?: boolean;
  italics?: boolean;
  font?: string;
  sup?: boolean;
  link?: string;
  linkToDestination?: string;
  decoration?: 'underline' | 'lineThrough';
  color?: string;
  background?: string;
  style?: string;
}

type InlineStyle = Omit<Inline, 'text'>;

export interface RendererOptions {
  /** Width of the text block in points, for rules. */
  contentWidth: number;
  /** Mark headings up to this depth as table-of-contents entries (0: none). */
  tocDepth?: number;
  /** Tighter tables, for a document that should fit one page. */
  compact?: boolean;
  /** Heading over the footnotes (the document's sources). */
  notesTitle?: string;
}

type AnyToken = Token | Footnotes | Footnote | FootnoteRef;

/** The shade of a row that heads a group of rows. */
const GROUP_FILL = '#f2f5f9';

const LIVE_LINK = /^(https?:|mailto:)/i;

export class PdfRenderer {
  private sections = 0;
  private parentSection: string | undefined;

  constructor(private readonly options: RendererOptions) {}

  /** Block tokens to pdfmake content; footnotes (sources) go last, whatever their place. */
  render(tokens: readonly AnyToken[]): Content[] {
    const notes = tokens.filter((t): t is Footnotes => t.type === 'footnotes');
    const body = this.blocks(tokens.filter((t) => t.type !== 'footnotes'));
    return keepHeadingsWithNext([...body, ...notes.flatMap((n) => this.footnotes(n))], this.options.contentWidth);
  }

  /**
   * Blocks in order, obeying layout directives a template may write as HTML comments (which
   * Markdown readers hide): `<!-- pagebreak -->`, `<!-- cover -->…<!-- /cover -->` and
   * `<!-- toc -->…<!-- /toc -->`, whose Markdown contents list becomes one with page numbers.
   */
  private blocks(tokens: readonly AnyToken[]): Content[] {
    const out: Content[] = [];
    let breakBefore = false;
    for (let i = 0; i < tokens.length; i++) {
      const directive = directiveOf(tokens[i]!);
      let content: Content[];
      if (directive === 'pagebreak') {
        breakBefore = out.length > 0;
        continue;
      } else if (directive === 'cover' || directive === 'toc' || directive === 'compact') {
        const end = tokens.findIndex((t, j) => j > i && directiveOf(t) === `/${directive}`);
        const inner = tokens.slice(i + 1, end < 0 ? tokens.length : end);
        i = end < 0 ? tokens.length : end;
        content =
          directive === 'cover'
            ? [this.cover(inner)]
            : directive === 'toc'
              ? [this.toc(inner)]
              : this.blocks(inner).map(compacted);
      } else if (directive) {
        continue;
      } else {
        content = this.block(tokens[i]!);
      }
      if (content.length === 0) continue;
      if (breakBefore) (content[0] as { pageBreak?: string }).pageBreak = 'before';
      breakBefore = false;
      out.push(...content);
    }
    return out;
  }

  /** A cover page: its headings are display type, not sections. */
  private cover(tokens: readonly AnyToken[]): Content {
    const stack = tokens.flatMap((t): Content[] =>
      t.type === 'heading'
        ? [
            {
              text: this.inlines((t as Tokens.Heading).tokens),
              style: `cover${Math.min((t as Tokens.Heading).depth, 2)}`,
            },
          ]
        : this.block(t),
    );
    return { stack, style: 'cover' };
  }

  /** The table of contents, titled by the first heading inside the directive. */
  private toc(tokens: readonly AnyToken[]): Content {
    const heading = tokens.find((t): t is Tokens.Heading => t.type === 'heading');
    const title = heading ? this.inlines(heading.tokens) : this.plain('Contents');
    return { toc: { title: { text: title, style: 'tocTitle' } } } as Content;
  }

  private block(token: AnyToken): Content[] {
    switch (token.type) {
      case 'space':
        return [];
      case 'heading':
        return [this.heading(token as Tokens.Heading)];
      case 'paragraph':
        return [{ text: this.inlines((token as Tokens.Paragraph).tokens), style: 'p' }];
      case 'text': {
        const t = token as Tokens.Text;
        return [{ text: t.tokens ? this.inlines(t.tokens) : this.plain(t.text), style: 'p' }];
      }
      case 'list':
        return [this.list(token as Tokens.List)];
      case 'table':
        return this.table(token as Tokens.Table);
      case 'blockquote':
        return [this.box(this.render((token as Tokens.Blockquote).tokens), 'quote')];
      case 'code':
        return [
          this.box(
            [
              {
                text: this.plain((token as Tokens.Code).text, { font: 'Mono' }),
                style: 'code',
                preserveLeadingSpaces: true,
              },
            ],
            'code',
          ),
        ];
      case 'hr':
        return [this.rule()];
      case 'html':
        return [{ text: this.plain((token as Tokens.HTML).text.trimEnd()), style: 'p' }];
      case 'def':
      case 'footnote': // a definition: printed once, in the sources list
        return [];
      case 'footnotes':
        return this.footnotes(token as Footnotes);
      default: {
        // An unknown block still shows its text rather than vanishing.
        const raw = (token as { text?: string; raw?: string }).text ?? (token as { raw?: string }).raw ?? '';
        return raw.trim() ? [{ text: this.plain(raw.trim()), style: 'p' }] : [];
      }
    }
  }

  private heading(token: Tokens.Heading): Content {
    const text = this.inlines(token.tokens);
    return {
      text,
      style: `h${token.depth}`,
      headlineLevel: token.depth,
      ...this.section(token.depth, plainText(text)),
    } as Content;
  }

  /** Table-of-contents entry and PDF bookmark for a section heading, when the document wants them. */
  private section(depth: number, title: string): object {
    const tocDepth = this.options.tocDepth ?? 0;
    if (depth > tocDepth + 1) return {};
    const toc =
      depth <= tocDepth ? { tocItem: true, tocStyle: `toc${depth}`, tocMargin: [(depth - 1) * 12, 3, 0, 3] } : {};
    if (tocDepth === 0) return toc;
    // Bookmarks nest one level: sections under the document they belong to.
    const id = `section-${++this.sections}`;
    if (depth === 1) this.parentSection = id;
    const parent = depth > 1 && this.parentSection ? { outlineParentId: this.parentSection } : {};
    return { ...toc, id, outline: true, outlineText: title, ...parent };
  }

  private list(token: Tokens.List): Content {
    const items = token.items.map((item) => {
      const blocks = this.listItem(item);
      // pdfmake sets an item's number on its first line of text: an item that opens with a list
      // or a box gets an empty line for it, or the number would be lost or overprinted.
      if (blocks.length === 0 || !('text' in (blocks[0] as object))) blocks.unshift({ text: '\u00a0', style: 'p' });
      return blocks.length === 1 ? blocks[0]! : { stack: blocks };
    });
    return token.ordered
      ? ({ ol: items, start: typeof token.start === 'number' ? token.start : 1, style: 'list' } as Content)
      : ({ ul: items, style: 'list' } as Content);
  }

  private listItem(item: Tokens.ListItem): Content[] {
    // A tight task item starts with its checkbox as a block; a loose one has it in its paragraph.
    const [first, ...rest] = item.tokens;
    if (first?.type !== 'checkbox') return item.tokens.flatMap((t) => this.block(t));
    const blocks = rest.flatMap((t) => this.block(t));
    const text = (blocks[0] as { text?: Inline[] } | undefined)?.text;
    if (Array.isArray(text)) text.unshift(checkbox(first as Tokens.Checkbox));
    else blocks.unshift({ text: [checkbox(first as Tokens.Checkbox)], style: 'p' });
    return blocks;
  }

  /**
   * A table; one with group rows (a bold first cell, the rest empty) is set as a chain of tables
   * with equal columns, one per group, each group row heading its table: so it is never left at
   * the foot of a page without its first row, and it heads its group's continuation page.
   */
  private table(token: Tokens.Table): ContentTable[] {
    const cells = [token.header, ...token.rows].map((row) => row.map((c) => this.inlines(c.tokens)));
    const groups = new Set(cells.flatMap((row, r) => (r > 0 && isGroupRow(row) ? [r] : [])));
    const rows = cells.filter((_, r) => !groups.has(r));
    const sized = columnWidths(rows, this.options.contentWidth);
    // Chained tables line up only with the same fixed widths: a short column gets its estimate.
    const widths = groups.size ? sized.map((w, i) => (w === 'auto' ? autoWidth(rows, i) : w)) : sized;
    const body = cells.map((row, r): TableCell[] =>
      groups.has(r)
        ? [
            { text: row[0]!, style: 'group', fillColor: GROUP_FILL, colSpan: row.length },
            ...row.slice(1).map(() => ({})),
          ]
        : row.map((text, i) => ({
            text,
            // Only what differs from the defaults: style lookups are most of pdfmake's time per cell.
            ...(r === 0 ? { style: 'th' } : {}),
            ...(token.align[i] && token.align[i] !== 'left' ? { alignment: token.align[i]! } : {}),
            // A short column (a date, a time) keeps each entry on one line.
            ...(widths[i] === 'auto' ? { noWrap: true } : {}),
          })),
    );
    // A group right under the header row stays in the first table, with it.
    const starts = [0, ...[...groups].filter((r) => r > 1)];
    return starts.map((start, k) => {
      const part = body.slice(start, starts[k + 1] ?? body.length);
      // Rows are kept whole, unless one is too tall for a page: pdfmake would print only its first page.
      const keepRows = part.every((row) => estimatedRowHeight(row, this.options.contentWidth) <= ROW_LIMIT);
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
        layout: this.options.compact ? 'compact' : 'briefing',
        style: 'table',
        ...(chain.continuation ? { marginTop: 0 } : {}),
        ...(chain.continues ? { marginBottom: 0 } : {}),
      };
    });
  }

  private box(stack: Content[], kind: 'quote' | 'code'): Content {
    // Paragraphs in a box sit closer than in running text.
    for (const block of stack)
      if ((block as { style?: string }).style === 'p') (block as { style?: string }).style = 'boxed';
    const box: ContentTable = { table: { widths: ['*'], body: [[{ stack }]] }, layout: kind, style: kind };
    // A short box (an "If asked" line) is not split over two pages; a tall one must be.
    return estimatedHeight(box, this.options.contentWidth) <= KEEP_LIMIT ? { ...box, unbreakable: true } : box;
  }

  private rule(): Content {
    const width = this.options.contentWidth;
    return {
      canvas: [{ type: 'line', x1: 0, y1: 0, x2: width, y2: 0, lineWidth: 0.5, lineColor: '#888888' }],
      style: 'hr',
    };
  }

  /** The document's footnotes: here, its numbered list of sources. */
  private footnotes(token: Footnotes): Content[] {
    if (token.items.length === 0) return [];
    const items = token.items.map((note) => ({
      stack: note.content.flatMap((t) => this.block(t as Token)),
      id: `note-${note.refs[0]?.id ?? note.label}`,
    }));
    const title = this.options.notesTitle ?? 'Sources';
    return [
      { text: title, style: 'notesTitle', headlineLevel: 2, ...this.section(1, title) } as Content,
      { ol: items, style: 'notes' } as Content,
    ];
  }

  /** Inline tokens to styled text runs. */
  inlines(tokens: readonly AnyToken[] | undefined, style: InlineStyle = {}): Inline[] {
    if (!tokens) return [];
    return tokens.flatMap((token) => this.inline(token, style));
  }

  private inline(token: AnyToken, style: InlineStyle): Inline[] {
    switch (token.type) {
      case 'text': {
        const t = token as Tokens.Text;
        return t.tokens
          ? this.inlines(t.tokens, style)
          : this.plain(t.escaped ? t.text : decodeHTMLStrict(t.text), style);
      }
      case 'escape':
        return this.plain((token as Tokens.Escape).text, style);
      case 'strong':
        return this.inlines((token as Tokens.Strong).tokens, { ...style, bold: true });
      case 'em':
        return this.inlines((token as Tokens.Em).tokens, { ...style, italics: true });
      case 'del':
        return this.inlines((token as Tokens.Del).tokens, { ...style, decoration: 'lineThrough' });
      case 'codespan':
        return this.plain((token as Tokens.Codespan).text, { ...style, font: 'Mono', background: '#eeeeee' });
      case 'br':
        return this.plain('\n', style);
      case 'link': {
        const link = token as Tokens.Link;
        if (!LIVE_LINK.test(link.href)) return this.inlines(link.tokens, style);
        return this.inlines(link.tokens, { ...style, link: link.href, color: '#1a4d8f', decoration: 'underline' });
      }
      case 'image': {
        const image = token as Tokens.Image;
        return this.plain(`[${image.text || image.href}]`, style);
      }
      case 'checkbox':
        return [checkbox(token as Tokens.Checkbox)];
      case 'footnoteRef': {
        const ref = token as FootnoteRef;
        return [{ text: ref.id, ...style, sup: true, linkToDestination: `note-${ref.id}`, style: 'noteRef' }];
      }
      case 'html':
        return this.plain((token as Tokens.Tag).text, style);
      default: {
        const raw = (token as { text?: string; raw?: string }).text ?? (token as { raw?: string }).raw ?? '';
        return this.plain(raw, style);
      }
    }
  }

  /** Literal text, as runs in the fonts that have its scripts. */
  private plain(text: string, style: InlineStyle = {}): Inline[] {
    return breakableWords(text).flatMap((piece) => textRuns(piece, style));
  }
}

/**
 * A block set in the compact scale: its styles' compact variants, tables' compact layout, and
 * the compact text size where its own style sets none (what it holds inherits it).
 */
function compacted(block: Content): Content {
  const restyle = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(restyle);
    if (!node || typeof node !== 'object') return node;
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(node)) {
      if (key === 'style' && typeof value === 'string') out.style = compactStyle(value).name;
      else if (key === 'layout' && value === 'briefing') out.layout = 'compact';
      else out[key] = restyle(value);
    }
    return out;
  };
  const node = restyle(block) as { style?: string };
  const own = (block as { style?: string }).style;
  return (own && compactStyle(own).sized ? node : { ...node, ...COMPACT_TEXT }) as Content;
}

/** A task item's box, as the Markdown shows it. */
function checkbox(token: Tokens.Checkbox): Inline {
  return { text: token.checked ? '[x] ' : '[ ] ', font: 'Mono' };
}

/** A word this long (a URL, an identifier) may not fit a column's width. */
const LONG_WORD = /\S{30,}/gu;
/** The same, as a quick test: a long word starts the text or follows a space. */
const HAS_LONG_WORD = /(?:^|\s)\S{30}/;
/** Characters of a long word per run: narrower than any column. */
const WORD_PIECE = /(?:\P{M}\p{M}*){1,10}/gu;

/**
 * Text with each over-long word cut into runs of a few characters. pdfmake sizes a '*' column
 * to its widest run and lets it run off the page rather than break a word; short runs keep
 * the column within the page, and pdfmake still moves the word whole or breaks it at the
 * edge, as it does for any word wider than the line.
 */
function breakableWords(text: string): string[] {
  if (text.length < 30 || !HAS_LONG_WORD.test(text)) return [text];
  const pieces: string[] = [];
  let last = 0;
  for (const match of text.matchAll(LONG_WORD)) {
    pieces.push(text.slice(last, match.index), ...match[0].match(WORD_PIECE)!);
    last = match.index + match[0].length;
  }
  pieces.push(text.slice(last));
  return pieces.filter((piece) => piece.length > 0);
}

/** The table layouts' left padding of a first column, which a caption row does without. */
const CAPTION_INDENT = 4;

/** Lists this short move to the next page whole with the heading over them, if not too tall. */
const KEEPABLE_LIST_ITEMS = 10;
/** Items of a longer list that go with the heading over it; the rest may start a page. */
const LIST_ITEMS_KEPT = 2;

type Block = {
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
function keepHeadingsWithNext(blocks: Content[], width: number): Content[] {
  const out: Block[] = [];
  for (let i = blocks.length - 1; i >= 0; i--) {
    const block = blocks[i] as Block;
    const next = out[0];
    if (next && block.headlineLevel && block.headlineLevel >= 2) out.splice(0, 1, ...keepWith(block, next, width));
    else out.unshift(block);
  }
  return out as Content[];
}

function keepWith(heading: Block, next: Block, width: number): Block[] {
  const { pageBreak, ...caption } = heading;
  const placed = pageBreak ? { pageBreak } : {};
  if (next.table && (next.layout === 'briefing' || next.layout === 'compact')) {
    const columns = next.table.body[0]!.length;
    // marginLeft undoes the cell padding, so the heading lines up with the text above it.
    next.table.body.unshift([
      { ...withoutAnchor(caption), colSpan: columns, marginLeft: -CAPTION_INDENT } as TableCell,
      ...Array.from({ length: columns - 1 }, () => ({})),
    ]);
    next.table.headerRows = (next.table.headerRows ?? 0) + 1;
    next.table.captionRows = (next.table.captionRows ?? 0) + 1;
    anchorInFirstRow(next.table, caption);
    return [{ ...next, ...placed }];
  }
  const together: Block = { stack: [caption as Content, next as Content], unbreakable: true, ...placed };
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

function withoutAnchor(heading: Block): Block {
  const rest: Record<string, unknown> = { ...heading };
  for (const field of ANCHOR_FIELDS) delete rest[field];
  return rest as Block;
}

/**
 * pdfmake repeats a table's header rows on each page by copying their lines, link target and
 * bookmark included; so a caption's anchor goes, as an invisible line, into the first cell of
 * the table's first row of data, which is never repeated. Anchors keep the headings' order.
 */
function anchorInFirstRow(table: NonNullable<Block['table']>, heading: Block): void {
  const row = table.body[table.headerRows ?? 0];
  const fields = Object.fromEntries(
    ANCHOR_FIELDS.filter((f) => f in heading).map((f) => [f, heading[f as keyof Block]]),
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

/** The layout directive an HTML-comment token carries, if any, as `cover` or `/cover`. */
function directiveOf(token: AnyToken): string | undefined {
  const directive = token.type === 'html' ? parseDirective((token as Tokens.HTML).text) : undefined;
  return directive && `${directive.closing ? '/' : ''}${directive.name}`;
}

/** The text of styled runs, for bookmarks. */
function plainText(runs: Inline[]): string {
  return runs.map((run) => (typeof run.text === 'string' ? run.text : plainText(run.text))).join('');
}

/** Characters of unbroken short columns a line has room for, beside the long ones. */
const SHORT_COLUMNS_BUDGET = 48;
/** A generous width of one character of table text (9 pt), a typical one, and a cell's padding, in points. */
const CHAR_WIDTH = 5.4;
const TYPICAL_CHAR_WIDTH = 4.6;
const CELL_PADDING = 12;

/** A row that only names a group (a bold first cell, the rest empty) spans the table. */
function isGroupRow(row: Inline[][]): boolean {
  const [first, ...rest] = row;
  return row.length > 1 && !!first?.length && first.every((run) => run.bold) && rest.every((cell) => cell.length === 0);
}

/** A short column's width as columnWidths reckons it, as a number. */
function autoWidth(rows: Inline[][][], column: number): number {
  return Math.ceil(Math.max(...rows.map((row) => printedLength(row[column] ?? []))) * CHAR_WIDTH + CELL_PADDING);
}

/** The printed length of a cell: its text without reference marks. */
function printedLength(runs: Inline[]): number {
  return runs.reduce(
    (n, run) => n + (run.sup ? 0 : typeof run.text === 'string' ? run.text.length : printedLength(run.text)),
    0,
  );
}

/**
 * Short columns (dates, times) take their natural width and do not wrap; long columns share
 * the rest in proportion to their longest entry, so a long item is not squeezed beside a
 * short place. The last long column takes exactly what is left, so the table fits the page.
 */
function columnWidths(rows: Inline[][][], contentWidth: number): (string | number)[] {
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
