/**
 * Fonts read and parsed once per process. pdfmake (through pdfkit) reads every font file from
 * disk and parses it with fontkit again for each document: about 130 ms a document, most of it
 * Noto Sans KR's 6 MB of tables. Parsed fonts are immutable for our purposes (each document
 * still makes its own subset), so one parse can serve every document.
 */
import { readFileSync } from 'node:fs';
import { textPerGlyph } from './clusters.js';
import { checkFunctions, FONT_INTERNALS, SUBSET_INTERNALS } from './internals.js';
import { type VerticalMetrics, withUsualLineBox } from './metrics.js';
import { patchOn } from './patches.js';
import { type LayoutFont, shapedForPdf } from './shaping.js';

interface Fontkit {
  create(buffer: Uint8Array, postscriptName?: string): unknown;
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
      font = withTextKept(withUsualLineBox(fontkit.create(buffer) as TextFont), shapedForPdf);
      if (parseOnce) parsed.set(buffer, font);
    }
    return font;
  };
  return { ...fontkit, create };
}

interface Glyph {
  id: number;
  codePoints: number[];
  advanceWidth: number;
}

interface GlyphRun {
  glyphs: Glyph[];
  positions: object[];
  direction?: string;
}

interface Subset {
  glyphs: number[];
  mapping: Record<number, number>;
  includeGlyph(glyph: number | Glyph): number;
}

interface TextFont extends LayoutFont, VerticalMetrics {
  numGlyphs: number;
  getGlyph(id: number, codePoints?: number[]): Glyph | null;
  createSubset(): Subset;
}

const sameText = (a: readonly number[], b: readonly number[]) => a.length === b.length && a.every((c, i) => c === b[i]);

/**
 * Each glyph as the text it stands for where it is used, so that the PDF's text layer gives
 * back what was written. fontkit makes each glyph once per font, with the code points of its
 * first use, and pdfkit maps a glyph to one text: so Noto Sans Arabic's one glyph for several
 * letters would copy as the first letter it set, and a no-break space as a space. Here a glyph
 * that stands for other text than its first use is a view of it with that text; what pdfkit
 * gets to draw is a twin of the view under an id of its own (past the font's glyphs), which
 * the subset embeds as a copy of the glyph, so each glyph and text pair has its own entry in
 * the ToUnicode map. A glyph first made with no text (a part of another, "O" inside "Ọ") takes
 * the text of its first use with some. Glyphs drawn out of the text's order get the text of
 * their cluster in order (clusters.ts). `shape` sets how the font shapes, between the two. This is a correction: it stays with every patch off.
 */
function withTextKept(font: TextFont, shape: (font: LayoutFont) => LayoutFont): TextFont {
  checkFunctions(FONT_INTERNALS.module, font, FONT_INTERNALS.functions);
  const getGlyph = font.getGlyph.bind(font);
  const views = new Map<string, Glyph>();
  const twins = new WeakMap<Glyph, Glyph>();
  const originals = new Map<number, number>();
  const view = (glyph: Glyph, codePoints: number[]): Glyph => {
    const key = `${glyph.id}:${codePoints.join(',')}`;
    let found = views.get(key);
    if (!found) {
      found = Object.create(glyph, { codePoints: { value: codePoints } }) as Glyph;
      const id = font.numGlyphs + originals.size;
      twins.set(found, Object.create(found, { id: { value: id }, advanceWidth: { value: glyph.advanceWidth } }));
      originals.set(id, glyph.id);
      views.set(key, found);
    }
    return found;
  };
  font.getGlyph = (id, codePoints) => {
    const glyph = getGlyph(id, codePoints);
    if (!glyph || codePoints === undefined || sameText(glyph.codePoints, codePoints)) return glyph;
    if (glyph.codePoints.length === 0) {
      glyph.codePoints = codePoints;
      return glyph;
    }
    return view(glyph, codePoints);
  };
  const createSubset = font.createSubset.bind(font);
  font.createSubset = () => withViewsEmbedded(createSubset(), originals);
  const layout = font.layout.bind(font);
  font.layout = (text, ...rest) => {
    const run = layout(text, ...rest) as GlyphRun;
    const glyphs = run.glyphs;
    const codePoints = glyphs.map((glyph) => glyph.codePoints);
    const texts = typeof text === 'string' && textPerGlyph(text, codePoints, run.direction === 'rtl');
    const written = texts ? glyphs.map((glyph, i) => font.getGlyph(glyph.id, texts[i])!) : glyphs;
    run.glyphs = written.map((glyph) => twins.get(glyph) ?? glyph);
    return run;
  };
  // Shaped (and, with the shaping-memo patch, remembered) with each glyph's text already its own.
  shape(font);
  return font;
}

/** A subset that embeds a view of a glyph (see above) as a copy of the glyph, one per view. */
function withViewsEmbedded(subset: Subset, viewed: ReadonlyMap<number, number>): Subset {
  checkFunctions(SUBSET_INTERNALS.module, subset, SUBSET_INTERNALS.functions);
  const include = subset.includeGlyph.bind(subset);
  subset.includeGlyph = (glyph) => {
    const id = typeof glyph === 'object' ? glyph.id : glyph;
    const original = viewed.get(id);
    if (original === undefined) return include(id);
    if (subset.mapping[id] === undefined) {
      subset.glyphs.push(original);
      subset.mapping[id] = subset.glyphs.length - 1;
    }
    return subset.mapping[id];
  };
  return subset;
}

/** pdfmake's document (pdfmake/js/PDFDocument.js, pdfkit's extended), as far as it provides fonts. */
export interface FontProviderClass {
  prototype: {
    provideFont(familyName: string, bold: boolean, italics: boolean): unknown;
    getFontFile(familyName: string, bold: boolean, italics: boolean): unknown;
    registerFont(name: string, src: Uint8Array): unknown;
  };
}

/**
 * Serves each font file from one buffer per process, read from disk the first time a document
 * uses it (a fact sheet needs no monospace face). Without the fonts-on-demand patch pdfkit reads
 * the file for each document (the policy set in index.ts lets it read our fonts). pdfmake still
 * asks pdfkit for the font by its path, under which the buffer is registered: pdfkit keeps the
 * fonts of a document by the name they were asked for, and a font asked for as bytes would be
 * opened again, and numbered again, for a face that shares its file with another (Noto Sans KR's
 * italics are its upright face), so that the numbers of later fonts, and the bytes, would change.
 */
export function loadFontsOnDemand(PDFDocument: FontProviderClass, paths: Iterable<string>): void {
  const fonts = new Set(paths);
  const buffers = new Map<string, Uint8Array>();
  // pdfmake asks for a font for every piece of text it measures or draws: a document's faces
  // are registered the first time each is asked for, and later asks go straight through.
  const registered = new WeakMap<object, Set<string>>();
  const provideFont = PDFDocument.prototype.provideFont;
  PDFDocument.prototype.provideFont = function (familyName, bold, italics) {
    let faces = registered.get(this);
    if (!faces) {
      faces = new Set();
      registered.set(this, faces);
    }
    const face = `${familyName}/${bold}/${italics}`;
    if (!faces.has(face)) {
      faces.add(face);
      const path = this.getFontFile(familyName, bold, italics);
      if (typeof path === 'string' && fonts.has(path)) {
        let buffer = buffers.get(path);
        if (!buffer) {
          buffer = readFileSync(path);
          buffers.set(path, buffer);
        }
        this.registerFont(path, buffer);
      }
    }
    return provideFont.call(this, familyName, bold, italics);
  };
}
