/** The documents briefing produces for each visit. */
export const DOC_KINDS = ['factsheet', 'chronology', 'talking-points', 'book', 'card', 'changes'] as const;
export type DocKind = (typeof DOC_KINDS)[number];

export const DEFAULT_DOCS: readonly DocKind[] = ['factsheet', 'chronology', 'talking-points'];

export const DOC_TITLES: Record<DocKind, string> = {
  factsheet: 'Fact sheet',
  chronology: 'Chronology',
  'talking-points': 'Talking points',
  book: 'Briefing book',
  card: 'Programme card',
  changes: 'Changes',
};

/**
 * The sheet a document is printed on: a page of the paper, or a pocket card cut from it (A6
 * for A4, 4 × 6 in for Letter), which has its own margins and type sizes (see typeset/layout.ts).
 */
export type Sheet = 'page' | 'card';

/**
 * How each document is typeset: the book has contents and bookmarks; the fact sheet is set
 * compact, to fit its one page; the programme card is printed on a card.
 */
export const DOC_LAYOUT: Record<DocKind, { tocDepth: number; compact: boolean }> = {
  factsheet: { tocDepth: 0, compact: true },
  chronology: { tocDepth: 0, compact: false },
  'talking-points': { tocDepth: 0, compact: false },
  book: { tocDepth: 1, compact: false },
  card: { tocDepth: 0, compact: false },
  changes: { tocDepth: 0, compact: false },
};

/** Each document's sheet. */
export const DOC_SHEET: Record<DocKind, Sheet> = {
  factsheet: 'page',
  chronology: 'page',
  'talking-points': 'page',
  book: 'page',
  card: 'card',
  changes: 'page',
};

export const FORMATS = ['pdf', 'md', 'html'] as const;
export type Format = (typeof FORMATS)[number];

/** The order in which each document's outputs are made, written and listed. */
const OUTPUT_ORDER: readonly Format[] = ['md', 'pdf', 'html'];

/** The formats asked for, in output order. */
export const inOutputOrder = (formats: readonly Format[]): Format[] => OUTPUT_ORDER.filter((f) => formats.includes(f));

/** What `build` writes unless told otherwise. */
export const DEFAULT_FORMATS: readonly Format[] = ['pdf', 'md'];
