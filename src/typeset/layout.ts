/**
 * Page design: paper, margins, type scale, table looks, and the running header and footer
 * that carry the handling marking, the title and "page X of Y" on every page.
 */
import type { Content, ContentTable, CustomTableLayout, TDocumentDefinitions } from 'pdfmake/interfaces.js';
import { fillPlaceholders } from '../model/placeholders.js';
import type { Paper } from '../model/visit.js';
import type { BarLook } from './change-marks.js';
import { textRuns } from './fonts.js';
import { furnitureOf, type PageFrame } from './frame.js';
import { printedWidth } from './measure.js';
import { ACCENT, CODE_FILL, HEADING_FILL, INK, QUOTE_FILL, RULE } from './palette.js';

export const PAGE_SIZES: Record<Paper, { width: number; height: number }> = {
  A4: { width: 595.28, height: 841.89 },
  LETTER: { width: 612, height: 792 },
};

/** Left, top, right, bottom: room above and below for the running header and footer. */
const MARGINS: [number, number, number, number] = [56, 62, 56, 54];

export function contentWidth(paper: Paper): number {
  return PAGE_SIZES[paper].width - MARGINS[0] - MARGINS[2];
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
  cover: { margin: [0, 150, 0, 0], fontSize: 12, lineHeight: 1.35 },
  cover1: { fontSize: 24, bold: true, color: ACCENT, lineHeight: 1.15, margin: [0, 0, 0, 24] },
  cover2: { fontSize: 14, bold: true, margin: [0, 12, 0, 8] },
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
  return Math.max(1, Math.ceil(width / contentWidth(frame.paper)));
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
  const room = Math.floor(contentWidth(frame.paper) / RUNNING_CHAR);
  if (runningWidth(frame.title) <= room) return frame.title;
  let cut = frame.title.slice(0, room - 1);
  while (runningWidth(cut) > room - 1) cut = cut.slice(0, -1);
  const word = cut.lastIndexOf(' ');
  return `${(word > room / 2 ? cut.slice(0, word) : cut).replace(/[\s,;:\u2013\u2014-]+$/, '')}…`;
}

/** Where a document's lines start: the right in a right-to-left document. */
export const startSide = (frame: Pick<PageFrame, 'direction'>) => (frame.direction === 'rtl' ? 'right' : 'left');

function header(frame: PageFrame): TDocumentDefinitions['header'] {
  const title = runningTitle(frame);
  return () => ({
    margin: [MARGINS[0], 20, MARGINS[2], 0],
    stack: [
      frame.marking
        ? { text: textRuns(frame.marking.toUpperCase(), { lang: frame.lang }), style: 'marking', alignment: 'center' }
        : { text: ' ', style: 'marking' },
      {
        text: textRuns(title, { lang: frame.lang }),
        style: 'running',
        alignment: startSide(frame),
        margin: [0, 6, 0, 0],
      },
      {
        canvas: [{ type: 'line', x1: 0, y1: 3, x2: contentWidth(frame.paper), y2: 3, lineWidth: 0.5, lineColor: RULE }],
      },
    ],
  });
}

function footer(frame: PageFrame): TDocumentDefinitions['footer'] {
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
      margin: [MARGINS[0], 14, MARGINS[2], 0],
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
export function changeBarLook(frame: Pick<PageFrame, 'direction' | 'paper'>): BarLook {
  const x =
    frame.direction === 'rtl' ? PAGE_SIZES[frame.paper].width - MARGINS[2] + BAR_GAP : MARGINS[0] - BAR_GAP - BAR_WIDTH;
  return { x, width: BAR_WIDTH, color: INK };
}

function pageMargins(frame: PageFrame): [number, number, number, number] {
  const extra = (markingLines(frame) - 1) * MARKING_LINE;
  return [MARGINS[0], MARGINS[1] + extra, MARGINS[2], MARGINS[3] + extra];
}

export function documentDefinition(content: Content[], frame: PageFrame, compact = false): TDocumentDefinitions {
  const size = PAGE_SIZES[frame.paper];
  return {
    pageSize: { width: size.width, height: size.height },
    // The PDF's /Lang, for screen readers and search.
    language: frame.lang,
    pageMargins: pageMargins(frame),
    header: header(frame),
    footer: footer(frame),
    content,
    styles: compact ? { ...STYLES, ...COMPACT_STYLES } : { ...STYLES, ...COMPACT_VARIANTS },
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
