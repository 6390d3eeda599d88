/**
 * Page design: paper, margins, type scale, table looks, and the running header and footer
 * that carry the handling marking, the title and "page X of Y" on every page.
 */
import type { Content, ContentTable, CustomTableLayout, TDocumentDefinitions } from 'pdfmake/interfaces.js';
import type { Sheet } from '../docs.js';
import { fillPlaceholders } from '../model/placeholders.js';
import type { Paper } from '../model/visit.js';
import type { BarLook } from './change-marks.js';
import { textRuns } from './fonts.js';
import { furnitureOf, type PageFrame } from './frame.js';
import { imageDictionary, imageOf, type PrintImages, printedSize, RUNNING_EMBLEM } from './images.js';
import { printedWidth } from './measure.js';
import { ACCENT, CODE_FILL, HEADING_FILL, INK, QUOTE_FILL, RULE } from './palette.js';

export const PAGE_SIZES: Record<Paper, { width: number; height: number }> = {
  A4: { width: 595.28, height: 841.89 },
  LETTER: { width: 612, height: 792 },
};

/** A pocket card cut from the paper: A6 from A4, 4 × 6 in (an index card) from Letter. */
export const CARD_SIZES: Record<Paper, { width: number; height: number }> = {
  A4: { width: 297.64, height: 419.53 },
  LETTER: { width: 288, height: 432 },
};

/** How a sheet is laid out: its size, its margins and where its furniture stands. */
interface SheetDesign {
  sizes: Record<Paper, { width: number; height: number }>;
  /** Left, top, right, bottom: room above and below for the running header and footer. */
  margins: [number, number, number, number];
  /** Where the header and the footer start, from the sheet's top edge and the content's foot. */
  headerTop: number;
  footerTop: number;
  /** Whether the header carries the running title (a card has no room for it; its first side names the visit). */
  runningTitle: boolean;
}

const SHEETS: Record<Sheet, SheetDesign> = {
  page: { sizes: PAGE_SIZES, margins: [56, 62, 56, 54], headerTop: 20, footerTop: 14, runningTitle: true },
  card: { sizes: CARD_SIZES, margins: [20, 38, 20, 44], headerTop: 12, footerTop: 10, runningTitle: false },
};

const designOf = (frame: Pick<PageFrame, 'sheet'>): SheetDesign => SHEETS[frame.sheet ?? 'page'];

/** The width of the text block on a sheet of this paper. */
export function contentWidth(paper: Paper, sheet: Sheet = 'page'): number {
  const { sizes, margins } = SHEETS[sheet];
  return sizes[paper].width - margins[0] - margins[2];
}

const captionRows = (node: ContentTable): number => (node.table as { captionRows?: number }).captionRows ?? 0;
/** Where a table stands in a chain of tables set as one (one per group of rows). */
const chain = (node: ContentTable) => node.table as { continues?: boolean; continuation?: boolean };

