/** The documents briefing produces for each visit. */
export const DOC_KINDS = ['factsheet', 'chronology', 'talking-points', 'book'] as const;
export type DocKind = (typeof DOC_KINDS)[number];

export const DEFAULT_DOCS: readonly DocKind[] = ['factsheet', 'chronology', 'talking-points'];

export const DOC_TITLES: Record<DocKind, string> = {
  factsheet: 'Fact sheet',
  chronology: 'Chronology',
  'talking-points': 'Talking points',
  book: 'Briefing book',
};

export const FORMATS = ['pdf', 'md'] as const;
export type Format = (typeof FORMATS)[number];
