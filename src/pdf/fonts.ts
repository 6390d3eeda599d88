/**
 * Fonts read and parsed once per process. pdfmake (through pdfkit) reads every font file from
 * disk and parses it with fontkit again for each document: about 130 ms a document, most of it
 * Noto Sans KR's 6 MB of tables. Parsed fonts are immutable for our purposes (each document
 * still makes its own subset), so one parse can serve every document.
 */
import { readFileSync } from 'node:fs';
import { checkFunctions, FONT_INTERNALS } from './internals.js';
import { patchOn } from './patches.js';
import { type LayoutFont, shapedForPdf } from './shaping.js';

interface Fontkit {
  create(buffer: Uint8Array, postscriptName?: string): unknown;
}

/** pdfmake's virtual file system (pdfmake.virtualfs), which it looks in before the disk. */
export interface VirtualFs {
  existsSync(path: string): boolean;
  writeFileSync(path: string, content: Uint8Array): void;
}

/**
 * fontkit as pdfkit should see it: each font shaped as shaping.ts says and, with the
 * font-parse-memo patch, remembered for the buffer it was parsed from. The bundled build links
 * pdfkit to it where pdfkit requires fontkit (see scripts/bundle.mjs); from sources, modules.ts
 * swaps it in before pdfkit loads.
 */
export function fontkitForPdfkit<F extends Fontkit>(fontkit: F): F {
  const parseOnce = patchOn('font-parse-memo');
  const parsed = new WeakMap<Uint8Array, unknown>();
  const create = (buffer: Uint8Array, postscriptName?: string) => {
    if (postscriptName) return fontkit.create(buffer, postscriptName);
    let font = parsed.get(buffer);
    if (!font) {
      font = shapedForPdf(withTextKept(fontkit.create(buffer) as TextFont));
      if (parseOnce) parsed.set(buffer, font);
    }
    return font;
  };
  return { ...fontkit, create };
}

interface TextFont extends LayoutFont {
  getGlyph(id: number, codePoints?: number[]): { codePoints: number[] } | null;
}

/**
 * A glyph keeps the text it stands for, whoever made it first. fontkit makes each glyph once per
 * font, with the code points of the first call: a glyph made as a part of another while a
 * document was subset ("O" inside "Ọ") would stand for no text in every later document that
 * shares the parsed font, and "NATO" would copy as "NAT". This is a correction: it stays with
 * every patch off.
 */
function withTextKept(font: TextFont): TextFont {
  checkFunctions(FONT_INTERNALS.module, font, FONT_INTERNALS.functions);
  const getGlyph = font.getGlyph.bind(font);
  font.getGlyph = (id, codePoints = []) => {
    const glyph = getGlyph(id, codePoints);
    if (glyph && glyph.codePoints.length === 0 && codePoints.length > 0) glyph.codePoints = codePoints;
    return glyph;
  };
  return font;
}

/**
 * Serves each font file from pdfmake's virtual file system, read from disk the first time a
 * document uses it (a fact sheet needs no monospace face), so every document shares one buffer.
 * Without the fonts-on-demand patch pdfkit reads the file for each document (the policy set in
 * index.ts lets it read our fonts).
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