export const TABLE_LAYOUTS: Record<string, CustomTableLayout> = {
  // A table may open with a caption row (the heading over it): no rules or fill there.
  briefing: {
    hLineWidth: (i, node) => {
      const { continues, continuation } = chain(node);
      const last = i === node.table.body.length;
      if (last) return continues ? 0.4 : 0.8;
      if (continuation) return i === 0 ? 0 : 0.4; // the table above drew the rule over its group row
      const caption = captionRows(node);
      if (i < caption) return 0;
      return i === caption || i === caption + 1 ? 0.8 : 0.4;
    },
    vLineWidth: () => 0,
    hLineColor: (i, node) => (!chain(node).continuation && i <= captionRows(node) + 1 ? ACCENT : RULE),
    fillColor: (row, node) => (!chain(node).continuation && row === captionRows(node) ? HEADING_FILL : null),
    paddingLeft: (i) => (i === 0 ? 4 : 8),
    paddingRight: () => 4,
    paddingTop: () => 2,
    paddingBottom: () => 2,
  },
  /** The same look, tighter, for compact documents. */
  get compact(): CustomTableLayout {
    return { ...TABLE_LAYOUTS.briefing!, paddingTop: () => 1.2, paddingBottom: () => 1.2 };
  },
  /** Right to left: the first column is the rightmost. */
  get briefingRtl(): CustomTableLayout {
    return mirroredPadding(TABLE_LAYOUTS.briefing!);
  },
  get compactRtl(): CustomTableLayout {
    return mirroredPadding(TABLE_LAYOUTS.compact!);
  },
  /** A pocket card's programme: rows with room around them, for the large times. */
  get card(): CustomTableLayout {
    return { ...TABLE_LAYOUTS.briefing!, paddingTop: () => 4, paddingBottom: () => 4 };
  },
  get cardRtl(): CustomTableLayout {
    return mirroredPadding(TABLE_LAYOUTS.card!);
  },
  /** Right to left, the bar on the right. */
  get quoteRtl(): CustomTableLayout {
    return {
      ...TABLE_LAYOUTS.quote!,
      vLineWidth: (i, node) => (i === node.table.widths!.length ? 2.5 : 0),
      paddingLeft: () => 8,
      paddingRight: () => 10,
    };
  },
  quote: {
    hLineWidth: () => 0,
    vLineWidth: (i) => (i === 0 ? 2.5 : 0),
    vLineColor: () => ACCENT,
    fillColor: () => QUOTE_FILL,
    paddingLeft: () => 10,
    paddingRight: () => 8,
    paddingTop: () => 5,
    paddingBottom: () => 2,
  },
  /** A photo and the text beside it: no rules, no fill, the gap between them. */
  beside: {
    hLineWidth: () => 0,
    vLineWidth: () => 0,
    paddingLeft: (i) => (i === 0 ? 0 : 12),
    paddingRight: () => 0,
    paddingTop: () => 0,
    paddingBottom: () => 0,
  },
  get besideRtl(): CustomTableLayout {
    return { ...TABLE_LAYOUTS.beside!, paddingLeft: () => 0, paddingRight: (i) => (i === 0 ? 12 : 0) };
  },
  code: {
    hLineWidth: () => 0,
    vLineWidth: () => 0,
    fillColor: () => CODE_FILL,
    paddingLeft: () => 8,
    paddingRight: () => 8,
    paddingTop: () => 5,
    paddingBottom: () => 5,
  },
};

/** A table look with its cell padding mirrored, for a table whose first column is on the right. */
function mirroredPadding(layout: CustomTableLayout): CustomTableLayout {
  return { ...layout, paddingLeft: () => 4, paddingRight: (i, node) => (i === node.table.widths!.length - 1 ? 4 : 8) };
}

/** The cover's room above its first line. */
export const COVER_TOP = 150;

const STYLES: TDocumentDefinitions['styles'] = {
  h1: { fontSize: 16, bold: true, color: ACCENT, margin: [0, 0, 0, 8], lineHeight: 1.1 },
  h2: { fontSize: 12, bold: true, color: ACCENT, margin: [0, 10, 0, 4] },
  h3: { fontSize: 11, bold: true, margin: [0, 9, 0, 4] },
  h4: { fontSize: 10, bold: true, margin: [0, 8, 0, 3] },
  h5: { fontSize: 10, bold: true, italics: true, margin: [0, 6, 0, 3] },
  h6: { fontSize: 9.5, italics: true, margin: [0, 6, 0, 3] },
  p: { margin: [0, 0, 0, 6] },
  list: { margin: [0, 0, 0, 6] },
  table: { margin: [0, 2, 0, 8], fontSize: 9, lineHeight: 1.05 },
  th: { bold: true, color: INK },
  group: { bold: true, color: ACCENT },
  boxed: { margin: [0, 0, 0, 3] },
  td: {},
  quote: { margin: [0, 2, 0, 10] },
  code: { fontSize: 8.5, margin: [0, 2, 0, 10] },
  hr: { margin: [0, 6, 0, 10] },
  noteRef: { fontSize: 7, color: ACCENT },
  notesTitle: { fontSize: 10.5, bold: true, color: ACCENT, margin: [0, 14, 0, 4] },
  notes: { fontSize: 8.5, color: '#333333' },
  running: { fontSize: 8, color: '#555555' },
  revision: { fontSize: 8, bold: true, color: INK },
  marking: { fontSize: 9, bold: true, color: INK },
  toc1: { fontSize: 10.5, bold: true },
  toc2: { fontSize: 9.5 },
  tocTitle: { fontSize: 16, bold: true, color: ACCENT, margin: [0, 0, 0, 14] },
  cover: { margin: [0, COVER_TOP, 0, 0], fontSize: 12, lineHeight: 1.35 },
  cover1: { fontSize: 24, bold: true, color: ACCENT, lineHeight: 1.15, margin: [0, 0, 0, 24] },
  cover2: { fontSize: 14, bold: true, margin: [0, 12, 0, 8] },
  figure: { margin: [0, 4, 0, 10] },
  caption: { fontSize: 8.5, italics: true, color: '#555555', margin: [0, 4, 0, 0] },
  beside: { margin: [0, 2, 0, 10] },
};

