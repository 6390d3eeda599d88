/**
 * How fontkit shapes text for the PDF: Latin, Greek, Cyrillic and CJK text in Noto Sans, Sans
 * Mono and the CJK fonts without glyph composition, and with the shaping-memo patch, each
 * string shaped once per font. Every other script and font (Arabic joining, Indic conjuncts,
 * Thai marks, emoji sequences and flags) is shaped with all the font's default features.
 * Text-layout work on fontkit's fonts belongs here.
 */
import { patchOn } from './patches.js';

interface GlyphRun {
  glyphs: unknown[];
  positions: object[];
}

/** A font made by fontkit.create, as far as it is used here. */
export interface LayoutFont {
  layout(text: string, features?: unknown, ...rest: unknown[]): GlyphRun;
  postscriptName?: string;
}

/** The fonts whose shaping may leave features out: their scripts need neither composition nor marks. */
const SIMPLE_FONT = /^NotoSans(Mono|KR|JP|SC|TC)?-/;
/** Text in scripts that those fonts set right without them (Devanagari, in Noto Sans, is not one). */
const SIMPLE_TEXT =
  /^[\p{Script=Latin}\p{Script=Greek}\p{Script=Cyrillic}\p{Script=Common}\p{Script=Inherited}\p{Script=Han}\p{Script=Hangul}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Bopomofo}]*$/u;

/** Whether a string in a font may be shaped without composition (see above). */
const simpleShaping = (font: LayoutFont) => {
  const simpleFont = SIMPLE_FONT.test(font.postscriptName ?? '');
  return (text: string) => simpleFont && SIMPLE_TEXT.test(text);
};

/**
 * Glyph composition (ccmp) is left out: it splits a precomposed letter such as "ị" into a base
 * glyph and a mark, and fontkit keeps the first text a glyph stood for, so every later plain
 * "i" would copy and search as "ị". The typesetter composes text to NFC, and the fonts have
 * the precomposed letters. This is a correction, not a speed-up: it stays with every patch off.
 */
const WITH_MARK_POSITIONING = { ccmp: false };

/**
 * Shaping features left out at first: positioning combining marks on their bases. Decoding
 * those lookups is most of the first shaping's cost (Noto Sans: 87 ms with them, 31 ms
 * without), and after NFC most accented letters are one glyph. Where a mark glyph (no advance
 * of its own) remains — "ẹ́", "x̄" — the text is shaped again with them. Kerning, ligatures
 * and contextual forms stay.
 */
const WITHOUT_MARK_POSITIONING = { ...WITH_MARK_POSITIONING, mark: false, mkmk: false };

/**
 * fontkit fails on a null anchor in above-base mark positioning (Noto Sans Malayalam's "ക്ഷ്മ"):
 * such a string is shaped again without it, its other features kept.
 */
function withoutFailingAnchors(shape: LayoutFont['layout']): (text: string, features?: object) => GlyphRun {
  return (text, features) => {
    try {
      return shape(text, features && { ...features });
    } catch (error) {
      if (!(error instanceof TypeError)) throw error;
      return shape(text, { ...features, abvm: false });
    }
  };
}

/** pdfkit asks for its own features only when a document sets some (it sets none). */
const defaultFeatures = (text: unknown, features: unknown, rest: unknown[]) =>
  features === undefined && rest.length === 0 && typeof text === 'string';

/** A font from fontkit (checked by fonts.ts) made to shape as the PDF needs (see above). */
export function shapedForPdf(font: LayoutFont): LayoutFont {
  if (patchOn('shaping-memo')) return memoizeLayout(font);
  const original = font.layout.bind(font);
  const shape = withoutFailingAnchors(original);
  const simple = simpleShaping(font);
  font.layout = (text, features, ...rest) => {
    if (!defaultFeatures(text, features, rest)) return original(text, features, ...rest);
    return simple(text) ? shape(text, WITH_MARK_POSITIONING) : shape(text);
  };
  return font;
}

/**
 * Remembers how each string was shaped, across documents (pdfkit's own cache lasts one
 * document). pdfkit scales the positions of the run it gets in place, so every caller gets
 * its own copy of them; the glyphs themselves are shared and never changed.
 */
export function memoizeLayout(font: LayoutFont): LayoutFont {
  const original = font.layout.bind(font);
  const shape = withoutFailingAnchors(original);
  const shaped = new Map<string, GlyphRun>();
  const simple = simpleShaping(font);
  const copy = (run: GlyphRun): GlyphRun =>
    Object.assign(Object.create(Object.getPrototypeOf(run) as object) as GlyphRun, run, {
      glyphs: [...run.glyphs],
      positions: run.positions.map((p) =>
        Object.assign(Object.create(Object.getPrototypeOf(p) as object) as object, p),
      ),
    });
  const shapeSimple = (text: string) => {
    const run = shape(text, WITHOUT_MARK_POSITIONING);
    const marks = run.positions.some((p) => (p as { xAdvance: number }).xAdvance === 0);
    return marks ? shape(text, WITH_MARK_POSITIONING) : run;
  };
  font.layout = (text, features, ...rest) => {
    if (!defaultFeatures(text, features, rest)) return original(text, features, ...rest);
    let run = shaped.get(text);
    if (!run) {
      run = simple(text) ? shapeSimple(text) : shape(text);
      shaped.set(text, run);
    }
    return copy(run);
  };
  return font;
}
