/**
 * Page design: paper, margins, type scale, table looks, and the running header and footer
 * that carry the handling marking, the title and "page X of Y" on every page.
 */
import type { Content, CustomTableLayout, Node, NodeQueries, TDocumentDefinitions } from 'pdfmake/interfaces.js';
import type { Paper } from '../model/visit.js';

export const PAGE_SIZES: Record<Paper, { width: number; height: number }> = {
  A4: { width: 595.28, height: 841.89 },
  LETTER: { width: 612, height: 792 },
};

/** Left, top, right, bottom: room above and below for the running header and footer. */
const MARGINS: [number, number, number, number] = [56, 70, 56, 62];

export function contentWidth(paper: Paper): number {
  return PAGE_SIZES[paper].width - MARGINS[0] - MARGINS[2];
}

/** What every page of a document says about itself. */
export interface PageFrame {
  /** The document's title, e.g. "Chronology: Visit of …". */
  title: string;
  marking?: string;
  /** Prepared date, already formatted for print. */
  prepared?: string;
  paper: Paper;
  /** Document metadata. */
  subject: string;
  author: string;
  keywords: string[];
  /** Fixed creation date, so that the same input gives the same bytes. */
  date: Date;
}

const INK = '#1c1c1c';
const ACCENT = '#1a4d8f';
const RULE = '#b8c2cc';

export const TABLE_LAYOUTS: Record<string, CustomTableLayout> = {
  briefing: {
    hLineWidth: (i, node) => (i === 0 || i === 1 || i === node.table.body.length ? 0.8 : 0.4),
    vLineWidth: () => 0,
    hLineColor: (i) => (i <= 1 ? ACCENT : RULE),
    fillColor: (row) => (row === 0 ? '#e9eef4' : null),
    paddingLeft: (i) => (i === 0 ? 4 : 8),
    paddingRight: () => 4,
    paddingTop: () => 3,
    paddingBottom: () => 3,
  },
  quote: {
    hLineWidth: () => 0,
    vLineWidth: (i) => (i === 0 ? 2.5 : 0),
    vLineColor: () => ACCENT,
    fillColor: () => '#f2f5f9',
    paddingLeft: () => 10,
    paddingRight: () => 8,
    paddingTop: () => 6,
    paddingBottom: () => 2,
  },
  code: {
    hLineWidth: () => 0,
    vLineWidth: () => 0,
    fillColor: () => '#f4f4f4',
    paddingLeft: () => 8,
    paddingRight: () => 8,
    paddingTop: () => 5,
    paddingBottom: () => 5,
  },
};

const STYLES: TDocumentDefinitions['styles'] = {
  h1: { fontSize: 17, bold: true, color: ACCENT, margin: [0, 0, 0, 10], lineHeight: 1.1 },
  h2: { fontSize: 12.5, bold: true, color: ACCENT, margin: [0, 12, 0, 5] },
  h3: { fontSize: 11, bold: true, margin: [0, 9, 0, 4] },
  h4: { fontSize: 10, bold: true, margin: [0, 8, 0, 3] },
  h5: { fontSize: 10, bold: true, italics: true, margin: [0, 6, 0, 3] },
  h6: { fontSize: 9.5, italics: true, margin: [0, 6, 0, 3] },
  p: { margin: [0, 0, 0, 6] },
  list: { margin: [0, 0, 0, 6] },
  table: { margin: [0, 2, 0, 10], fontSize: 9.5 },
  th: { bold: true, color: INK },
  td: {},
  quote: { margin: [0, 2, 0, 10] },
  code: { fontSize: 8.5, margin: [0, 2, 0, 10] },
  hr: { margin: [0, 6, 0, 10] },
  noteRef: { fontSize: 7, color: ACCENT },
  notesTitle: { fontSize: 10.5, bold: true, color: ACCENT, margin: [0, 14, 0, 4] },
  notes: { fontSize: 8.5, color: '#333333' },
  running: { fontSize: 8, color: '#555555' },
  marking: { fontSize: 9, bold: true, color: INK },
  toc1: { fontSize: 10.5, bold: true },
  toc2: { fontSize: 9.5 },
};

/** A heading whose next block is on the next page moves there with it. */
function keepHeadingsWithNext(node: Node, queries: NodeQueries): boolean {
  return node.headlineLevel !== undefined && queries.getFollowingNodesOnPage().length === 0;
}

function header(frame: PageFrame): TDocumentDefinitions['header'] {
  return () => ({
    margin: [MARGINS[0], 22, MARGINS[2], 0],
    stack: [
      frame.marking ? { text: frame.marking.toUpperCase(), style: 'marking', alignment: 'center' } : { text: ' ', style: 'marking' },
      { text: frame.title, style: 'running', alignment: 'left', margin: [0, 6, 0, 0] },
      { canvas: [{ type: 'line', x1: 0, y1: 3, x2: contentWidth(frame.paper), y2: 3, lineWidth: 0.5, lineColor: RULE }] },
    ],
  });
}

function footer(frame: PageFrame): TDocumentDefinitions['footer'] {
  return (currentPage: number, pageCount: number) => ({
    margin: [MARGINS[0], 16, MARGINS[2], 0],
    stack: [
      {
        columns: [
          { text: frame.prepared ? `Prepared ${frame.prepared}` : '', style: 'running', width: '*' },
          { text: `page ${currentPage} of ${pageCount}`, style: 'running', alignment: 'right', width: 'auto' },
        ],
      },
      frame.marking ? { text: frame.marking.toUpperCase(), style: 'marking', alignment: 'center', margin: [0, 4, 0, 0] } : { text: '' },
    ],
  });
}

export function documentDefinition(content: Content[], frame: PageFrame): TDocumentDefinitions {
  const size = PAGE_SIZES[frame.paper];
  return {
    pageSize: { width: size.width, height: size.height },
    pageMargins: MARGINS,
    header: header(frame),
    footer: footer(frame),
    content,
    styles: STYLES,
    defaultStyle: { font: 'Sans', fontSize: 10, lineHeight: 1.2, color: INK },
    pageBreakBefore: keepHeadingsWithNext,
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