/** The compact scale: a fact sheet's worth of content on one page of A4 or Letter. */
const COMPACT_STYLES: TDocumentDefinitions['styles'] = {
  h1: { ...STYLES.h1, fontSize: 14, lineHeight: 1, margin: [0, 0, 0, 6] },
  h2: { ...STYLES.h2, fontSize: 10.5, margin: [0, 5, 0, 2] },
  p: { margin: [0, 0, 0, 4] },
  table: { ...STYLES.table, fontSize: 8.2, lineHeight: 0.96, margin: [0, 1, 0, 4] },
  quote: { margin: [0, 0, 0, 4] },
  notesTitle: { ...STYLES.notesTitle, fontSize: 9.5, margin: [0, 6, 0, 2] },
  notes: { ...STYLES.notes, fontSize: 7.5 },
};

/**
 * A pocket card's scale: read at arm's length, standing up, so nothing under 8 pt, furniture
 * included; its table's first column (the times) large.
 */
const CARD_STYLES: TDocumentDefinitions['styles'] = {
  h1: { ...STYLES.h1, fontSize: 14, margin: [0, 0, 0, 4] },
  h2: { ...STYLES.h2, fontSize: 11, margin: [0, 6, 0, 4] },
  p: { margin: [0, 0, 0, 5] },
  table: { ...STYLES.table, fontSize: 10, lineHeight: 1.1, margin: [0, 4, 0, 6] },
  th: { bold: true, color: INK, fontSize: 9 },
  lead: { fontSize: 15, bold: true, color: ACCENT, lineHeight: 1 },
  code: { ...STYLES.code, fontSize: 9 },
  noteRef: { ...STYLES.noteRef, fontSize: 8 },
  notesTitle: { ...STYLES.notesTitle, fontSize: 10 },
  notes: { ...STYLES.notes, fontSize: 8.5 },
  running: { ...STYLES.running, fontSize: 8 },
  marking: { ...STYLES.marking, fontSize: 9 },
};

/** The compact scale's text, for a part set compact inside a normal document (the book's fact sheet). */
export const COMPACT_TEXT = { fontSize: 9, lineHeight: 1.02 } as const;

/**
 * A style as such a part uses it: its compact variant (`pCompact` for `p`) where it has one,
 * and whether it sets a text size of its own. A document title (h1) keeps its size, so the
 * book's parts are titled alike.
 */
export function compactStyle(name: string): { name: string; sized: boolean } {
  const compact = name !== 'h1' ? COMPACT_STYLES?.[name] : undefined;
  const style = compact ?? STYLES?.[name];
  return { name: compact ? `${name}Compact` : name, sized: !!style && 'fontSize' in style };
}

const COMPACT_VARIANTS = Object.fromEntries(
  Object.entries(COMPACT_STYLES ?? {}).map(([name, style]) => [`${name}Compact`, style]),
);

/** A capital of the marking (9 pt bold), taken wide, and a lowercase letter of the running title (8 pt). */
const MARKING_CHAR = 6.6;
const RUNNING_CHAR = 4.2;
/** One more line of the marking: the page frame grows by this much at top and at bottom. */
const MARKING_LINE = 14;

