/**
 * Right-to-left text for pdfmake, which sets every line left to right. A paragraph's embedding
 * levels come from the Unicode Bidirectional Algorithm (bidi-js) on its logical text, and its
 * runs are split where the level changes, before pdfmake cuts them into words; once a line is
 * built, its words are put in visual order (rule L2) and placed again.
 *
 * fontkit reverses the glyphs of a right-to-left string itself (a trailing space with them),
 * and pdfkit shapes a string space by space from left to right: so a line is reordered word by
 * word, and every word drawn right to left stands apart from its spaces, which are pieces of
 * their own (see inVisualOrder).
 */
import bidiFactory from 'bidi-js';
import { drawnAsWritten, type MarkingDocument, SHAPED_RIGHT_TO_LEFT } from './actual-text.js';
import { internalsChanged } from './internals.js';

let engine: ReturnType<typeof bidiFactory> | undefined;
/** bidi-js, made when a document first has right-to-left text. */
const bidi = () => (engine ??= bidiFactory());

export type BaseDirection = 'ltr' | 'rtl';

/** A text item as pdfmake's text breaker takes it (pdfmake/js/TextBreaker.js): a string or a run. */
export type TextItem = string | { text?: unknown; _textRef?: unknown; [property: string]: unknown };

/** What a piece of text carries into its words: its embedding level and its paragraph's. */
export interface BidiLevels {
  bidiLevel?: number;
  bidiBase?: number;
}

/** Strong right-to-left letters and the controls that open right-to-left text. */
const RIGHT_TO_LEFT =
  /[\u0590-\u08ff\u200f\u202b\u202e\u2067\ufb1d-\ufdff\ufe70-\ufefe\u{10800}-\u{10fff}\u{1e800}-\u{1efff}]/u;

/** The mirror image of a character at an odd level (a bracket, a quote, a relation), if it has one. */
const mirrorOf = (char: string): string | null => bidi().getMirroredCharacter(char);

const textOf = (item: TextItem): string =>
  typeof item === 'string' ? item : item.text === undefined || item.text === null ? '' : String(item.text);

/**
 * A paragraph's runs with their embedding levels, split where the level changes. Text with
 * nothing to reorder (no right-to-left letter in a left-to-right paragraph) is returned as it came.
 */
export function withBidiLevels(items: readonly TextItem[], base: BaseDirection): readonly TextItem[] {
  const texts = items.map(textOf);
  const text = texts.join('');
  if (base === 'ltr' && !RIGHT_TO_LEFT.test(text)) return items;
  const { levels } = bidi().getEmbeddingLevels(text, base);
  const bidiBase = base === 'rtl' ? 1 : 0;
  const out: TextItem[] = [];
  let start = 0;
  items.forEach((item, i) => {
    const end = start + texts[i]!.length;
    for (const piece of splitAtLevels(item, text, start, end, levels, bidiBase)) out.push(piece);
    start = end;
  });
  return out;
}

/** One run cut into pieces of one level each (a page reference stays whole). */
function splitAtLevels(
  item: TextItem,
  text: string,
  start: number,
  end: number,
  levels: Uint8Array,
  bidiBase: number,
): TextItem[] {
  const style = typeof item === 'string' ? {} : item;
  if (start === end || (typeof item !== 'string' && item._textRef))
    return [{ ...style, text: textOf(item), bidiLevel: levels[start] ?? bidiBase, bidiBase }];
  const pieces: TextItem[] = [];
  let from = start;
  for (let i = start + 1; i <= end; i++) {
    if (i < end && levels[i] === levels[from]) continue;
    pieces.push({ ...style, text: text.slice(from, i), bidiLevel: levels[from]!, bidiBase });
    from = i;
  }
  return pieces;
}

/** A laid-out word, as pdfmake's Line holds it (pdfmake/js/Line.js). */
export interface PlacedInline extends BidiLevels {
  text: string;
  width: number;
  x?: number;
  leadingCut?: number;
  trailingCut?: number;
  [property: string]: unknown;
}

/** A built line, as far as it is reordered here. */
export interface BuiltLine {
  inlines: PlacedInline[];
  leadingCut: number;
  trailingCut: number;
}

/** A word's text cut into the space around it and the rest; or at every space. */
const SPACES_AROUND = /^(\s+)|(\s+)$/;
const SPACES_APART = /(\s+)/;

