/**
 * The data a template sees: the visit with every printable string already Markdown-ready
 * (plain fields escaped, Markdown fields sanitised), lists in reading order.
 */
import { compareDates } from '../model/dates.js';
import type { Visit } from '../model/visit.js';
import type { DocKind } from '../docs.js';
import { DOC_TITLES } from '../docs.js';
import { escapeMarkdown, sanitizeMarkdown } from './escape.js';

export interface SourceEntry {
  id: string;
  title: string;
  publisher?: string;
  date?: string;
  url?: string;
}

export interface TemplateContext {
  id: string;
  doc: { kind: DocKind; title: string };
  title: string;
  marking?: string;
  prepared?: string;
  visit: {
    visitor: { name: string; title?: string; organization?: string; native_name?: string };
    host: { country: string; city?: string };
    start: string;
    end?: string;
    purpose?: string;
  };
  people: { name: string; native_name?: string; title?: string; organization?: string; role?: string; bio?: string }[];
  programme: { date: string; time?: string; item: string; place?: string }[];
  facts: { section: string; items: { label: string; value: string; source?: string }[] }[];
  chronology: { date: string; end?: string; event: string; source?: string }[];
  talking_points: {
    topic: string;
    points: { text: string; source?: string }[];
    if_asked: { question: string; answer: string }[];
  }[];
  sources: SourceEntry[];
}

/** Fields that hold inline Markdown; every other string is plain text. */
const MARKDOWN_FIELDS = new Set(['purpose', 'bio', 'event', 'text', 'answer']);
/** Identifiers and dates: not printed as prose, passed as written. */
const VERBATIM_FIELDS = new Set(['id', 'source', 'date', 'end', 'start', 'prepared', 'time', 'url']);

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

export function buildContext(id: string, visit: Visit, kind: DocKind): TemplateContext {
  // An item without a time keeps its place in the file within its day: staff list a day in order.
  const byDateAndTime = (a: { date: string; time?: string }, b: { date: string; time?: string }) =>
    compareDates(a.date, b.date) || (a.time && b.time ? a.time.localeCompare(b.time) : 0);
  const ordered = {
    ...visit,
    id,
    people: visit.people ?? [],
    programme: [...(visit.programme ?? [])].sort(byDateAndTime),
    facts: visit.facts ?? [],
    chronology: [...(visit.chronology ?? [])].sort((a, b) => compareDates(a.date, b.date)),
    talking_points: (visit.talking_points ?? []).map((topic) => ({
      topic: topic.topic,
      points: (topic.points ?? []).map((point) => (typeof point === 'string' ? { text: point } : point)),
      if_asked: topic.if_asked ?? [],
    })),
    sources: visit.sources ?? [],
  };
  return { ...(prepare(ordered) as Omit<TemplateContext, 'doc'>), doc: { kind, title: DOC_TITLES[kind] } };
}
