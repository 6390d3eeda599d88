/**
 * Dates of varying precision ("2006", "2012-03", "2017-11-01"), as visit files write them.
 * Kept as strings end to end so nothing is shifted by a time zone.
 */

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

/** "2006", "March 2012", "1 November 2017". */
export function formatDate(text: string): string {
  const date = parsePartialDate(text);
  if (!date) return text;
  if (date.precision === 'year') return String(date.year);
  const month = MONTHS[date.month! - 1];
  if (date.precision === 'month') return `${month} ${date.year}`;
  return `${date.day} ${month} ${date.year}`;
}

/** "1991–1993", "31 October – 2 November 2017", "11–13 April 2013", or one date. */
export function formatDateRange(start: string, end?: string): string {
  if (!end || end === start) return formatDate(start);
  const a = parsePartialDate(start);
  const b = parsePartialDate(end);
  if (!a || !b || a.precision !== b.precision || a.precision === 'year') {
    return `${formatDate(start)}–${formatDate(end)}`;
  }
  if (a.year !== b.year) return `${formatDate(start)} – ${formatDate(end)}`;
  if (a.precision === 'month') return `${MONTHS[a.month! - 1]}–${formatDate(end)}`;
  if (a.month !== b.month) {
    return `${a.day} ${MONTHS[a.month! - 1]} – ${formatDate(end)}`;
  }
  return `${a.day}–${formatDate(end)}`;
}