/** A word's piece, with whether it is space that hangs past the line's end and is not counted. */
interface Piece {
  inline: PlacedInline;
  level: number;
  hangs: boolean;
}

/**
 * A line's words in visual order (UAX #9 rule L2: from the highest level down to the lowest odd
 * one, every run of words at that level or higher reversed), each placed after the one on its
 * left. Space around a word is cut into a piece of its own, so that it stays between the words
 * it separates; the line's leading and trailing space take the paragraph's level (rule L1) and
 * hang past its ends, as pdfmake lets them.
 */
export function inVisualOrder(line: BuiltLine, measure: Measure): void {
  const { inlines } = line;
  if (!inlines.some((inline) => inline.bidiLevel !== undefined && inline.bidiLevel !== 0)) return;
  const pieces = inlines
    .flatMap((inline, i) => piecesOf(inline, i === 0, i === inlines.length - 1, measure))
    .flatMap((piece) => mirroredApart(piece, measure));
  const visual = reordered(pieces);
  let leadingCut = 0;
  for (let i = 0; i < visual.length && visual[i]!.hangs; i++) leadingCut += visual[i]!.inline.width;
  let trailingCut = 0;
  for (let i = visual.length - 1; i >= 0 && visual[i]!.hangs; i--) trailingCut += visual[i]!.inline.width;
  let x = -leadingCut;
  for (const { inline, level } of visual) {
    inline.text = drawnText(inline.text, level);
    inline.x = x;
    x += inline.width;
  }
  line.inlines = visual.map((piece) => piece.inline);
  line.leadingCut = leadingCut;
  line.trailingCut = trailingCut;
}

/**
 * A word's text as it is given to pdfkit to draw it at its level: at an odd level, brackets and
 * the like mirrored (after breaking: a mirrored "(" would change where lines may break); at an
 * even one, digits that fontkit would set right to left (Arabic-Indic) reversed beforehand.
 */
function drawnText(text: string, level: number): string {
  if (level % 2 === 1) return [...text].map((char) => mirrorOf(char) ?? char).join('');
  return SHAPED_RIGHT_TO_LEFT.test(text) ? [...text].reverse().join('') : text;
}

/**
 * A word, and the space before and after it as pieces of their own; at an odd level, a word
 * with spaces inside (one pdfmake would not break: noWrap) is cut at each space too.
 */
function piecesOf(inline: PlacedInline, first: boolean, last: boolean, measure: Measure): Piece[] {
  const level = inline.bidiLevel ?? inline.bidiBase ?? 0;
  const base = inline.bidiBase ?? 0;
  const texts = inline.text.split(level % 2 === 1 ? SPACES_APART : SPACES_AROUND).filter(Boolean);
  if (texts.length === 1) {
    const space = !/\S/.test(inline.text) && (first || last);
    return [{ inline, level: space ? base : level, hangs: space }];
  }
  let rest = inline.width;
  return texts.map((text, i) => {
    const space = !/\S/.test(text);
    const part: PlacedInline = { ...inline, text, leadingCut: 0, trailingCut: 0 };
    if (i === texts.length - 1) part.width = rest;
    else if (i === 0 && space && inline.leadingCut) part.width = inline.leadingCut;
    else if (i === texts.length - 2 && /\S/.test(text) && !/\S/.test(texts[i + 1]!) && inline.trailingCut)
      part.width = rest - inline.trailingCut;
    else part.width = measure(text, part);
    rest -= part.width;
    if (space) part.leadingCut = part.trailingCut = part.width;
    const hangs = space && ((i === 0 && first) || (i === texts.length - 1 && last));
    return { inline: part, level: hangs ? base : level, hangs };
  });
}

/** How wide a text is, set as an inline is (pdfmake's TextInlines.widthOfText). */
export type Measure = (text: string, inline: PlacedInline) => number;

/**
 * A word at an odd level with each mirrored character (a bracket) cut out as a piece of its own,
 * which is drawn mirrored and copies as the character written (`actualText`, see
 * actualTextKept); the pieces' widths add up to the word's.
 */
