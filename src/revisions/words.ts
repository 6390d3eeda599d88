/**
 * Texts as a reader compares them: whitespace that Markdown ignores does not count, and a
 * changed text is told as runs of equal, deleted and inserted words.
 */
import { Diff } from 'diff';

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
 * Words as Unicode word segmentation finds them, every space and punctuation mark a token of its
 * own: jsdiff's diffWordsWithSpace model (its runs spell both texts exactly, equal + delete =
 * before, equal + insert = after, which marking needs; diffWords instead folds spaces into the
 * neighbouring words by heuristics), but with words of every script. diffWordsWithSpace's own
 * words are Latin only: it would mark "м[-и-]{+о+}р" in Russian, Arabic or Korean, and split
 * Chinese and Japanese into characters where the segmenter finds 会談 → 会議. The locale is
 * fixed, so that the same texts give the same runs on every machine.
 */
class SegmentedWords extends Diff<string, string> {
  private readonly segmenter = new Intl.Segmenter('und', { granularity: 'word' });
  override tokenize(value: string): string[] {
    return Array.from(this.segmenter.segment(value), (part) => part.segment);
  }
}

const words = new SegmentedWords();

/** The words that changed between two normalised texts. */
export function wordRuns(before: string, after: string): WordRun[] {
  const runs: WordRun[] = [];
  for (const part of words.diff(before, after)) {
    const op = part.added ? 'insert' : part.removed ? 'delete' : 'equal';
    const last = runs.at(-1);
    if (last?.op === op) last.text += part.value;
    else runs.push({ op, text: part.value });
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

/** Scripts written without spaces between words: their characters are compared one by one. */
const UNSPACED = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}]/u;

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
