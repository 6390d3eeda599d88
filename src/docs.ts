/** The documents briefing produces for each visit. */
export const DOC_KINDS = ['factsheet', 'chronology', 'talking-points', 'book', 'changes'] as const;
export type DocKind = (typeof DOC_KINDS)[number];

export const DEFAULT_DOCS: readonly DocKind[] = ['factsheet', 'chronology', 'talking-points'];

export const DOC_TITLES: Record<DocKind, string> = {
  factsheet: 'Fact sheet',
  chronology: 'Chronology',
  'talking-points': 'Talking points',
  book: 'Briefing book',
  changes: 'Changes',
};

/**
 * How each document is typeset: the book has contents and bookmarks; the fact sheet is set
 * compact, to fit its one page.
 */
export const DOC_LAYOUT: Record<DocKind, { tocDepth: number; compact: boolean }> = {
  factsheet: { tocDepth: 0, compact: true },
  chronology: { tocDepth: 0, compact: false },
  'talking-points': { tocDepth: 0, compact: false },
  book: { tocDepth: 1, compact: false },
  changes: { tocDepth: 0, compact: false },
};

export const FORMATS = ['pdf', 'md', 'html'] as const;
export type Format = (typeof FORMATS)[number];

/** The order in which each document's outputs are made, written and listed. */
const OUTPUT_ORDER: readonly Format[] = ['md', 'pdf', 'html'];

/** The formats asked for, in output order. */
export const inOutputOrder = (formats: readonly Format[]): Format[] => OUTPUT_ORDER.filter((f) => formats.includes(f));

/** What `build` writes unless told otherwise. */
export const DEFAULT_FORMATS: readonly Format[] = ['pdf', 'md'];
