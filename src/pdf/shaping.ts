/**
 * How fontkit shapes text for the PDF: without glyph composition always, and with the
 * shaping-memo patch, each string shaped once per font. Text-layout work on fontkit's fonts
 * belongs here.
 */
import { patchOn } from './patches.js';

interface GlyphRun {
  glyphs: unknown[];
  positions: object[];
}

/** A font made by fontkit.create, as far as it is used here. */
export interface LayoutFont {
  layout(text: string, features?: unknown, ...rest: unknown[]): GlyphRun;
}

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

/** pdfkit asks for its own features only when a document sets some (it sets none). */
const defaultFeatures = (text: unknown, features: unknown, rest: unknown[]) =>
  features === undefined && rest.length === 0 && typeof text === 'string';

/** A font from fontkit (checked by fonts.ts) made to shape as the PDF needs (see above). */
export function shapedForPdf(font: LayoutFont): LayoutFont {
  if (patchOn('shaping-memo')) return memoizeLayout(font);
  const shape = font.layout.bind(font);
  font.layout = (text, features, ...rest) =>
    defaultFeatures(text, features, rest) ? shape(text, WITH_MARK_POSITIONING) : shape(text, features, ...rest);
  return font;
}

/**
 * Remembers how each string was shaped, across documents (pdfkit's own cache lasts one
 * document). pdfkit scales the positions of the run it gets in place, so every caller gets
 * its own copy of them; the glyphs themselves are shared and never changed.
 */
export function memoizeLayout(font: LayoutFont): LayoutFont {
  const shape = font.layout.bind(font);
  const shaped = new Map<string, GlyphRun>();
  const copy = (run: GlyphRun): GlyphRun =>
    Object.assign(Object.create(Object.getPrototypeOf(run) as object) as GlyphRun, run, {
      glyphs: [...run.glyphs],
      positions: run.positions.map((p) =>
        Object.assign(Object.create(Object.getPrototypeOf(p) as object) as object, p),
      ),
    });
  font.layout = (text, features, ...rest) => {
    if (!defaultFeatures(text, features, rest)) return shape(text, features, ...rest);
    let run = shaped.get(text);
    if (!run) {
      run = shape(text, WITHOUT_MARK_POSITIONING);
      if (run.positions.some((p) => (p as { xAdvance: number }).xAdvance === 0))
        run = shape(text, WITH_MARK_POSITIONING);
      shaped.set(text, run);
    }
    return copy(run);
  };
  return font;
}
