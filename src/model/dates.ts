/**
 * Dates of varying precision ("2006", "2012-03", "2017-11-01"), as visit files write them.
 * Kept as strings end to end so nothing is shifted by a time zone.
 */

import { DEFAULT_LANG } from './lang.js';

export type Precision = 'year' | 'month' | 'day';

export interface PartialDate {
  year: number;
  month?: number;
  day?: number;
  precision: Precision;
}

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

const PARTIAL_DATE = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/;

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Parses YYYY, YYYY-MM or YYYY-MM-DD; undefined when the form or the calendar says no. */
export function parsePartialDate(text: string): PartialDate | undefined {
  const match = PARTIAL_DATE.exec(text);
  if (!match) return undefined;
  const year = Number(match[1]);
  if (match[2] === undefined) return { year, precision: 'year' };
  const month = Number(match[2]);
  if (month < 1 || month > 12) return undefined;
  if (match[3] === undefined) return { year, month, precision: 'month' };
  const day = Number(match[3]);
  if (day < 1 || day > daysInMonth(year, month)) return undefined;
  return { year, month, day, precision: 'day' };
}

/** A sort key: earlier dates sort first; at equal prefix, the less precise date first. */
export function dateSortKey(text: string): string {
  return `${text}-00-00`.slice(0, 10);
}

export function compareDates(a: string, b: string): number {
  const ka = dateSortKey(a);
  const kb = dateSortKey(b);
  return ka < kb ? -1 : ka > kb ? 1 : a.length - b.length;
}

/** The last day a partial date covers, as a sort key: "2017-11" ends at "2017-11-31". */
function dateEndKey(text: string): string {
  const parts = text.split('-');
  if (parts.length === 1) return `${text}-12-31`;
  if (parts.length === 2) return `${text}-${daysInMonth(Number(parts[0]), Number(parts[1]))}`;
  return text;
}

/** True when `end` does not come before `start` (a range "2017-11" to "2017-11-02" is fine). */
export function isOrderedRange(start: string, end: string): boolean {
  return dateEndKey(end) >= dateSortKey(start).replace(/-00/g, '-01');
}

/**
 * A date as a document in `lang` prints it: "2006", "March 2012", "1 November 2017" in English
 * (briefing's own house style); through Intl in every other language ("2017년 11월 1일",
 * "1er novembre 2017", "ноябрь 2017 г.").
 */
export function formatDate(text: string, lang: string = DEFAULT_LANG): string {
  const date = parsePartialDate(text);
  if (!date) return text;
  if (isHouseStyle(lang)) return englishDate(date);
  return joined(lang, formatter(lang, date.precision).formatToParts(utc(date)));
}

/**
 * A range as a document in `lang` prints it: "1991–1993", "31 October – 2 November 2017",
 * "11–13 April 2013" in English; through Intl's formatRange in every other language, which
 * says the shared month or year once ("2013년 4월 11일~13일").
 */
export function formatDateRange(start: string, end?: string, lang: string = DEFAULT_LANG): string {
  if (!end || end === start) return formatDate(start, lang);
  if (isHouseStyle(lang)) return englishRange(start, end);
  const a = parsePartialDate(start);
  const b = parsePartialDate(end);
  if (!a || !b) return `${formatDate(start, lang)}–${formatDate(end, lang)}`;
  // Two precisions ("2017-11" to "2017-11-02") are formatted at the coarser, unless that makes them one.
  const precision = a.precision === b.precision ? a.precision : coarser(a.precision, b.precision);
  const from = utc(a);
  const to = utc(b);
  const format = formatter(lang, precision);
  const ranged = format.formatRangeToParts(from, to);
  const single = joined(lang, format.formatToParts(from));
  if (a.precision !== b.precision && joined(lang, ranged) === single) {
    // Spaced as ICU spaces its own ranges between whole dates: thin spaces around the dash.
    return `${formatDate(start, lang)}\u2009–\u2009${formatDate(end, lang)}`;
  }
  // ICU falls back to numeric dates for some ranges (ja, zh: "2013/04/11～2013/04/13"): then
  // both dates are written out in full around the separator ICU chose.
  if (!writtenAsDates(format, ranged, from))
    return `${formatDate(start, lang)}${separator(ranged)}${formatDate(end, lang)}`;
  return joined(lang, ranged);
}

