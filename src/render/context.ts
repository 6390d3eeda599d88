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
import { escapeMarkdown, sanitizeMarkdown } from './escape.js';
import { DOC_TITLE_LABELS, type LabelTable } from './labels.js';

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
}

interface ChronologyEntry {
  date: string;
  end?: string;
  event: string;
  source?: string;
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
  }[];
  programme: ProgrammeItem[];
  /** The programme day by day. */
  programme_days: { date: string; items: ProgrammeItem[] }[];
  facts: { section: string; items: { label: string; value: string; source?: string }[] }[];
  chronology: ChronologyEntry[];
  /** The chronology as printed: by year under year headings when that helps, else one part. */
  chronology_sections: { heading?: string; entries: ChronologyEntry[] }[];
  talking_points: {
    topic: string;
    points: { text: string; source?: string }[];
    if_asked: { question: string; answer: string }[];
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
  sources: SourceEntry[];
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
 * TemplateSet.labels) and the refs of its images.
 */
export function buildContext(
  id: string,
  visit: Visit,
  kind: DocKind,
  labels: LabelTable,
  images: readonly VisitImage[] = [],
): TemplateContext {
  const lang = documentLang(visit.lang);

  const ordered = {
    ...visit,
    id,
    people: visit.people ?? [],
    programme: programmeOrder(visit.programme ?? []),
    facts: visit.facts ?? [],
    chronology: [...(visit.chronology ?? [])].sort((a, b) => compareDates(a.date, b.date)),
    talking_points: (visit.talking_points ?? []).map((topic) => ({
      topic: topic.topic,
      points: (topic.points ?? []).map(asPoint),
      if_asked: topic.if_asked ?? [],
    })),
    objectives: visit.objectives ?? [],
    their_objectives: visit.their_objectives ?? [],
    press_lines: { lines: (visit.press_lines?.lines ?? []).map(asPoint), if_asked: visit.press_lines?.if_asked ?? [] },
    sources: visit.sources ?? [],
  };
  const context = prepare(ordered) as Omit<
    TemplateContext,
    'doc' | 'docs' | 'chronology_sections' | 'programme_days' | 'has_objectives' | 'has_press_lines' | 'lang' | 'labels'
  >;
  withImageRefs(context as unknown as Record<string, unknown>, images);
  const docs = Object.fromEntries(
    DOC_KINDS.map((k) => [k, { kind: k, title: escapeMarkdown(labels[DOC_TITLE_LABELS[k]]) }]),
  ) as TemplateContext['docs'];
  return {
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
}
