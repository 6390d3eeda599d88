/**
 * The data a template sees: the visit with every printable string already Markdown-ready
 * (plain fields escaped, Markdown fields sanitised), lists in reading order.
 */

import type { DocKind } from '../docs.js';
import { DOC_KINDS } from '../docs.js';
import type { VisitImage } from '../load/index.js';
import { compareDates } from '../model/dates.js';
import { documentLang } from '../model/lang.js';
import type { Visit } from '../model/visit.js';
import type { Change } from '../revisions/diff.js';
import { shownRuns } from '../revisions/words.js';
import { escapeInline, escapeMarkdown, sanitizeMarkdown } from './escape.js';
import { DOC_TITLE_LABELS, type LabelKey, type LabelTable } from './labels.js';

/** An item that changed since the last released revision: templates mark it with {{changeMark change}}. */
export interface ChangeMark {
  id: string;
  kind: Change['kind'];
}

/** A visit compared with its last released revision (see revisions/compare.ts). */
export interface Comparison {
  /** The revision compared with. */
  since: number;
  changes: Change[];
}

/** One change as the changes page lists it: every text Markdown-ready, in the document's language. */
export interface ChangeItem {
  id: string;
  kind: Change['kind'];
  /** "Added", "Moved"… */
  kind_label: string;
  what: string;
  /** Each changed field: its name and its text, changed words ~~struck~~ and **bold**. */
  fields: { name: string; text: string }[];
  /** Where the item is now: a document and the marker its page number goes in; none when removed. */
  where: { doc: DocKind; title: string; ref: string }[];
}

export interface SourceEntry {
  id: string;
  title: string;
  publisher?: string;
  date?: string;
  url?: string;
}

interface ProgrammeItem {
  date: string;
  time?: string;
  item: string;
  place?: string;
  press?: 'open' | 'pool' | 'closed';
  change?: ChangeMark;
}

interface ChronologyEntry {
  date: string;
  end?: string;
  event: string;
  source?: string;
  change?: ChangeMark;
}

export interface TemplateContext {
  id: string;
  /** The documents' language (BCP 47, canonical) and their labels (see the `label` helper). */
  lang: string;
  labels: LabelTable;
  doc: { kind: DocKind; title: string };
  /** Every document's kind and title, for the book's parts and contents. */
  docs: Record<DocKind, { kind: DocKind; title: string }>;
  title: string;
  marking?: string;
  prepared?: string;
  /** The emblem's image ref (`![…]({{emblem}})`), when the visit has one. */
  emblem?: string;
  visit: {
    visitor: {
      name: string;
      title?: string;
      organization?: string;
      native_name?: string;
      native_lang?: string;
      /** The photo's image ref, when the visitor has one. */
      photo?: string;
    };
    host: { country: string; city?: string };
    start: string;
    end?: string;
    purpose?: string;
  };
  people: {
    name: string;
    native_name?: string;
    native_lang?: string;
    title?: string;
    organization?: string;
    role?: string;
    bio?: string;
    /** The photo's image ref, when the person has one. */
    photo?: string;
    change?: ChangeMark;
  }[];
  programme: ProgrammeItem[];
  /** The programme day by day. */
  programme_days: { date: string; items: ProgrammeItem[] }[];
  facts: {
    section: string;
    items: { label: string; value: string; source?: string; change?: ChangeMark }[];
    change?: ChangeMark;
  }[];
  chronology: ChronologyEntry[];
  /** The chronology as printed: by year under year headings when that helps, else one part. */
  chronology_sections: { heading?: string; entries: ChronologyEntry[] }[];
  talking_points: {
    topic: string;
    points: { text: string; source?: string; change?: ChangeMark }[];
    if_asked: { question: string; answer: string; change?: ChangeMark }[];
    change?: ChangeMark;
  }[];
  /** What we want from the visit, and what the other side is likely to raise. */
  objectives: string[];
  their_objectives: string[];
  /** The line to take in public, and the answers to give if asked. */
  press_lines: { lines: { text: string; source?: string }[]; if_asked: { question: string; answer: string }[] };
  /** Whether there are any objectives (ours or theirs), any press lines: a template shows a part only then. */
  has_objectives: boolean;
  has_press_lines: boolean;
  /** Who drafted and cleared the brief; dates as written (YYYY-MM-DD). */
  drafted?: { name: string; unit?: string; contact?: string; date?: string; cleared_by?: string; cleared?: string };
  sources: (SourceEntry & { change?: ChangeMark })[];
  /** The revision the visit is compared with: absent for a visit never released. */
  since?: number;
  /** What changed since that revision: absent when nothing did (or never released). */
  changes?: { since: number; items: ChangeItem[] };
}

