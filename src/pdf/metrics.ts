/**
 * A font's line box as pdfkit sees it. pdfmake sets each line as tall as its tallest font's
 * ascent and descent, and Noto Sans Arabic's are set for its tallest stacked marks (2.1 em against
 * Noto Sans's 1.36): every line holding an Arabic word would stand half again as tall, and a
 * running header in Arabic would outgrow the page's top margin and be dropped. A line box past
 * MAX_LINE_BOX gets Noto Sans's ascent and descent, so that a line, or a table cell, of Arabic
 * has its baseline where one of Latin text has it; Arabic's descenders and stacked marks reach
 * into the room line spacing leaves, as in print. Fonts within it keep their own metrics. This is a correction: it stays with every patch off.
 */

/** What pdfkit reads of a fontkit font's vertical metrics (fontkit's documented properties). */
export interface VerticalMetrics {
  unitsPerEm: number;
  ascent: number;
  descent: number;
  lineGap: number;
}

/** The tallest line box (ascent − descent + line gap, in em) a font keeps as it is. */
const MAX_LINE_BOX = 1.5;
/** Noto Sans's, in em. */
const ASCENT = 1.069;
const DESCENT = -0.293;

/** The font, its ascent and descent cut to a usual line box if it is taller than MAX_LINE_BOX. */
export function withUsualLineBox<F extends VerticalMetrics>(font: F): F {
  const em = font.unitsPerEm;
  if ((font.ascent - font.descent + font.lineGap) / em <= MAX_LINE_BOX) return font;
  Object.defineProperties(font, {
    ascent: { value: Math.min(font.ascent, Math.round(ASCENT * em)) },
    descent: { value: Math.max(font.descent, Math.round(DESCENT * em)) },
    lineGap: { value: 0 },
  });
  return font;
}
