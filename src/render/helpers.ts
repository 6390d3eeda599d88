/**
 * Template helpers: dates at their precision, citations as GFM footnotes, table-safe cells.
 * Citations are collected per render in `@citations`, so each document lists the sources
 * it cites, numbered in the order it first cites them.
 */
import type { HelperDelegate, HelperOptions } from 'handlebars';
import { RENDER_REPEATS, RENDERED_CHARS, shown } from '../limits.js';
import { inLanguage, slug } from '../markdown/conventions.js';
import { formatDate, formatDateRange } from '../model/dates.js';
import { canonicalTag } from '../model/lang.js';
import { fillPlaceholders } from '../model/placeholders.js';
import type { SourceEntry } from './context.js';
import { escapeInline, escapeMarkdown, linkTo, listItemContinued, quoteContinued, tableCell } from './escape.js';
import { isLabelKey, type LabelTable, unknownLabel } from './labels.js';

/** Render-scoped state handed to helpers through Handlebars' `@data`. */
export interface RenderData {
  citations: Map<string, SourceEntry | undefined>;
  /** Citations whose footnote definitions were already written. */
  written: Set<string>;
  sources: SourceEntry[];
  /** What this render's repeated blocks have made so far (see countedEach). */
  made: { repeats: number; chars: number };
  /** The document's language (dates) and its labels. */
  lang: string;
  labels: LabelTable;
}

const renderData = (options: HelperOptions) => options.data as RenderData;

/** A footnote label GFM accepts: no spaces, brackets or carets. */
function footnoteLabel(id: string): string {
  return id.replace(/[\s[\]^\\]+/g, '-');
}

function sourceNote(source: SourceEntry, lang: string, labels: LabelTable): string {
  const parts = [`*${source.title}*`];
  if (source.publisher) parts.push(source.publisher);
  if (source.date) parts.push(formatDate(source.date, lang));
  const note = `${parts.join(escapeInline(labels.list_separator))}${escapeInline(labels.full_stop)}`;
  return source.url ? `${note} ${linkTo(source.url)}` : note;
}

/** Where a helper was called, as Handlebars tells it: 1-based line, 0-based column. */
export interface CallSite {
  line: number;
  column: number;
}

/**
 * A helper's error while rendering, at its call. A helper knows where it was called but not in
 * which template file (the book includes the others), so TemplateSet.render finds the file and
 * turns this into a diagnostic: it never leaves rendering.
 */
export class TemplateRunError extends Error {
  constructor(
    message: string,
    readonly helper: string,
    readonly at: CallSite,
  ) {
    super(message);
  }
}

/** What Handlebars passes every helper besides the documented options: its name and its call's place. */
type CallOptions = HelperOptions & { name: string; loc: { start: CallSite } };
const callSite = (options: HelperOptions): CallSite => (options as CallOptions).loc.start;

function describe(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a set of fields';
  return typeof value === 'string' ? `"${value}"` : `${typeof value} ${String(value)}`;
}

/**
 * A helper's argument as text. Absent is fine (an optional field prints nothing), but a list or
 * a set of fields is a mistake in the template, which would otherwise print nothing silently.
 */
function text(value: unknown, options: HelperOptions, expected = 'text'): string | undefined {
  if (value === undefined || value === null || typeof value === 'string') return value ?? undefined;
  const { name } = options as CallOptions;
  throw new TemplateRunError(`${name}: expected ${expected}, got ${describe(value)}`, name, callSite(options));
}

/** Applies `format` to a helper's one text argument; nothing for an absent one. */
const textHelper =
  (format: (value: string) => string, expected?: string) =>
  (value: unknown, options: HelperOptions): string => {
    const given = text(value, options, expected);
    return given === undefined ? '' : format(given);
  };

/**
 * Handlebars' `each`, counting what its blocks make against the limits: nested blocks over a
 * few hundred entries make a document without end. Every block that repeats goes through
 * `each` (a list as a section, `{{#people}}`, too), so this bounds rendering.
 */
export function countedEach(each: HelperDelegate): HelperDelegate {
  return function (this: unknown, context: unknown, options: HelperOptions) {
    const made = renderData(options).made;
    const fn = options.fn;
    const counted: HelperOptions['fn'] = (item, blockOptions) => {
      const text = fn(item, blockOptions);
      made.repeats++;
      made.chars += text.length;
      if (made.repeats > RENDER_REPEATS || made.chars > RENDERED_CHARS) throw tooMuch(options, made);
      return text;
    };
    return each.call(this, context, { ...options, fn: counted });
  };
}

function tooMuch(options: HelperOptions, made: RenderData['made']): TemplateRunError {
  const limit =
    made.repeats > RENDER_REPEATS
      ? `${shown(RENDER_REPEATS)} repetitions`
      : `${shown(RENDERED_CHARS)} characters of Markdown`;
  const { name } = options as CallOptions;
  return new TemplateRunError(
    `{{#${name}}}: the document grows past the limit of ${limit} for one document; check the nesting of repeated blocks`,
    name,
    callSite(options),
  );
}

const DATE = 'a date as text, such as "2017-11-01", "2017-11" or "2017"';

/** How many arguments each helper takes, Handlebars' own included: checked when templates load. */
export const HELPER_ARGUMENTS: Record<string, readonly [min: number, max: number]> = {
  each: [1, 1],
  if: [1, 1],
  unless: [1, 1],
  with: [1, 1],
  lookup: [2, 2],
  date: [1, 1],
  dateRange: [1, 2],
  cite: [1, 1],
  sourceNotes: [0, 0],
  slug: [1, 1],
  cell: [1, 1],
  quote: [1, 1],
  listItem: [1, 1],
  upper: [1, 1],
  join: [1, Infinity],
  eq: [2, 2],
  inc: [1, 1],
  label: [1, 1],
  nativeName: [1, 1],
  changeMark: [1, 1],
};