/** Fields that hold inline Markdown; every other string is plain text. */
const MARKDOWN_FIELDS = new Set(['purpose', 'bio', 'event', 'text', 'answer', 'objectives', 'their_objectives']);
/** Identifiers and dates: not printed as prose, passed as written. */
const VERBATIM_FIELDS = new Set([
  'id',
  'source',
  'date',
  'end',
  'start',
  'prepared',
  'time',
  'url',
  'lang',
  'native_lang',
  'press',
  'cleared',
]);

function prepare(value: unknown, key = ''): unknown {
  if (key === 'change') return value;
  if (typeof value === 'string') {
    if (VERBATIM_FIELDS.has(key)) return value;
    return MARKDOWN_FIELDS.has(key) ? sanitizeMarkdown(value) : escapeMarkdown(value);
  }
  if (Array.isArray(value)) return value.map((item) => prepare(item, key));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, prepare(v, k)]));
  }
  return value;
}

const asPoint = (point: string | { text: string; source?: string }) =>
  typeof point === 'string' ? { text: point } : point;

/** Consecutive items of the same day, in order. */
function programmeDays(items: ProgrammeItem[]): TemplateContext['programme_days'] {
  const days: TemplateContext['programme_days'] = [];
  for (const item of items) {
    if (days.at(-1)?.date === item.date) days.at(-1)!.items.push(item);
    else days.push({ date: item.date, items: [item] });
  }
  return days;
}

/** Year headings help a long chronology that has several entries in a typical year. */
function chronologySections(entries: ChronologyEntry[]): TemplateContext['chronology_sections'] {
  if (entries.length === 0) return [];
  const years = new Map<string, ChronologyEntry[]>();
  for (const entry of entries) {
    const year = entry.date.slice(0, 4);
    const group = years.get(year);
    if (group) group.push(entry);
    else years.set(year, [entry]);
  }
  const helps = entries.length >= 20 && years.size > 1 && entries.length / years.size >= 3;
  return helps ? [...years].map(([heading, group]) => ({ heading, entries: group })) : [{ entries }];
}

/**
 * The programme by date, then time. An item without a time follows the item before it on its
 * day in the file (staff list a day in order), or opens its day when it comes first.
 */
export function programmeOrder<T extends { date: string; time?: string }>(items: readonly T[]): T[] {
  const lastTime = new Map<string, string>();
  const keyed = items.map((item, index) => {
    const time = item.time ?? lastTime.get(item.date) ?? '';
    lastTime.set(item.date, time);
    return { item, time, index };
  });
  keyed.sort((a, b) => compareDates(a.item.date, b.item.date) || a.time.localeCompare(b.time) || a.index - b.index);
  return keyed.map((k) => k.item);
}

/**
 * The image fields as their assets' refs, which the Markdown links (`![name](ref)`): a path as
 * written in the visit never reaches a template.
 */
function withImageRefs(context: Record<string, unknown>, images: readonly VisitImage[]): void {
  const visitor = (context.visit as { visitor: Record<string, unknown> }).visitor;
  const people = context.people as Record<string, unknown>[];
  delete context.emblem;
  delete visitor.photo;
  for (const person of people) delete person.photo;
  for (const { field, asset } of images) {
    const [first, second, third] = field;
    if (first === 'emblem') context.emblem = asset.ref;
    else if (first === 'visit' && second === 'visitor' && third === 'photo') visitor.photo = asset.ref;
    else if (first === 'people' && typeof second === 'number' && third === 'photo' && people[second])
      people[second].photo = asset.ref;
  }
}

/**
 * What a template sees of a visit, for one document, with the labels of its language (see
 * TemplateSet.labels) and the refs of its images. With a comparison, each item that changed carries `change` and the
 * changes are listed in `changes`; without one, the context is as it always was.
 */
