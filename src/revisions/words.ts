/**
 * Texts as a reader compares them: whitespace that Markdown ignores does not count, and a
 * changed text is told as runs of equal, deleted and inserted words.
 */
import { diffWordsWithSpace } from 'diff';

export interface WordRun {
  op: 'equal' | 'insert' | 'delete';
  text: string;
}

const UNSETTLED = /^\s|\s$|\s\s|[^\S ]/;

/**
 * A text with Markdown-insignificant whitespace settled: runs of spaces and folded lines are one
 * space; a blank line (a paragraph break) stays one blank line.
 */
export function normalText(text: string): string {
  // Most texts are settled already: one test spares the splitting.
  if (!UNSETTLED.test(text)) return text;
  return text
    .trim()
    .split(/[ \t]*\n[ \t]*\n\s*/)
    .map((paragraph) => paragraph.replace(/\s+/g, ' '))
    .join('\n\n');
}

/**
 * The words that changed between two normalised texts. diffWordsWithSpace, not diffWords:
 * it keeps every space as a token of its own, so the runs spell both texts exactly (equal +
 * delete = before, equal + insert = after), which marking needs; diffWords folds spaces into
 * the neighbouring words by heuristics. Writing without spaces (Chinese, Japanese) is split into
 * characters first, so a changed character is not a whole changed sentence.
 */
export function wordRuns(before: string, after: string): WordRun[] {
  const runs: WordRun[] = [];
  for (const part of diffWordsWithSpace(spaced(before), spaced(after))) {
    const op = part.added ? 'insert' : part.removed ? 'delete' : 'equal';
    const text = part.value.replace(UNSPACED_MARK, '');
    if (!text) continue;
    const last = runs.at(-1);
    if (last?.op === op) last.text += text;
    else runs.push({ op, text });
  }
  return runs;
}

/**
 * The runs to show a reader: a value replaced whole (a time, a date, a number: one word, or no
 * word in common) reads best as the old value, then the new, rather than interleaved pieces of both.
 */
export function shownRuns(before: string, after: string, runs: readonly WordRun[]): WordRun[] {
  const oneWord = !/\s/.test(before) && !/\s/.test(after);
  const shared = runs.some((run) => run.op === 'equal' && /[\p{L}\p{N}]/u.test(run.text));
  return shared && !oneWord
    ? [...runs]
    : [
        { op: 'delete', text: before },
        { op: 'equal', text: ' ' },
        { op: 'insert', text: after },
      ];
}

/** Scripts written without spaces between words. */
const UNSPACED = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}]/u;
/** A zero-width separator placed between such characters, removed again from the runs. */
const ZWSP = '\u200b';
const UNSPACED_MARK = /\u200b/g;

/** Each character of unspaced writing as its own word, for diffWordsWithSpace. */
function spaced(text: string): string {
  if (!UNSPACED.test(text)) return text;
  return [...text].map((ch) => (UNSPACED.test(ch) ? `${ZWSP}${ch}${ZWSP}` : ch)).join('');
}

/**
 * How alike two texts are, 0 to 1: the Dice coefficient of their word sets (characters, for
 * unspaced writing). Cheap, so that matching leftovers stays fast.
 */
export function similarity(a: string, b: string): number {
  if (a === b) return 1;
  const x = wordSet(a);
  const y = wordSet(b);
  if (x.size === 0 || y.size === 0) return 0;
  let shared = 0;
  for (const word of x) if (y.has(word)) shared++;
  return (2 * shared) / (x.size + y.size);
}

function wordSet(text: string): Set<string> {
  const words = new Set<string>();
  for (const word of text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []) {
    if (UNSPACED.test(word)) for (const ch of word) words.add(ch);
    else words.add(word);
  }
  return words;
}
