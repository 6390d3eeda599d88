/**
 * Lines in Arabic stand as tall as lines in Latin text, and a right-to-left document's running
 * header keeps its title under an Arabic marking (src/pdf/metrics.ts): Noto Sans Arabic's own
 * metrics make a line box of 2.1 em, which pushed the header past the top margin.
 */
import { describe, expect, it } from 'vitest';
import { renderPdf } from '../src/pdf/index.js';
import type { PageFrame } from '../src/typeset/frame.js';
import { typeset } from '../src/typeset/index.js';
import { testFrame } from './helpers/frame.js';
import { readPdf } from './helpers/pdf.js';

const frame = (lang: string, marking: string): PageFrame =>
  testFrame({
    lang,
    direction: lang === 'ar' ? 'rtl' : 'ltr',
    title: lang === 'ar' ? 'مذكرة الزيارة' : 'Visit note',
    marking,
  });

/** The median distance between the baselines of page 1's body lines (runs within 3 pt are one line). */
async function lineStep(markdown: string, lang: string): Promise<number> {
  const pdf = await readPdf(await renderPdf(typeset(markdown, frame(lang, 'x'))));
  const body = pdf.runs[0]!.map((run) => run.y).filter((y) => y > 100 && y < 780); // past header and footer
  const ys = [...new Set(body)].sort((a, b) => b - a).filter((y, i, all) => i === 0 || all[i - 1]! - y > 3);
  const steps = ys
    .slice(1)
    .map((y, i) => ys[i]! - y)
    .sort((a, b) => a - b);
  return steps[Math.floor(steps.length / 2)]!;
}

describe('line box', () => {
  it('sets lines of Arabic at most 15% taller than lines of Latin text', async () => {
    const latin = await lineStep('one\\\ntwo\\\nthree\\\nfour\\\nfive\\\nsix\n', 'en');
    const arabic = await lineStep('واحد\\\nاثنان\\\nثلاثة\\\nأربعة\\\nخمسة\\\nستة\n', 'ar');
    expect(arabic).toBeLessThan(latin * 1.15);
  });

  it('keeps the running title of an Arabic document under an Arabic marking', async () => {
    const pdf = await readPdf(await renderPdf(typeset('نص قصير.\n', frame('ar', 'غير سري'))));
    // Letters only: pdf.js reads a glyph with no text of its own (an Arabic dot) as its number.
    const squash = (text: string) => text.replace(/[^\p{L}\p{M}\p{N}]/gu, '');
    // pdf.js gives the words of a right-to-left line as they stand, left to right.
    expect(squash(pdf.pages[0]!)).toContain(squash('الزيارة مذكرة'));
  });
});