export function buildContext(
  id: string,
  visit: Visit,
  kind: DocKind,
  labels: LabelTable,
  { images = [], comparison }: { images?: readonly VisitImage[]; comparison?: Comparison } = {},
): TemplateContext {
  const lang = documentLang(visit.lang);
  const marks = changeMarks(comparison?.changes ?? []);
  const mark = <T extends object>(item: T, ...path: (string | number)[]): T => {
    const change = marks.get(path.join('/'));
    return change ? { ...item, change } : item;
  };

  const ordered = {
    ...visit,
    id,
    people: (visit.people ?? []).map((person, i) => mark(person, 'people', i)),
    programme: programmeOrder((visit.programme ?? []).map((item, i) => mark(item, 'programme', i))),
    facts: (visit.facts ?? []).map((section, s) =>
      mark({ ...section, items: section.items.map((item, i) => mark(item, 'facts', s, 'items', i)) }, 'facts', s),
    ),
    chronology: (visit.chronology ?? [])
      .map((entry, i) => mark(entry, 'chronology', i))
      .sort((a, b) => compareDates(a.date, b.date)),
    talking_points: (visit.talking_points ?? []).map((topic, t) =>
      mark(
        {
          topic: topic.topic,
          points: (topic.points ?? []).map((point, p) => mark(asPoint(point), 'talking_points', t, 'points', p)),
          if_asked: (topic.if_asked ?? []).map((line, q) => mark(line, 'talking_points', t, 'if_asked', q)),
        },
        'talking_points',
        t,
      ),
    ),
    objectives: visit.objectives ?? [],
    their_objectives: visit.their_objectives ?? [],
    press_lines: { lines: (visit.press_lines?.lines ?? []).map(asPoint), if_asked: visit.press_lines?.if_asked ?? [] },
    sources: (visit.sources ?? []).map((source, i) => mark(source, 'sources', i)),
  };
  const context = prepare(ordered) as Omit<
    TemplateContext,
    'doc' | 'docs' | 'chronology_sections' | 'programme_days' | 'has_objectives' | 'has_press_lines' | 'lang' | 'labels'
  >;
  withImageRefs(context as unknown as Record<string, unknown>, images);
  const docs = Object.fromEntries(
    DOC_KINDS.map((k) => [k, { kind: k, title: escapeMarkdown(labels[DOC_TITLE_LABELS[k]]) }]),
  ) as TemplateContext['docs'];
  const result: TemplateContext = {
    ...context,
    lang,
    labels,
    programme_days: programmeDays(context.programme),
    has_objectives: context.objectives.length + context.their_objectives.length > 0,
    has_press_lines: context.press_lines.lines.length + context.press_lines.if_asked.length > 0,
    chronology_sections: chronologySections(context.chronology),
    doc: docs[kind],
    docs,
  };
  if (comparison) {
    result.since = comparison.since;
    if (comparison.changes.length)
      result.changes = {
        since: comparison.since,
        items: comparison.changes.map((change) => changeItem(change, kind, docs, labels)),
      };
  }
  return result;
}

/** Each changed item's mark, by its path in the new visit ("programme/3"); removed items have none. */
function changeMarks(changes: readonly Change[]): Map<string, ChangeMark> {
  const marks = new Map<string, ChangeMark>();
  for (const change of changes) if (change.path) marks.set(change.path.join('/'), { id: change.id, kind: change.kind });
  return marks;
}

const KIND_LABELS: Record<Change['kind'], LabelKey> = {
  added: 'change_added',
  removed: 'change_removed',
  changed: 'change_changed',
  moved: 'change_moved',
};

/** The label naming each field of the data, for the changes page. */
const FIELD_LABELS: Record<string, LabelKey> = {
  title: 'field_title',
  organization: 'field_organization',
  name: 'name',
  native_name: 'name',
  role: 'role',
  bio: 'biographies',
  date: 'date',
  start: 'date',
  end: 'field_end',
  time: 'time',
  item: 'item',
  place: 'place',
  city: 'place',
  country: 'place',
  label: 'fact',
  value: 'detail',
  section: 'field_section',
  source: 'sources',
  event: 'event',
  topic: 'field_topic',
  text: 'field_point',
  question: 'if_asked',
  answer: 'field_answer',
  publisher: 'field_publisher',
  url: 'field_address',
  purpose: 'purpose',
};

/** The visit's own fields, named in the document's language (diffVisits names them by key). */
const HEADER_LABELS: Record<string, LabelKey> = {
  title: 'field_title',
  visitor: 'visitor',
  host: 'where_and_when',
  dates: 'where_and_when',
  purpose: 'purpose',
};

