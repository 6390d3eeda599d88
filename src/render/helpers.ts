/**
 * Template helpers: dates at their precision, citations as GFM footnotes, table-safe cells.
 * Citations are collected per render in `@citations`, so each document lists the sources
 * it cites, numbered in the order it first cites them.
 */
import type { HelperDelegate, HelperOptions } from 'handlebars';
import { formatDate, formatDateRange } from '../model/dates.js';
import type { SourceEntry } from './context.js';
import { escapeMarkdown, linkTo, listItemContinued, quoteContinued, tableCell } from './escape.js';
import { slug } from '../markdown.js';

/** Render-scoped state handed to helpers through Handlebars' `@data`. */
export interface RenderData {
  citations: Map<string, SourceEntry | undefined>;
  /** Citations whose footnote definitions were already written. */
  written: Set<string>;
  sources: SourceEntry[];
}

const renderData = (options: HelperOptions) => options.data as RenderData;

/** A footnote label GFM accepts: no spaces, brackets or carets. */
function footnoteLabel(id: string): string {
  return id.replace(/[\s[\]^\\]+/g, '-');
}

function sourceNote(source: SourceEntry): string {
  const parts = [`*${source.title}*`];
  if (source.publisher) parts.push(source.publisher);
  if (source.date) parts.push(formatDate(source.date));
  const note = `${parts.join(', ')}.`;
  return source.url ? `${note} ${linkTo(source.url)}` : note;
}

/** A helper's error while rendering, with the template text to point at (Handlebars keeps no positions). */
export class TemplateRunError extends Error {
  constructor(
    message: string,
    readonly near: string,
  ) {
    super(message);
  }
}

/** How many arguments each helper takes, Handlebars' own included: checked when templates load. */
export const HELPER_ARGUMENTS: Record<string, readonly [min: number, max: number]> = {
  each: [1, 1], if: [1, 1], unless: [1, 1], with: [1, 1], lookup: [2, 2], log: [1, Infinity],
  date: [1, 1], dateRange: [1, 2], cite: [1, 1], sourceNotes: [0, 0], slug: [1, 1], cell: [1, 1],
  quote: [1, 1], listItem: [1, 1], upper: [1, 1], join: [1, Infinity], eq: [2, 2], inc: [1, 1],
};

export const helpers: Record<string, HelperDelegate> = {
  /** `{{date "2012-03"}}` → "March 2012". */
  date: (value: unknown) => (typeof value === 'string' ? formatDate(value) : ''),

  /** `{{dateRange start end}}` → "31 October – 2 November 2017". */
  dateRange: (start: unknown, end: unknown) =>
    typeof start === 'string' ? formatDateRange(start, typeof end === 'string' ? end : undefined) : '',

  /** `{{cite source}}` → a footnote reference such as `[^mofa-2017]`, or nothing without a source. */
  cite(source: unknown, options: HelperOptions) {
    if (typeof source !== 'string' || source === '') return '';
    const data = renderData(options);
    if (!data.citations.has(source)) {
      const entry = data.sources.find((s) => s.id === source);
      // The data's own citations are checked when it loads; this is a template's literal id.
      if (!entry) throw new TemplateRunError(`cite "${source}": no source has that id; sources are: ${data.sources.map((s) => s.id).join(', ')}`, `cite "${source}"`);
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
      lines.push(`[^${footnoteLabel(id)}]: ${source ? sourceNote(source) : escapeMarkdown(id)}`);
    }
    return lines.join('\n');
  },

  /** `{{slug "Fact sheet"}}` → `fact-sheet`: the anchor GitHub gives a heading. */
  slug: (value: unknown) => (typeof value === 'string' ? slug(value) : ''),

  /** `{{cell text}}` → the text on one line with pipes escaped, for a table cell. */
  cell: (value: unknown) => (typeof value === 'string' ? tableCell(value) : ''),

  /** `> {{quote answer}}` → a Markdown field of any length, all of it inside the blockquote. */
  quote: (value: unknown) => (typeof value === 'string' ? quoteContinued(value) : ''),

  /** `1. {{listItem text}}` → a Markdown field of any length, all of it inside the list item. */
  listItem: (value: unknown) => (typeof value === 'string' ? listItemContinued(value) : ''),

  /** `{{upper marking}}` → capitals. */
  upper: (value: unknown) => (typeof value === 'string' ? value.toUpperCase() : ''),

  /** `{{join a b c sep=", "}}` → the non-empty values joined (default separator ", "). */
  join(...args: unknown[]) {
    const options = args.pop() as HelperOptions;
    const separator = typeof options.hash.sep === 'string' ? options.hash.sep : ', ';
    return args
      .flat()
      .filter((v) => typeof v === 'string' && v !== '')
      .join(separator);
  },

  /** `{{#if (eq a b)}}`. */
  eq: (a: unknown, b: unknown) => a === b,

  /** `{{inc @index}}` → 1-based numbering. */
  inc: (value: unknown) => (typeof value === 'number' ? value + 1 : value),
};