/** The one language whose dates keep briefing's own style, exactly as it always printed them. */
const isHouseStyle = (lang: string): boolean => lang.toLowerCase() === DEFAULT_LANG;

function englishDate(date: PartialDate): string {
  if (date.precision === 'year') return String(date.year);
  const month = MONTHS[date.month! - 1];
  if (date.precision === 'month') return `${month} ${date.year}`;
  return `${date.day} ${month} ${date.year}`;
}

function englishRange(start: string, end: string): string {
  const a = parsePartialDate(start);
  const b = parsePartialDate(end);
  const format = (text: string) => formatDate(text);
  if (!a || !b || a.precision !== b.precision || a.precision === 'year') {
    return `${format(start)}–${format(end)}`;
  }
  if (a.year !== b.year) return `${format(start)} – ${format(end)}`;
  if (a.precision === 'month') return `${MONTHS[a.month! - 1]}–${format(end)}`;
  if (a.month !== b.month) {
    return `${a.day} ${MONTHS[a.month! - 1]} – ${format(end)}`;
  }
  return `${a.day}–${format(end)}`;
}

const PRECISIONS: readonly Precision[] = ['year', 'month', 'day'];
const coarser = (a: Precision, b: Precision): Precision =>
  PRECISIONS[Math.min(PRECISIONS.indexOf(a), PRECISIONS.indexOf(b))]!;

/** Noon UTC of the date's first day: formatted in UTC, so no time zone moves it. */
const utc = (date: PartialDate): Date => new Date(Date.UTC(date.year, (date.month ?? 1) - 1, date.day ?? 1, 12));

const FIELDS: Record<Precision, Intl.DateTimeFormatOptions> = {
  year: { year: 'numeric' },
  month: { year: 'numeric', month: 'long' },
  day: { year: 'numeric', month: 'long', day: 'numeric' },
};

const formats = new Map<string, Intl.DateTimeFormat>();

/**
 * The formatter for `lang` at a precision. Always the Gregorian calendar: a chronology's dates
 * are Gregorian, and `ar-SA` (Islamic) or `th` (Buddhist era: 2017 is 2560) would print other
 * days and years than the sources'. Digits stay the locale's own: Latin in `ar` (as ICU has it),
 * Arabic-Indic in `ar-SA` or `ar-EG`, or as a `-u-nu-` extension of `lang` asks.
 */
function formatter(lang: string, precision: Precision): Intl.DateTimeFormat {
  const key = `${lang}\0${precision}`;
  let format = formats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(lang, { ...FIELDS[precision], timeZone: 'UTC', calendar: 'gregory' });
    formats.set(key, format);
  }
  return format;
}

type Part = Intl.DateTimeRangeFormatPart | Intl.DateTimeFormatPart;

/** Intl's parts joined. French writes the first of the month as an ordinal ("1er novembre"), which Intl does not. */
function joined(lang: string, parts: readonly Part[]): string {
  const french = new Intl.Locale(lang).language === 'fr';
  return parts.map((p) => (french && p.type === 'day' && p.value === '1' ? '1er' : p.value)).join('');
}

/** What a formatted range puts between its two dates: the shared text after the start's last part. */
function separator(parts: readonly Intl.DateTimeRangeFormatPart[]): string {
  const afterStart = parts.map((p) => p.source).lastIndexOf('startRange') + 1;
  const beforeEnd = parts.findIndex((p) => p.source === 'endRange');
  return parts
    .slice(afterStart, beforeEnd < 0 ? undefined : beforeEnd)
    .map((p) => p.value)
    .join('');
}

/**
 * Whether a formatted range is written as the single date is: it holds each of the date's
 * words ("年", "월", " de ", " г."), which a numeric fallback ("2013/04/11") lacks.
 */
function writtenAsDates(format: Intl.DateTimeFormat, ranged: readonly Part[], date: Date): boolean {
  const text = ranged.map((p) => p.value).join('');
  return format
    .formatToParts(date)
    .filter((p) => p.type === 'literal' || p.type === 'month')
    .map((p) => p.value.trim())
    .every((word) => !/\p{L}/u.test(word) || /^\d+$/.test(word) || text.includes(word));
}