/** Lines a long marking (a releasability list, say) takes: each page's margins make room for all. */
function markingLines(frame: PageFrame): number {
  const width = printedWidth(frame.marking?.toUpperCase() ?? '') * MARKING_CHAR;
  return Math.max(1, Math.ceil(width / contentWidth(frame.paper, frame.sheet)));
}

/** A text's width in units of an average lowercase letter of Noto Sans, reckoned a little wide. */
function runningWidth(text: string): number {
  let units = 0;
  for (const char of text) {
    if (char === ' ') units += 0.65;
    else if (/[WMmw]/.test(char)) units += 1.9;
    else if (/[A-Z@%&]/.test(char)) units += 1.35;
    else if (/[0-9_#]/.test(char)) units += 1.15;
    else units += printedWidth(char); // 2 for Hangul and other CJK
  }
  return units;
}

/** The running title on one line: a title too long for it ends in an ellipsis, at a word. */
function runningTitle(frame: PageFrame): string {
  const room = Math.floor(contentWidth(frame.paper, frame.sheet) / RUNNING_CHAR);
  if (runningWidth(frame.title) <= room) return frame.title;
  let cut = frame.title.slice(0, room - 1);
  while (runningWidth(cut) > room - 1) cut = cut.slice(0, -1);
  const word = cut.lastIndexOf(' ');
  return `${(word > room / 2 ? cut.slice(0, word) : cut).replace(/[\s,;:\u2013\u2014-]+$/, '')}…`;
}

/** Where a document's lines start: the right in a right-to-left document. */
export const startSide = (frame: Pick<PageFrame, 'direction'>) => (frame.direction === 'rtl' ? 'right' : 'left');

function header(frame: PageFrame, images: PrintImages | undefined): TDocumentDefinitions['header'] {
  const design = designOf(frame);
  const title = design.runningTitle ? runningTitle(frame) : undefined;
  const width = contentWidth(frame.paper, frame.sheet);
  const running: Content[] =
    title === undefined
      ? []
      : [
          {
            text: textRuns(title, { lang: frame.lang }),
            style: 'running',
            alignment: startSide(frame),
            margin: [0, 6, 0, 0],
          },
        ];
  return (): Content => ({
    margin: [design.margins[0], design.headerTop, design.margins[2], 0],
    stack: [
      frame.marking
        ? { text: textRuns(frame.marking.toUpperCase(), { lang: frame.lang }), style: 'marking', alignment: 'center' }
        : { text: ' ', style: 'marking' },
      ...(frame.emblem ? running.map((line) => withEmblem(line, frame, images)) : running),
      {
        canvas: [{ type: 'line', x1: 0, y1: 3, x2: width, y2: 3, lineWidth: 0.5, lineColor: RULE }],
      },
    ],
  });
}

/**
 * The running title with the emblem small at the end of its line (where the title does not
 * run), on the title's baseline. The emblem sits a little above the title's line, so that the
 * rule under them stays where it is.
 */
/** Where the running title's baseline is, from the top of its line (6 pt above it, 8 pt text). */
const RUNNING_BASELINE = 14.5;

function withEmblem(running: Content, frame: PageFrame, images: PrintImages | undefined): Content {
  const ref = frame.emblem!;
  const size = printedSize(imageOf(images, ref), RUNNING_EMBLEM, RUNNING_EMBLEM.width);
  const emblem = {
    image: ref,
    width: size.width,
    height: size.height,
    margin: [0, RUNNING_BASELINE - size.height, 0, 0],
  };
  const title = { ...(running as object), width: '*' };
  return {
    columns:
      frame.direction === 'rtl' ? [{ ...emblem, width: size.width }, title] : [title, { ...emblem, width: size.width }],
    columnGap: 8,
    margin: [0, -6, 0, 0],
  } as Content;
}

function footer(frame: PageFrame): TDocumentDefinitions['footer'] {
  const design = designOf(frame);
  const words = furnitureOf(frame);
  const rtl = frame.direction === 'rtl';
  return (currentPage: number, pageCount: number) => {
    // The prepared date where lines start, the page number where they end.
    const prepared = {
      text: words.prepared ? textRuns(words.prepared, { lang: frame.lang }) : '',
      style: 'running',
      width: '*',
    };
    const page = {
      text: textRuns(fillPlaceholders(words.page, { page: currentPage, pages: pageCount }), { lang: frame.lang }),
      style: 'running',
      width: 'auto',
    };
    // The revision, when the visit has been released, between the two, centred on the page.
    const revision = frame.revision && {
      text: textRuns(frame.revision, { lang: frame.lang }),
      style: 'revision',
      width: 'auto',
      alignment: 'center',
      margin: [REVISION_GAP, 0, REVISION_GAP, 0],
    };
    const columns = revision
      ? rtl
        ? [{ ...page, width: '*', alignment: 'left' }, revision, { ...prepared, alignment: 'right' }]
        : [prepared, revision, { ...page, width: '*', alignment: 'right' }]
      : rtl
        ? [
            { ...page, alignment: 'left' },
            { ...prepared, alignment: 'right' },
          ]
        : [prepared, { ...page, alignment: 'right' }];
    return {
      margin: [design.margins[0], design.footerTop, design.margins[2], 0],
      stack: [
        { columns },
        frame.marking
          ? {
              text: textRuns(frame.marking.toUpperCase(), { lang: frame.lang }),
              style: 'marking',
              alignment: 'center',
              margin: [0, 4, 0, 0],
            }
          : { text: '' },
      ],
    } as Content;
  };
}

/** Room between the revision and the words beside it in the footer. */
const REVISION_GAP = 8;

/** How far outside the text block a change bar stands (to its near edge), and its width. */
const BAR_GAP = 12;
const BAR_WIDTH = 1.75;

/**
 * Change bars stand in the outer margin, beside the lines that changed. Documents print on one
 * side of the sheet, so the outer margin is the one where lines start: the left, or the right
 * in a right-to-left document, where a reader's eye meets each line first.
 */
export function changeBarLook(frame: Pick<PageFrame, 'direction' | 'paper' | 'sheet'>): BarLook {
  const { sizes, margins } = designOf(frame);
  const x =
    frame.direction === 'rtl' ? sizes[frame.paper].width - margins[2] + BAR_GAP : margins[0] - BAR_GAP - BAR_WIDTH;
  return { x, width: BAR_WIDTH, color: INK };
}

function pageMargins(frame: PageFrame): [number, number, number, number] {
  const margins = designOf(frame).margins;
  const extra = (markingLines(frame) - 1) * MARKING_LINE;
  return [margins[0], margins[1] + extra, margins[2], margins[3] + extra];
}

export function documentDefinition(
  content: Content[],
  frame: PageFrame,
  compact = false,
  images?: PrintImages,
): TDocumentDefinitions {
  const size = designOf(frame).sizes[frame.paper];
  const card = frame.sheet === 'card';
  const dictionary = imageDictionary(images);
  return {
    ...(dictionary ? { images: dictionary } : {}),
    pageSize: { width: size.width, height: size.height },
    // The PDF's /Lang, for screen readers and search.
    language: frame.lang,
    pageMargins: pageMargins(frame),
    header: header(frame, images),
    footer: footer(frame),
    content,
    styles: card
      ? { ...STYLES, ...COMPACT_VARIANTS, ...CARD_STYLES }
      : compact
        ? { ...STYLES, ...COMPACT_STYLES }
        : { ...STYLES, ...COMPACT_VARIANTS },
    defaultStyle: {
      font: 'Sans',
      fontSize: compact ? 9 : 10,
      lineHeight: compact ? 1.02 : 1.12,
      color: INK,
      // Right to left: lines set from the right, each paragraph's base direction right to left (src/pdf/bidi.ts).
      ...(frame.direction === 'rtl' ? { alignment: 'right', direction: 'rtl' } : {}),
    } as TDocumentDefinitions['defaultStyle'],
    info: {
      title: frame.title,
      subject: frame.subject,
      author: frame.author,
      keywords: frame.keywords.join(', '),
      creator: 'briefing',
      producer: 'briefing',
      creationDate: frame.date,
      modDate: frame.date,
    },
  };
}