function mirroredApart(piece: Piece, measure: Measure): Piece[] {
  const { inline, level } = piece;
  if (level % 2 === 0 || ![...inline.text].some(mirrorOf)) return [piece];
  const texts = mirroredCharsApart(inline.text);
  let rest = inline.width;
  return texts.map((text, i) => {
    const part: PlacedInline = texts.length === 1 ? inline : { ...inline, text };
    part.width = i === texts.length - 1 ? rest : measure(text, part);
    rest -= part.width;
    if (mirrorOf(text)) part.actualText = text;
    return { ...piece, inline: part };
  });
}

/** A text cut into its mirrored characters, one each, and the runs of others between them. */
function mirroredCharsApart(text: string): string[] {
  const parts: string[] = [];
  let run = '';
  for (const char of text) {
    if (!mirrorOf(char)) {
      run += char;
      continue;
    }
    if (run) parts.push(run);
    parts.push(char);
    run = '';
  }
  if (run) parts.push(run);
  return parts;
}

/** Rule L2 on a line's pieces. */
function reordered(pieces: Piece[]): Piece[] {
  const order = [...pieces];
  // A loop, not Math.max(...): a line may hold one long unbreakable run of many words.
  let highest = 0;
  let lowest = Number.POSITIVE_INFINITY;
  for (const { level } of order) {
    highest = Math.max(highest, level);
    lowest = Math.min(lowest, level);
  }
  const lowestOdd = lowest % 2 === 1 ? lowest : lowest + 1;
  for (let level = highest; level >= lowestOdd; level--) {
    for (let i = 0; i < order.length; ) {
      if (order[i]!.level < level) {
        i++;
        continue;
      }
      let end = i;
      while (end < order.length && order[end]!.level >= level) end++;
      for (let a = i, b = end - 1; a < b; a++, b--) [order[a], order[b]] = [order[b]!, order[a]!];
      i = end;
    }
  }
  return order;
}

/** pdfmake's layout builder (pdfmake/js/LayoutBuilder.js), as far as lines are reordered. */
export interface LineBuilderClass {
  prototype: { buildNextLine(node: unknown): BuiltLine | null };
}

/**
 * Every line pdfmake builds put in visual order before it is aligned and drawn (whichever line
 * building is on: see lines.ts). A correction: it stays with every patch off.
 */
export function linesInVisualOrder(LayoutBuilder: LineBuilderClass, TextInlines: WidthsClass): void {
  const buildNextLine = LayoutBuilder.prototype.buildNextLine;
  const widths = new TextInlines(null);
  const measure: Measure = (text, inline) => widths.widthOfText(text, inline);
  LayoutBuilder.prototype.buildNextLine = function (node) {
    const line = buildNextLine.call(this, node);
    if (line) inVisualOrder(line, measure);
    return line;
  };
}

/** pdfmake's text measurer (pdfmake/js/TextInlines.js): widthOfText reads only the inline's font. */
export interface WidthsClass {
  new (pdfDocument: null): { widthOfText(text: string, inline: PlacedInline): number };
}

/** pdfmake's renderer (pdfmake/js/Renderer.js): it draws a line's inlines in order, one text call each. */
export interface LineRendererClass {
  prototype: { renderLine(this: { pdfDocument: MarkingDocument }, line: BuiltLine, x: number, y: number): void };
}

/**
 * A mirrored bracket is drawn as its mirror image's glyph, which copies as that character:
 * each inline with an `actualText` is drawn inside a marked-content span that gives its text as
 * written (PDF's /ActualText, see actual-text.ts). A correction: it stays with every patch off.
 */
export function actualTextKept(Renderer: LineRendererClass): void {
  const renderLine = Renderer.prototype.renderLine;
  Renderer.prototype.renderLine = function (line, x, y) {
    if (!line.inlines.some((inline) => inline.actualText !== undefined)) return renderLine.call(this, line, x, y);
    const doc = this.pdfDocument;
    const { text } = doc;
    if (typeof doc.addContent !== 'function') throw internalsChanged("pdfkit's document", 'addContent');
    let next = 0;
    doc.text = function (this: MarkingDocument, ...args: unknown[]) {
      const written = line.inlines[next++]?.actualText;
      const draw = () => text.apply(this, args as Parameters<MarkingDocument['text']>);
      return typeof written === 'string' ? drawnAsWritten(this, written, draw) : draw();
    };
    try {
      renderLine.call(this, line, x, y);
    } finally {
      doc.text = text;
    }
  };
}
