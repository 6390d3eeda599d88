/**
 * Lines drawn as runs of words: pdfmake draws every word with a text operation of its own, some
 * 28,000 for a long chronology; joined where that sets the same page, well under half remain.
 */

/** A laid-out word as pdfmake's renderer takes it (pdfmake/js/Line.js). */
export interface LineInline {
  text: string;
  x: number;
  width: number;
  justifyShift?: number;
  _pageNodeRef?: unknown;
  [property: string]: unknown;
}

interface LaidOutLine {
  inlines: LineInline[];
  _pageNodeRef?: unknown;
}

/** What a run's text operation and its decorations are drawn with: all must match to share one. */
const DRAWN_ALIKE = [
  'font',
  'fontSize',
  'height',
  'color',
  'opacity',
  'characterSpacing',
  'fontFeatures',
  'sup',
  'sub',
  'link',
  'linkToDestination',
  'linkToPage',
  'background',
  'decoration',
  'decorationColor',
  'decorationStyle',
  'decorationThickness',
] as const;

/** Whether `b` can be drawn in one run with the run ending in `a`, which ends at `end`. */
function drawnAlike(a: LineInline, end: number, b: LineInline): boolean {
  // A justified word is placed apart from the one before it; a page number is filled in late.
  if (a.justifyShift || b.justifyShift || a._pageNodeRef || b._pageNodeRef) return false;
  // A mirrored bracket copies as written through a span of its own (bidi.ts).
  if (a.actualText !== undefined || b.actualText !== undefined) return false;
  // Only at a space: pdfkit shapes a run whole, and a pair kerned across a break inside a word
  // ("AVA-|TAVA", "and/|or") would move what follows from where pdfmake measured it.
  if (!/\s$/.test(a.text)) return false;
  return Math.abs(end - b.x) < 1e-6 && DRAWN_ALIKE.every((key) => a[key] === b[key]);
}

/**
 * A line's words joined into runs of the same look that follow on without a gap, after a space.
 * pdfkit sets a run's words where it would have set them one by one (the fonts kern no pair
 * with a space), so the page is the same, with well under half the text operations.
 */
export function joinedRuns(inlines: readonly LineInline[]): LineInline[] {
  const runs: LineInline[] = [];
  for (let i = 0; i < inlines.length; ) {
    const first = inlines[i]!;
    let { text, width } = first;
    let next = i + 1;
    for (; next < inlines.length && drawnAlike(inlines[next - 1]!, first.x + width, inlines[next]!); next++) {
      text += inlines[next]!.text;
      width += inlines[next]!.width;
    }
    runs.push(next === i + 1 ? first : { ...first, text, width });
    i = next;
  }
  return runs;
}

export interface RendererClass {
  prototype: { renderLine(line: LaidOutLine, x: number, y: number): void };
}

/** pdfmake's renderer draws each line as runs (see joinedRuns) instead of word by word. */
export function drawLinesAsRuns(Renderer: RendererClass): void {
  const renderLine = Renderer.prototype.renderLine;
  Renderer.prototype.renderLine = function (line, x, y) {
    if (line._pageNodeRef || line.inlines.length < 2) return renderLine.call(this, line, x, y);
    // pdfmake's own layout result is left as it made it.
    const joined = Object.assign(Object.create(Object.getPrototypeOf(line) as object) as LaidOutLine, line, {
      inlines: joinedRuns(line.inlines),
    });
    return renderLine.call(this, joined, x, y);
  };
}
