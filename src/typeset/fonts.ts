/**
 * Text split into runs by font. pdfmake takes one font per text run and does no glyph fallback,
 * so each character is given a bundled family that has it (coverage.ts knows which, without
 * opening the fonts): Noto Sans first, then the family of its script, then the symbol fonts,
 * the CJK fonts in the order the language prefers, and emoji.
 */
import { covers } from './coverage.js';
import { FONT_FILES, type FontFamily } from './font-files.js';

export { FONT_FILES, type FontFamily } from './font-files.js';

/** CJK blocks, roughly twice as wide as Latin letters (for width estimates and the preview). */
export const CJK_RANGES: readonly (readonly [number, number])[] = [
  [0x1100, 0x11ff],
  [0x2e80, 0x2fdf],
  [0x3000, 0x30ff],
  [0x3130, 0x318f],
  [0x31f0, 0x32ff],
  [0x3400, 0x4dbf],
  [0x4e00, 0x9fff],
  [0xa960, 0xa97f],
  [0xac00, 0xd7ff],
  [0xf900, 0xfaff],
  [0xff00, 0xffef],
  [0x20000, 0x3134f],
];

const hex = (n: number) => n.toString(16).toUpperCase().padStart(4, '0');
const CJK = new RegExp(`[${CJK_RANGES.map(([from, to]) => `\\u{${hex(from)}}-\\u{${hex(to)}}`).join('')}]+`, 'gu');

/** The same ranges as CSS's `unicode-range`. */
export const CJK_UNICODE_RANGE = CJK_RANGES.map(([from, to]) => `U+${hex(from)}-${hex(to)}`).join(', ');

export interface ScriptRun {
  text: string;
  cjk: boolean;
}

/** Splits text into runs of CJK and non-CJK characters, in order. */
export function scriptRuns(text: string): ScriptRun[] {
  const runs: ScriptRun[] = [];
  let last = 0;
  for (const match of text.matchAll(CJK)) {
    if (match.index > last) runs.push({ text: text.slice(last, match.index), cjk: false });
    runs.push({ text: match[0], cjk: true });
    last = match.index + match[0].length;
  }
  if (last < text.length) runs.push({ text: text.slice(last), cjk: false });
  return runs;
}

type CjkFamily = 'SC' | 'TC' | 'JP' | 'KR';

/** The CJK family whose glyph forms a language's readers expect, if it is a CJK language. */
export function cjkFamilyOf(lang: string | undefined): CjkFamily | undefined {
  const [language, ...subtags] = (lang ?? '').toLowerCase().split(/[-_]/);
  if (language === 'ja') return 'JP';
  if (language === 'ko') return 'KR';
  if (language !== 'zh' && language !== 'cmn' && language !== 'yue') return undefined;
  const traditional = subtags.some((tag) => ['hant', 'tw', 'hk', 'mo'].includes(tag));
  const simplified = subtags.includes('hans');
  return traditional && !simplified ? 'TC' : language === 'yue' && !simplified ? 'TC' : 'SC';
}

const KANA = /[\p{Script=Hiragana}\p{Script=Katakana}]/u;
const HANGUL = /\p{Script=Hangul}/u;

/**
 * The CJK families in the order a text prefers them: its language's first; with no CJK
 * language, Japanese beside kana and Korean beside Hangul (Han in such text is most likely a
 * name in that language); otherwise simplified Chinese, the forms most readers of Chinese
 * read, and the family that has the most ideographs (习 is in neither JP nor KR).
 */
function cjkOrder(lang: string | undefined, text: string): CjkFamily[] {
  const first = cjkFamilyOf(lang) ?? (KANA.test(text) ? 'JP' : HANGUL.test(text) ? 'KR' : 'SC');
  return [first, ...(['SC', 'TC', 'JP', 'KR'] as const).filter((family) => family !== first)];
}

/** Families tried after the text's own (Sans, or Mono in code), before the CJK ones. */
const SCRIPT_FAMILIES: readonly FontFamily[] = [
  'Arabic',
  'Hebrew',
  'Thai',
  'Devanagari',
  'Malayalam',
  'Kannada',
  'Symbols',
  'Symbols2',
  'Math',
];

/**
 * Emoji as one unit each: flags (regional-indicator pairs), keycaps, tag sequences (🏴 of a
 * region), and pictographs with their variation selector, skin tone and ZWJ-joined parts.
 */
