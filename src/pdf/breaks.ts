/**
 * Where pdfmake may break a paragraph's lines, by script. pdfmake's text breaker follows UAX #14
 * (the `linebreak` package), which already breaks Japanese and Chinese between characters under
 * the kinsoku rules. Two scripts need more: Thai is written without spaces between words, and
 * UAX #14 leaves its breaks to a dictionary it does not have (a Thai paragraph never broke and ran
 * past the margin); Korean is broken at spaces only (CSS `word-break: keep-all`), where UAX #14
 * breaks between any two syllables. Nothing is inserted into the text: words are cut or joined.
 */
import { type BaseDirection, type TextItem, withBidiLevels } from './bidi.js';

/** A word as pdfmake's text breaker makes it: its text, its run's style, how it ends. */
export interface BrokenWord {
  text: string;
  noNewLine?: boolean;
  lineEnd?: boolean;
  [property: string]: unknown;
}

const THAI = /\p{Script=Thai}/u;
const THAI_AT_END = /\p{Script=Thai}$/u;
const THAI_AT_START = /^\p{Script=Thai}/u;
const HANGUL = /[\u1100-\u11ff\u3130-\u318f\ua960-\ua97f\uac00-\ud7ff]/u;
const LETTER_AT_END = /[\p{L}\p{N}]\p{M}*$/u;
const LETTER_AT_START = /^[\p{L}\p{N}]/u;

let thaiWords: Intl.Segmenter | undefined;

/** Each word with Thai in it cut where a Thai word ends and another begins. */
function thaiBroken(words: BrokenWord[]): BrokenWord[] {
  if (!words.some((word) => THAI.test(word.text))) return words;
  thaiWords ??= new Intl.Segmenter('th', { granularity: 'word' });
  return words.flatMap((word) => {
    if (!THAI.test(word.text)) return [word];
    const cuts: number[] = [];
    for (const { index } of thaiWords!.segment(word.text))
      if (index > 0 && THAI_AT_END.test(word.text.slice(0, index)) && THAI_AT_START.test(word.text.slice(index)))
        cuts.push(index);
    if (cuts.length === 0) return [word];
    const ends = [...cuts, word.text.length];
    return ends.map((end, i) => {
      const piece: BrokenWord = { ...word, text: word.text.slice(i === 0 ? 0 : cuts[i - 1], end) };
      if (i < cuts.length) {
        delete piece.noNewLine;
        delete piece.lineEnd;
      }
      return piece;
    });
  });
}

/** Whether two words are drawn alike: all but their text and how they end. */
function sameStyle(a: BrokenWord, b: BrokenWord): boolean {
  const keys = (word: BrokenWord) =>
    Object.keys(word).filter((key) => key !== 'text' && key !== 'noNewLine' && key !== 'lineEnd');
  const ka = keys(a);
  return ka.length === keys(b).length && ka.every((key) => a[key] === b[key]);
}

/**
 * Words broken inside a Korean word joined again: it breaks at spaces only. Words of one run are
 * joined into one; across runs (another style, or a long word the typesetter cut into runs so that
 * a column can be narrower than it: see typeset/inline.ts) they are only kept on one line if they fit.
 */
function keptAll(words: BrokenWord[]): BrokenWord[] {
  if (!words.some((word) => HANGUL.test(word.text))) return words;
  const out: BrokenWord[] = [];
  for (const word of words) {
    const last = out[out.length - 1];
    const inside =
      last &&
      !last.lineEnd &&
      LETTER_AT_END.test(last.text) &&
      LETTER_AT_START.test(word.text) &&
      (HANGUL.test(last.text.slice(-1)) || HANGUL.test(word.text[0]!));
    if (!inside) out.push(word);
    else if (sameStyle(last, word)) out[out.length - 1] = { ...word, text: last.text + word.text };
    else {
      last.noNewLine = true;
      out.push(word);
    }
  }
  return out;
}

/** Runs with Hangul numbered, so that their words tell which run they come from (see keptAll). */
function withRunNumbers(items: readonly TextItem[]): readonly TextItem[] {
  if (!items.some((item) => HANGUL.test(typeof item === 'string' ? item : String(item.text ?? '')))) return items;
  return items.map((item, sourceRun) =>
    typeof item === 'string' ? { text: item, sourceRun } : { ...item, sourceRun },
  );
}

/** pdfmake's text breaker (pdfmake/js/TextBreaker.js), as far as it is used here. */
export interface TextBreakerClass {
  prototype: { getBreaks(texts: TextItem | TextItem[], styleContextStack: unknown): BrokenWord[] };
}

/** Reads a style property as pdfmake does (StyleContextStack.getStyleProperty). */
export type StyleProperty = (item: object, stack: unknown, property: string, defaultValue: unknown) => unknown;

/**
 * pdfmake's text breaker made to keep right-to-left text in its levels (bidi.ts) and to break
 * Thai and Korean as their readers expect. The paragraph's base direction is the `direction`
 * style property ('ltr' unless a document sets 'rtl'). A correction: it stays with every patch off.
 */
export function scriptAwareBreaks(TextBreaker: TextBreakerClass, styleProperty: StyleProperty): void {
  const getBreaks = TextBreaker.prototype.getBreaks;
  TextBreaker.prototype.getBreaks = function (texts, stack) {
    const base = styleProperty({}, stack, 'direction', 'ltr') === 'rtl' ? 'rtl' : 'ltr';
    const items = withRunNumbers(withBidiLevels(Array.isArray(texts) ? texts : [texts], base as BaseDirection));
    return keptAll(thaiBroken(getBreaks.call(this, items as TextItem[], stack)));
  };
}