/** A person as the templates pass one to nativeName: the fields it reads. */
type Named = { native_name?: unknown; native_lang?: unknown };

export const helpers: Record<string, HelperDelegate> = {
  /** `{{date "2012-03"}}` → "March 2012", in the document's language ("2012년 3월"). */
  date(value: unknown, options: HelperOptions) {
    const given = text(value, options, DATE);
    return given === undefined ? '' : formatDate(given, renderData(options).lang);
  },

  /** `{{dateRange start end}}` → "31 October – 2 November 2017", in the document's language. */
  dateRange(start: unknown, ...rest: unknown[]) {
    const options = rest.pop() as HelperOptions;
    const from = text(start, options, DATE);
    return from === undefined ? '' : formatDateRange(from, text(rest[0], options, DATE), renderData(options).lang);
  },

  /**
   * `{{label "key_facts"}}` → "Key facts", in the document's language ("주요 사실"); places in
   * the label are filled from the hash: `{{label "prepared" date=(date prepared)}}`.
   */
  label(key: unknown, options: HelperOptions) {
    const name = text(key, options, 'a label key such as "key_facts"') ?? '';
    if (!isLabelKey(name)) throw new TemplateRunError(unknownLabel(name), 'label', callSite(options));
    const values = options.hash as Record<string, string | number>;
    return fillPlaceholders(escapeInline(renderData(options).labels[name]), values);
  },

  /**
   * `{{nativeName person}}` → the person's native_name, marked with its language when the
   * data gives one: `<span lang="ko">강경화</span>` (the one raw HTML the readers take).
   */
  nativeName(person: unknown, options: HelperOptions) {
    if (person === undefined || person === null) return '';
    if (typeof person !== 'object' || Array.isArray(person)) {
      const { name } = options as CallOptions;
      throw new TemplateRunError(
        `${name}: expected a person (their set of fields), got ${describe(person)}`,
        name,
        callSite(options),
      );
    }
    const { native_name, native_lang } = person as Named;
    const name = text(native_name, options);
    if (!name) return '';
    const lang = typeof native_lang === 'string' ? canonicalTag(native_lang) : undefined;
    return lang ? inLanguage(name, lang) : name;
  },

  /** `{{cite source}}` → a footnote reference such as `[^mofa-2017]`, or nothing without a source. */
  cite(value: unknown, options: HelperOptions) {
    const source = text(value, options, 'a source id');
    if (!source) return '';
    const data = renderData(options);
    if (!data.citations.has(source)) {
      const entry = data.sources.find((s) => s.id === source);
      // The data's own citations are checked when it loads; this is a template's literal id.
      if (!entry)
        throw new TemplateRunError(
          `cite "${source}": no source has that id; sources are: ${data.sources.map((s) => s.id).join(', ')}`,
          'cite',
          callSite(options),
        );
      data.citations.set(source, entry);
    }
    return `[^${footnoteLabel(source)}]`;
  },

  /** `{{sourceNotes}}` → the footnote definitions of the sources cited so far and not yet listed. */
  sourceNotes(this: { inBook?: boolean }, options: HelperOptions) {
    // A document inside the book leaves its sources to the book's one shared list.
    if (this.inBook) return '';
    const data = renderData(options);
    const lines: string[] = [];
    for (const [id, source] of data.citations) {
      if (data.written.has(id)) continue;
      data.written.add(id);
      lines.push(
        `[^${footnoteLabel(id)}]: ${source ? sourceNote(source, data.lang, data.labels) : escapeMarkdown(id)}`,
      );
    }
    return lines.join('\n');
  },

  /** `{{slug "Fact sheet"}}` → `fact-sheet`: the anchor GitHub gives a heading. */
  slug: textHelper(slug),

  /** `{{cell text}}` → the text on one line with pipes escaped, for a table cell. */
  cell: textHelper(tableCell),

  /** `> {{quote answer}}` → a Markdown field of any length, all of it inside the blockquote. */
  quote: textHelper(quoteContinued),

  /** `1. {{listItem text}}` → a Markdown field of any length, all of it inside the list item. */
  listItem: textHelper(listItemContinued),

  /** `{{upper marking}}` → capitals. */
  upper: textHelper((value) => value.toUpperCase()),

  /**
   * `{{join a b c sep=", "}}` → the non-empty values joined; by default with the document's
   * list separator (", ", "、", "، ").
   */
  join(...args: unknown[]) {
    const options = args.pop() as HelperOptions;
    const separator =
      typeof options.hash.sep === 'string' ? options.hash.sep : escapeInline(renderData(options).labels.list_separator);
    return args
      .flat()
      .map((v) => text(v, options, 'text or a list of text'))
      .filter((v) => v)
      .join(separator);
  },

  /** `{{#if (eq a b)}}`. */
  eq: (a: unknown, b: unknown) => a === b,

  /**
   * `{{changeMark change}}` at the start of a changed item → `<!--change:c3-->` (the PDF sets a
   * change bar beside the item, HTML marks it); nothing for an unchanged item.
   */
  changeMark(change: unknown) {
    const id = change && typeof change === 'object' ? (change as { id?: unknown }).id : undefined;
    return typeof id === 'string' && /^c\d+$/.test(id) ? `<!--change:${id}-->` : '';
  },

  /** `{{inc @index}}` → 1-based numbering. */
  inc: (value: unknown) => (typeof value === 'number' ? value + 1 : value),
};