/** What a change is about, for the changes page: an item's own words, or the field's name. */
function whatOf(change: Change, labels: LabelTable): string {
  if (change.part === 'visit' || change.part === 'drafted' || change.part === 'other')
    return labels[HEADER_LABELS[change.what] ?? 'field_other'];
  return change.what;
}

/** The fields a change's `what` names its item by. */
const WHAT_FIELDS = new Set([
  'date',
  'time',
  'item',
  'event',
  'label',
  'name',
  'topic',
  'text',
  'question',
  'id',
  'title',
]);

/** The documents each part of the data is printed in, standing alone (the book holds them all). */
const PRINTED_IN: Partial<Record<Change['part'], DocKind[]>> = {
  visit: ['factsheet'],
  programme: ['factsheet'],
  facts: ['factsheet'],
  people: ['factsheet'],
  chronology: ['chronology'],
  talking_points: ['talking-points'],
};

function changeItem(change: Change, kind: DocKind, docs: TemplateContext['docs'], labels: LabelTable): ChangeItem {
  // The changes part of the book points into the book; the changes document, into the others.
  const printedIn = kind === 'book' ? ['book' as const] : (PRINTED_IN[change.part] ?? []);
  return {
    id: change.id,
    kind: change.kind,
    kind_label: escapeInline(labels[KIND_LABELS[change.kind]]),
    what: escapeMarkdown(oneLine(whatOf(change, labels))),
    // An item added or removed is said by `what`; its other fields (a place) are listed.
    fields: (change.fields ?? [])
      .filter((field) => change.kind === 'changed' || change.kind === 'moved' || !WHAT_FIELDS.has(field.name))
      .map((field) => ({
        name: escapeInline(labels[FIELD_LABELS[field.name] ?? 'field_other']),
        text: changedText(field),
      })),
    where: change.path ? printedIn.map((doc) => ({ doc, title: docs[doc].title, ref: `${doc}/${change.id}` })) : [],
  };
}

/**
 * A changed field as Markdown: deleted words ~~struck~~, inserted ones **bold**, the data's
 * own Markdown shown as written (escaped), so that a change inside emphasis cannot unbalance it.
 */
function changedText(field: NonNullable<Change['fields']>[number]): string {
  const runs =
    (field.words && shownRuns(field.before!, field.after!, field.words)) ??
    [
      field.before !== undefined && { op: 'delete' as const, text: field.before },
      field.after !== undefined && { op: 'insert' as const, text: field.after },
    ].filter((run) => run !== false);
  const pieces = runs.map(({ op, text }) => {
    // Markers hug the words ("~~ x~~" would not strike through); the spaces stay outside.
    const [, lead, words, trail] = /^(\s*)([\s\S]*?)(\s*)$/.exec(oneLine(text))!;
    const space = (s: string | undefined) => (s ? ' ' : '');
    if (!words) return space(lead || trail);
    if (op === 'equal') return `${space(lead)}${escapeMarkdown(words)}${space(trail)}`;
    const marker = op === 'delete' ? '~~' : '**';
    // Emphasis cannot open before punctuation that follows a letter ("word**; more**" stays
    // literal): punctuation at the edges stays outside the marks, and a run of punctuation
    // alone is set off by spaces.
    const [, before, inner, after] = /^([\p{P}\p{S}]*)([\s\S]*?)([\p{P}\p{S}]*)$/u.exec(words)!;
    if (!inner) return ` ${marker}${escapeMarkdown(words)}${marker} `;
    const edge = (text: string | undefined) => (text ? escapeMarkdown(text) : '');
    const inside = /^(\s*)([\s\S]*?)(\s*)$/.exec(inner)!;
    return `${space(lead)}${edge(before)}${space(inside[1])}${marker}${escapeMarkdown(inside[2]!)}${marker}${space(inside[3])}${edge(after)}${space(trail)}`;
  });
  // A word replaced reads "~~old~~ **new**", not "~~old~~**new**".
  return pieces
    .map((piece, i) =>
      i > 0 &&
      runs[i - 1]!.op === 'delete' &&
      runs[i]!.op === 'insert' &&
      !/\s$/.test(pieces[i - 1]!) &&
      !/^\s/.test(piece)
        ? ` ${piece}`
        : piece,
    )
    .join('');
}

/** A text on one line: a paragraph break as a pilcrow. */
const oneLine = (text: string) => text.replace(/\s*\n\s*\n\s*/g, ' ¶ ').replace(/\s+/g, ' ');
