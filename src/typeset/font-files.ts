/**
 * The bundled font families, from OFL-licensed npm packages of static TrueType Noto fonts (the
 * PDF library draws TrueType outlines; CFF-outline and WOFF2 files print nothing). Each family
 * is a regular and a bold face; italics are the upright faces, except Noto Sans which has real
 * italics. Families with one weight use it for bold too.
 */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

interface Faces {
  normal: string;
  bold: string;
  italics: string;
  bolditalics: string;
}

/** The faces of `@expo-google-fonts/<pkg>`, whose files are named `<Name>_<weight>.ttf`. */
function family(pkg: string, name: string, weights: { bold?: boolean; italics?: boolean } = {}): Faces {
  const file = (face: string) => require.resolve(`@expo-google-fonts/${pkg}/${face}/${name}_${face}.ttf`);
  const normal = file('400Regular');
  const bold = weights.bold === false ? normal : file('700Bold');
  if (!weights.italics) return { normal, bold, italics: normal, bolditalics: bold };
  return { normal, bold, italics: file('400Regular_Italic'), bolditalics: file('700Bold_Italic') };
}

/** The npm packages the families come from (the cache key lists their versions). */
export const FONT_PACKAGES = [
  'noto-sans',
  'noto-sans-kr',
  'noto-sans-jp',
  'noto-sans-sc',
  'noto-sans-tc',
  'noto-sans-arabic',
  'noto-sans-hebrew',
  'noto-sans-thai',
  'noto-sans-devanagari',
  'noto-sans-malayalam',
  'noto-sans-kannada',
  'noto-sans-symbols',
  'noto-sans-symbols-2',
  'noto-sans-math',
  'noto-emoji',
  'noto-sans-mono',
].map((pkg) => `@expo-google-fonts/${pkg}`);

export const FONT_FILES = {
  /** Latin (with Vietnamese), Greek, Cyrillic, Devanagari and common symbols. */
  Sans: family('noto-sans', 'NotoSans', { italics: true }),
  KR: family('noto-sans-kr', 'NotoSansKR'),
  JP: family('noto-sans-jp', 'NotoSansJP'),
  SC: family('noto-sans-sc', 'NotoSansSC'),
  TC: family('noto-sans-tc', 'NotoSansTC'),
  Arabic: family('noto-sans-arabic', 'NotoSansArabic'),
  Hebrew: family('noto-sans-hebrew', 'NotoSansHebrew'),
  Thai: family('noto-sans-thai', 'NotoSansThai'),
  Devanagari: family('noto-sans-devanagari', 'NotoSansDevanagari'),
  Malayalam: family('noto-sans-malayalam', 'NotoSansMalayalam'),
  Kannada: family('noto-sans-kannada', 'NotoSansKannada'),
  Symbols: family('noto-sans-symbols', 'NotoSansSymbols'),
  Symbols2: family('noto-sans-symbols-2', 'NotoSansSymbols2', { bold: false }),
  Math: family('noto-sans-math', 'NotoSansMath', { bold: false }),
  /** Monochrome emoji: the PDF library draws outlines, not colour bitmaps. */
  Emoji: family('noto-emoji', 'NotoEmoji'),
  Mono: family('noto-sans-mono', 'NotoSansMono'),
} as const;

export type FontFamily = keyof typeof FONT_FILES;

export const FONT_FAMILIES = Object.keys(FONT_FILES) as FontFamily[];
