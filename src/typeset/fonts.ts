/**
 * Fonts embedded in every PDF, from OFL-licensed npm packages. pdfmake takes one font per
 * text run and does no glyph fallback, so text is split into runs by script: Hangul and
 * other CJK runs go to Noto Sans KR, the rest to Noto Sans (which has true italics).
 */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const font = (pkg: string, file: string) => require.resolve(`@expo-google-fonts/${pkg}/${file}`);

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
  Mono: {
    normal: font('noto-sans-mono', '400Regular/NotoSansMono_400Regular.ttf'),
    bold: font('noto-sans-mono', '700Bold/NotoSansMono_700Bold.ttf'),
    italics: font('noto-sans-mono', '400Regular/NotoSansMono_400Regular.ttf'),
    bolditalics: font('noto-sans-mono', '700Bold/NotoSansMono_700Bold.ttf'),
  },
} as const;

export type FontFamily = keyof typeof FONT_FILES;

/** Hangul jamo and syllables, CJK punctuation, ideographs and full-width forms. */
const CJK = /[\u1100-\u11FF\u2E80-\u2FDF\u3000-\u303F\u3130-\u318F\u3200-\u32FF\u3400-\u4DBF\u4E00-\u9FFF\uA960-\uA97F\uAC00-\uD7FF\uF900-\uFAFF\uFF00-\uFFEF]+/g;

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
