/**
 * A 2,000-entry chronology with 20 changes, for the diff's test and its bench row: the sample
 * visit with a long generated chronology (before), and the same with 8 events edited, 4 dates
 * corrected, 4 entries removed and 4 added (after).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import type { Visit } from '../../src/model/visit.js';

const SAMPLE = fileURLToPath(new URL('../../data/stoltenberg-2017-seoul.yaml', import.meta.url));

/** A chronology of `size` entries over many dates, distinct and alike in form. */
function longChronology(size: number): NonNullable<Visit['chronology']> {
  return Array.from({ length: size }, (_, i) => ({
    date: `${1900 + Math.floor(i / 20)}-${String((i % 12) + 1).padStart(2, '0')}-${String((i % 28) + 1).padStart(2, '0')}`,
    event: `Event number ${i}: the ministers of country ${i % 37} and country ${i % 41} meet in city ${i % 53}.`,
  }));
}

/** A 2,000-entry chronology with 20 changes (edits, additions, removals, corrected dates). */
export function chronologyBench(): { before: Visit; after: Visit } {
  const sample = parse(readFileSync(SAMPLE, 'utf8')) as Visit;
  const before = { ...sample, chronology: longChronology(2000) } as Visit;
  const after = structuredClone(before);
  const chronology = after.chronology!;
  for (let k = 0; k < 8; k++) chronology[100 + k * 200]!.event += ' They sign a memorandum.';
  for (let k = 0; k < 4; k++) chronology[150 + k * 300]!.date = '2099-01-01';
  // Removed and added, from the end backwards so the indexes above stay put.
  for (let k = 0; k < 4; k++) chronology.splice(1990 - k * 400, 1);
  for (let k = 0; k < 4; k++) chronology.push({ date: `2050-0${k + 1}`, event: `A new event ${k} of a new kind.` });
  return { before, after };
}
