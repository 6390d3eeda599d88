/**
 * Change bars, drawn where pdfmake laid out the lines of changed blocks: a block's text nodes
 * list their bars (src/typeset/change-marks.ts), each line built from one carries them, and once
 * every page is laid out each bar is drawn beside the lines that carry it on that page, from the
 * top of the first to the foot of the last. A block split over a page break so gets a bar on
 * each page; rows kept whole are placed first and copied to their page, lines and all.
 */
import { CHANGE_BARS, type ChangeBar } from '../typeset/change-marks.js';

/** A line as laid out on its page (pdfmake/js/Line.js): its top left corner and height, in points. */
interface LaidLine {
  x: number;
  y: number;
  getHeight(): number;
  [CHANGE_BARS]?: ChangeBar[];
}

/** A laid-out page (pdfmake/js/DocumentContext.js): what the renderer draws, in order. */
interface LaidPage {
  items: { type: string; item: unknown }[];
}

/** pdfmake's layout builder (pdfmake/js/LayoutBuilder.js), as far as bars are concerned. */
export interface BarBuilderClass {
  prototype: {
    buildNextLine(node: unknown): LaidLine | null;
    layoutDocument(...args: unknown[]): LaidPage[];
  };
}

/** Lines carry their node's bars; pages get the bars drawn when laid out. Not a patch: a feature. */
export function changeBarsDrawn(LayoutBuilder: BarBuilderClass): void {
  const { buildNextLine, layoutDocument } = LayoutBuilder.prototype;
  LayoutBuilder.prototype.buildNextLine = function (node) {
    const line = buildNextLine.call(this, node);
    const bars = (node as { [CHANGE_BARS]?: ChangeBar[] })[CHANGE_BARS];
    if (line && bars) line[CHANGE_BARS] = bars;
    return line;
  };
  LayoutBuilder.prototype.layoutDocument = function (...args) {
    const pages = layoutDocument.apply(this, args);
    for (const [i, page] of pages.entries()) drawBars(page, i + 1);
    return pages;
  };
}

/** Draws each bar beside its lines on one page, and notes the page on the bar. */
function drawBars(page: LaidPage, number: number): void {
  const extents = new Map<ChangeBar, { top: number; bottom: number }>();
  for (const { type, item } of page.items) {
    const bars = type === 'line' ? (item as LaidLine)[CHANGE_BARS] : undefined;
    if (!bars) continue;
    const line = item as LaidLine;
    const top = line.y;
    const bottom = line.y + line.getHeight();
    for (const bar of bars) {
      const seen = extents.get(bar);
      extents.set(
        bar,
        seen ? { top: Math.min(seen.top, top), bottom: Math.max(seen.bottom, bottom) } : { top, bottom },
      );
    }
  }
  for (const [bar, { top, bottom }] of extents) {
    bar.pages.push(number);
    page.items.push({
      type: 'vector',
      item: { type: 'rect', x: bar.x, y: top, w: bar.width, h: bottom - top, color: bar.color },
    });
  }
}