const EMOJI =
  /\p{RI}\p{RI}|[#*0-9]\uFE0F?\u20E3|\u{1F3F4}[\u{E0020}-\u{E007E}]+\u{E007F}|\p{ExtPict}(?:\uFE0F|\p{EMod})?(?:\u200D\p{ExtPict}(?:\uFE0F|\p{EMod})?)*/gu;
/** A pictograph alone and without VS16 is an emoji only if it is one by default (★ is not). */
const EMOJI_ALONE = /^\p{EPres}$/u;

/** Characters that take the font of the text beside them: spaces and punctuation, */
const NEUTRAL = /^[\s\p{P}]$/u;
/** and marks, joiners and selectors, which take their base's. */
const MARK = /^(?:\p{M}|[\uFE00-\uFE0F]|[\u{E0100}-\u{E01EF}]|\u200C|\u200D)$/u;
const OPENING = /^[\p{Ps}\p{Pi}]$/u;

/** Text that its own font (Sans or Mono) has in full: Latin letters and punctuation. */
const LATIN_ONLY = /^[\t\n\r\u0020-\u007E\u00A0-\u024F]*$/;
/** Text below the first emoji shown as emoji (U+231A): dashes, quotes, accents, Greek, Cyrillic… */
const BEFORE_EMOJI = /^[\t\n\r\u0020-\u2319]*$/;

/** Whether the text's own family has every character of it: then it is one run, chosen at once. */
const ownHasAll = (text: string, own: FontFamily) =>
  LATIN_ONLY.test(text) || (BEFORE_EMOJI.test(text) && coversAll(own, text.replace(/[\t\n\r]/g, '')));

interface Unit {
  text: string;
  family?: FontFamily;
  neutral?: 'mark' | 'opening' | 'other';
}

function units(text: string): Unit[] {
  const out: Unit[] = [];
  let last = 0;
  const addChars = (to: number) => {
    for (const char of text.slice(last, to)) {
      const neutral = MARK.test(char)
        ? 'mark'
        : NEUTRAL.test(char)
          ? OPENING.test(char)
            ? 'opening'
            : 'other'
          : undefined;
      out.push({ text: char, neutral });
    }
  };
  for (const match of text.matchAll(EMOJI)) {
    const sequence = match[0];
    if (!EMOJI_ALONE.test(sequence) && [...sequence].length === 1) continue;
    addChars(match.index);
    out.push({ text: sequence, family: 'Emoji' });
    last = match.index + sequence.length;
  }
  addChars(text.length);
  return out;
}

const coversAll = (family: FontFamily, text: string) => {
  for (const char of text) if (!covers(family, char.codePointAt(0)!)) return false;
  return true;
};

/** Families to try, in order, for a character of text in `own` (Sans or Mono). */
function familyOrder(own: FontFamily, cjk: readonly CjkFamily[]): FontFamily[] {
  return [own, ...(own === 'Sans' ? [] : ['Sans' as const]), ...SCRIPT_FAMILIES, ...cjk, 'Emoji'];
}

/** The first family that has a character; its own family when none has it (it prints a box). */
const familyFor = (char: string, order: readonly FontFamily[]) =>
  order.find((family) => coversAll(family, char)) ?? order[0]!;

/**
 * Each unit's family. A mark, joiner or selector takes its base's. Spaces and punctuation take
 * their neighbours' family when both have the same; between two families, the text's own
 * (Sans: "Kang (강경화)" keeps its brackets in Noto Sans), else the one an opening bracket
 * opens or the one the rest closes.
 */
function chooseFamilies(list: Unit[], own: FontFamily, order: readonly FontFamily[]): FontFamily[] {
  const chosen: (FontFamily | undefined)[] = list.map(
    (unit) => unit.family ?? (unit.neutral ? undefined : familyFor(unit.text, order)),
  );
  const next: (FontFamily | undefined)[] = [];
  for (let i = list.length - 1, after: FontFamily | undefined; i >= 0; i--) {
    next[i] = after;
    after = chosen[i] ?? after;
  }
  for (let i = 0; i < list.length; i++) {
    if (chosen[i]) continue;
    const { text, neutral } = list[i]!;
    // Text outside this piece (the start or end of a styled run) is taken to be in its own family.
    const before = chosen[i - 1] ?? own;
    const after = next[i] ?? own;
    const candidates =
      neutral === 'mark'
        ? [before, after]
        : [
            before === after ? before : undefined,
            before === own || after === own ? own : undefined,
            ...(neutral === 'opening' ? [after, before] : [before, after]),
          ];
    chosen[i] = candidates.find((family) => family && coversAll(family, text)) ?? familyFor(text, order);
  }
  return chosen as FontFamily[];
}

/** A run's text with the family that sets it. */
export interface FontRun {
  text: string;
  family: FontFamily;
}

/** Text split into runs of one family each, for text in `own` family and language `lang`. */
export function fontRuns(text: string, own: FontFamily = 'Sans', lang?: string): FontRun[] {
  if (ownHasAll(text, own)) return text ? [{ text, family: own }] : [];
  const list = units(text);
  const families = chooseFamilies(list, own, familyOrder(own, cjkOrder(lang, text)));
  const runs: FontRun[] = [];
  list.forEach((unit, i) => {
    const family = families[i]!;
    const last = runs[runs.length - 1];
    if (last?.family === family) last.text += unit.text;
    else runs.push({ text: unit.text, family });
  });
  return runs;
}

type Runs<Style> = ({ text: string; font?: FontFamily } & Omit<Style, 'lang'>)[];

/**
 * Text as pdfmake runs: composed to NFC (so accented letters use the fonts' precomposed
 * glyphs) and split by font. `style.lang` (a name's language, else the document's) decides
 * the forms of Han characters; `style.font` is the text's own family (Mono for code).
 */
export function textRuns<Style extends { lang?: string; font?: string }>(text: string, style?: Style): Runs<Style> {
  const { lang, ...rest } = style ?? ({} as Style);
  const own: FontFamily = rest.font && rest.font in FONT_FILES ? (rest.font as FontFamily) : 'Sans';
  return fontRuns(text.normalize('NFC'), own, lang).map((run) => ({
    text: run.text,
    ...(rest as Omit<Style, 'lang'>),
    ...(run.family === own ? {} : { font: run.family }),
  }));
}
