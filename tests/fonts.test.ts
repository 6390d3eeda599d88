/** Shaping as the typesetter gets it: memoized, and with marks placed where text needs them. */
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { memoizeLayout } from '../src/output/font-cache.js';
import { FONT_FILES } from '../src/typeset/fonts.js';

const require = createRequire(import.meta.url);
interface Run {
  glyphs: { id: number }[];
  positions: { xAdvance: number; xOffset: number; yOffset: number }[];
}
interface Font {
  layout(text: string, features?: object): Run;
}
const fontkit = require(require.resolve('fontkit', { paths: [require.resolve('pdfkit')] })) as { openSync(path: string): Font };
const shapes = (run: Run) => run.glyphs.map((g, i) => [g.id, run.positions[i]!.xAdvance, run.positions[i]!.xOffset, run.positions[i]!.yOffset]);

describe('memoized shaping', () => {
  const plain = fontkit.openSync(FONT_FILES.Sans.normal);
  const memoized = memoizeLayout(fontkit.openSync(FONT_FILES.Sans.normal) as never) as unknown as Font;

  it('places marks on their letters where NFC leaves them apart (Ọbáfẹ́mi, x̄)', () => {
    for (const text of ['Ọbáfẹ́mi'.normalize('NFC'), 'x̄'.normalize('NFC')]) {
      const full = plain.layout(text);
      expect(full.positions.some((p) => p.xOffset !== 0 || p.yOffset !== 0), text).toBe(true);
      expect(shapes(memoized.layout(text)), text).toEqual(shapes(full));
    }
  });

  it('shapes plain text as fontkit does, and gives each caller its own positions', () => {
    const text = 'Office of the Secretary General, AV Wa';
    const first = memoized.layout(text);
    expect(shapes(first)).toEqual(shapes(plain.layout(text)));
    first.positions[0]!.xAdvance = -1;
    expect(memoized.layout(text).positions[0]!.xAdvance).not.toBe(-1);
  });
});
