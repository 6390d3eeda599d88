/**
 * Which characters each bundled font family has, known without opening the fonts: the table in
 * coverage.generated.ts is made ahead of time from the fonts' character maps (scripts/
 * font-coverage.mjs) and checked against the installed fonts by tests/font-runs.test.ts.
 * A family's coverage is written as ranges of code points: base-36 numbers, alternately the gap
 * since the end of the previous range and the length of the range, separated by spaces.
 */
import { COVERAGE } from './coverage.generated.js';
import type { FontFamily } from './font-files.js';

/** Ranges of code points, [start, end) pairs one after another, in order. */
type Ranges = Uint32Array;

export function encodeRanges(codePoints: Iterable<number>): string {
  const sorted = [...new Set(codePoints)].sort((a, b) => a - b);
  const numbers: number[] = [];
  let end = 0;
  for (let i = 0; i < sorted.length; ) {
    const start = sorted[i]!;
    let j = i + 1;
    while (j < sorted.length && sorted[j] === sorted[j - 1]! + 1) j++;
    numbers.push(start - end, j - i);
    end = start + (j - i);
    i = j;
  }
  return numbers.map((n) => n.toString(36)).join(' ');
}

export function decodeRanges(encoded: string): Ranges {
  const numbers = encoded ? encoded.split(' ').map((n) => Number.parseInt(n, 36)) : [];
  const ranges = new Uint32Array(numbers.length);
  let end = 0;
  for (let i = 0; i < numbers.length; i += 2) {
    ranges[i] = end + numbers[i]!;
    end = ranges[i + 1] = ranges[i]! + numbers[i + 1]!;
  }
  return ranges;
}

function inRanges(ranges: Ranges, codePoint: number): boolean {
  let low = 0;
  let high = ranges.length / 2 - 1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    if (codePoint < ranges[2 * mid]!) high = mid - 1;
    else if (codePoint >= ranges[2 * mid + 1]!) low = mid + 1;
    else return true;
  }
  return false;
}

const decoded = new Map<FontFamily, Ranges>();

/** Whether a family (both its faces) has a glyph for a code point. */
export function covers(family: FontFamily, codePoint: number): boolean {
  let ranges = decoded.get(family);
  if (!ranges) {
    ranges = decodeRanges(COVERAGE[family]);
    decoded.set(family, ranges);
  }
  return inRanges(ranges, codePoint);
}

/** Characters no font needs: whitespace controls and default-ignorables (joiners, selectors, tags). */
const NEEDS_NO_GLYPH = /^[\t\n\r\p{Default_Ignorable_Code_Point}]$/u;
/** Text every font's own family has: printable ASCII and Latin-1. */
const PLAIN = /^[\t\n\r\u0020-\u007E\u00A0-\u00FF]*$/;

const FAMILIES = Object.keys(COVERAGE) as FontFamily[];

/** The first character of text that no bundled font has, if any (it would print as a box). */
export function missingGlyph(text: string): string | undefined {
  if (PLAIN.test(text)) return undefined;
  for (const char of text) {
    const codePoint = char.codePointAt(0)!;
    if (codePoint < 0x100 || NEEDS_NO_GLYPH.test(char)) continue;
    if (!FAMILIES.some((family) => covers(family, codePoint))) return char;
  }
  return undefined;
}
