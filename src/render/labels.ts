/**
 * Labels: every fixed word the documents print (headings, table headers, page furniture), by
 * key, in the documents' language. What they are; label-files.ts reads them. Kept apart from
 * the reading (and its YAML parser), so that a build with nothing to render loads neither.
 */
import type { DocKind } from '../docs.js';
import { suggest } from '../suggest.js';

/** Every label a document may print; each bundled language gives them all. */
export const LABEL_KEYS = [
  'fact_sheet',
  'chronology',
  'talking_points',
  'briefing_book',
  'title_separator',
  'contents',
  'biographies',
  'emblem',
  'sources',
  'prepared',
  'page',
  'subject',
  'back_to_citation',
  'revision',
  'draft_after_revision',
  'visitor',
  'where_and_when',
  'purpose',
  'if_asked',
  'colon',
  'list_separator',
  'full_stop',
  'key_facts',
  'fact',
  'detail',
  'programme',
  'date',
  'time',
  'item',
  'place',
  'people',
  'name',
  'role',
  'event',
  'no_events',
  'no_talking_points',
  'programme_card',
  'objectives_and_press_lines',
  'objectives',
  'our_objectives',
  'their_objectives',
  'press_lines',
  'line_to_take',
  'press',
  'press_open',
  'press_pool',
  'press_closed',
  'drafted_by',
  'cleared_by',
  'changes',
  'changes_since',
  'on_page',
  'no_changes',
  'not_released',
  'change_added',
  'change_removed',
  'change_changed',
  'change_moved',
  'field_title',
  'field_organization',
  'field_topic',
  'field_point',
  'field_answer',
  'field_section',
  'field_publisher',
  'field_address',
  'field_end',
  'field_other',
] as const;

export type LabelKey = (typeof LABEL_KEYS)[number];
export type LabelTable = Readonly<Record<LabelKey, string>>;

/** The label that names each document. */
export const DOC_TITLE_LABELS: Record<DocKind, LabelKey> = {
  factsheet: 'fact_sheet',
  chronology: 'chronology',
  'talking-points': 'talking_points',
  book: 'briefing_book',
  card: 'programme_card',
  changes: 'changes',
};

export const isLabelKey = (key: string): key is LabelKey => (LABEL_KEYS as readonly string[]).includes(key);

/** "unknown label "x"; did you mean …?", for a template's or a labels file's key. */
export function unknownLabel(key: string): string {
  const near = suggest(key, [...LABEL_KEYS]);
  return `unknown label "${key}"${near ? `; did you mean "${near}"?` : ''} Labels are: ${LABEL_KEYS.join(', ')}`;
}
