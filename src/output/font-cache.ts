/**
 * Fonts read and parsed once per process. pdfmake (through pdfkit) reads every font file from
 * disk and parses it with fontkit again for each document: about 130 ms a document, most of it
 * Noto Sans KR's 6 MB of tables. Parsed fonts are immutable for our purposes (each document
 * still makes its own subset), so one parse can serve every document.
 */
import { readFileSync } from 'node:fs';

interface Fontkit {
  create(buffer: Uint8Array, postscriptName?: string): unknown;
}

export interface VirtualFs {
  existsSync(path: string): boolean;
  writeFileSync(path: string, content: Uint8Array): void;
}

/**
 * fontkit as pdfkit should see it: remembering the font it parsed from each buffer.
 */
export function memoizedFontkit<F extends Fontkit>(fontkit: F): F {
  const parsed = new WeakMap<Uint8Array, unknown>();
  const create = (buffer: Uint8Array, postscriptName?: string) => {
    if (postscriptName) return fontkit.create(buffer, postscriptName);
    let font = parsed.get(buffer);
    if (!font) {
      font = memoizeLayout(fontkit.create(buffer) as LayoutFont);
      parsed.set(buffer, font);
    }
    return font;
  };
  return { ...fontkit, create };
}

/**
 * Makes pdfkit's fontkit (from node_modules) remember its parsed fonts. fontkit's exports are
 * read-only getters, so the module cache entry pdfkit is about to require is replaced with a
 * wrapper; this must run before pdfmake (and so pdfkit) is loaded. The bundled build links
 * pdfkit to memoizedFontkit directly instead (see scripts/bundle.mjs).
 */
export function memoizeFontParsing(require: NodeJS.Require): void {
  const fontkitPath = require.resolve('fontkit', { paths: [require.resolve('pdfkit')] });
  const fontkit = require(fontkitPath) as Fontkit;
  const entry = require.cache[fontkitPath];
  if (entry) entry.exports = memoizedFontkit(fontkit);
}

interface GlyphRun {
  glyphs: unknown[];
  positions: object[];
}

interface LayoutFont {
  layout(text: string, features?: unknown, ...rest: unknown[]): GlyphRun;
}

/**
 * Glyph composition (ccmp) is left out: it splits a precomposed letter such as "ị" into a base
 * glyph and a mark, and fontkit keeps the first text a glyph stood for, so every later plain
 * "i" would copy and search as "ị". The typesetter composes text to NFC, and the fonts have
 * the precomposed letters.
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
    if (features !== undefined || rest.length || typeof text !== 'string') return shape(text, features, ...rest);
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

/**
 * Serves each font file from pdfmake's virtual file system, read from disk the first time a
 * document uses it (a fact sheet needs no monospace face), so every document shares one buffer.
 */
export function loadFontsOnDemand(vfs: VirtualFs, paths: Iterable<string>): void {
  const fonts = new Set(paths);
  const exists = vfs.existsSync.bind(vfs);
  vfs.existsSync = (path: string) => {
    if (exists(path)) return true;
    if (!fonts.has(path)) return false;
    vfs.writeFileSync(path, readFileSync(path));
    return true;
  };
}
