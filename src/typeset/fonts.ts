/**
 * Fonts embedded in every PDF, from OFL-licensed npm packages. pdfmake takes one font per
 * text run and does no glyph fallback, so text is split into runs by script: Hangul and
 * other CJK runs go to Noto Sans KR, the rest to Noto Sans (which has true italics).
 */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const font = (pkg: string, file: string) => require.resolve(`@expo-google-fonts/${pkg}/${file}`);

/** A family with a regular and a bold face (the italics are the upright faces). */
function scriptFamily<Name extends string>(name: Name, pkg: string, file: string) {
  const normal = font(pkg, `400Regular/${file}_400Regular.ttf`);
  const bold = font(pkg, `700Bold/${file}_700Bold.ttf`);
  return { [name]: { normal, bold, italics: normal, bolditalics: bold } } as Record<
    Name,
    { normal: string; bold: string; italics: string; bolditalics: string }
  >;
}

export const FONT_FILES = {
  Sans: {
    normal: font('noto-sans', '400Regular/NotoSans_400Regular.ttf'),
    bold: font('noto-sans', '700Bold/NotoSans_700Bold.ttf'),
    italics: font('noto-sans', '400Regular_Italic/NotoSans_400Regular_Italic.ttf'),
    bolditalics: font('noto-sans', '700Bold_Italic/NotoSans_700Bold_Italic.ttf'),
  },
  // Noto Sans KR has no italic face; emphasised Hangul keeps the upright face.
  Hangul: {
    normal: font('noto-sans-kr', '400Regular/NotoSansKR_400Regular.ttf'),
    bold: font('noto-sans-kr', '700Bold/NotoSansKR_700Bold.ttf'),
    italics: font('noto-sans-kr', '400Regular/NotoSansKR_400Regular.ttf'),
    bolditalics: font('noto-sans-kr', '700Bold/NotoSansKR_700Bold.ttf'),
  },
  // Right-to-left and Thai text, for runs that name these families; choosing them by script is textRuns' work.
  ...scriptFamily('Arabic', 'noto-sans-arabic', 'NotoSansArabic'),
  ...scriptFamily('Hebrew', 'noto-sans-hebrew', 'NotoSansHebrew'),
  ...scriptFamily('Thai', 'noto-sans-thai', 'NotoSansThai'),
  Mono: {
    normal: font('noto-sans-mono', '400Regular/NotoSansMono_400Regular.ttf'),
    bold: font('noto-sans-mono', '700Bold/NotoSansMono_700Bold.ttf'),
    italics: font('noto-sans-mono', '400Regular/NotoSansMono_400Regular.ttf'),
    bolditalics: font('noto-sans-mono', '700Bold/NotoSansMono_700Bold.ttf'),
  },
} as const;

export type FontFamily = keyof typeof FONT_FILES;

/** What Noto Sans KR sets: Hangul jamo and syllables, CJK punctuation, ideographs, full-width forms. */
export const CJK_RANGES: readonly (readonly [number, number])[] = [
  [0x1100, 0x11ff],
  [0x2e80, 0x2fdf],
  [0x3000, 0x303f],
  [0x3130, 0x318f],
  [0x3200, 0x32ff],
  [0x3400, 0x4dbf],
  [0x4e00, 0x9fff],
  [0xa960, 0xa97f],
  [0xac00, 0xd7ff],
  [0xf900, 0xfaff],
  [0xff00, 0xffef],
];

const hex = (n: number) => n.toString(16).toUpperCase().padStart(4, '0');
const CJK = new RegExp(`[${CJK_RANGES.map(([from, to]) => `\\u${hex(from)}-\\u${hex(to)}`).join('')}]+`, 'g');

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

/**
 * Text as pdfmake runs: composed to NFC (so accented letters use the fonts' precomposed
 * glyphs) and split by script, so Hangul and other CJK text gets a font that has it.
 */
export function textRuns<Style extends object>(
  text: string,
  style?: Style,
): ({ text: string; font?: FontFamily } & Style)[] {
  return scriptRuns(text.normalize('NFC')).map((run) => ({
    text: run.text,
    ...(style as Style),
    ...(run.cjk ? { font: 'Hangul' as const } : {}),
  }));
}
