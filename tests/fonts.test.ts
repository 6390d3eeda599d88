/**
 * Shaping as the typesetter gets it: memoized, with marks placed where text needs them, and
 * every letter copying and searching as itself.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { memoizeLayout } from '../src/pdf/shaping.js';
import { FONT_FILES } from '../src/typeset/fonts.js';
import { runCli } from './helpers/cli.js';
import { flat, readPdf } from './helpers/pdf.js';

const require = createRequire(import.meta.url);
interface Run {
  glyphs: { id: number }[];
  positions: { xAdvance: number; xOffset: number; yOffset: number }[];
}
interface Font {
  layout(text: string, features?: object): Run;
}
const fontkit = require(require.resolve('fontkit', { paths: [require.resolve('pdfkit')] })) as {
  openSync(path: string): Font;
};
const shapes = (run: Run) =>
  run.glyphs.map((g, i) => [g.id, run.positions[i]!.xAdvance, run.positions[i]!.xOffset, run.positions[i]!.yOffset]);

describe('memoized shaping', () => {
  const plain = fontkit.openSync(FONT_FILES.Sans.normal);
  const memoized = memoizeLayout(fontkit.openSync(FONT_FILES.Sans.normal) as never) as unknown as Font;

  it('places marks on their letters where NFC leaves them apart (Ọbáfẹ́mi, x̄)', () => {
    for (const text of ['Ọbáfẹ́mi'.normalize('NFC'), 'x̄'.normalize('NFC')]) {
      const full = plain.layout(text, { ccmp: false });
      expect(
        full.positions.some((p) => p.xOffset !== 0 || p.yOffset !== 0),
        text,
      ).toBe(true);
      expect(shapes(memoized.layout(text)), text).toEqual(shapes(full));
    }
  });

  it('shapes plain text as fontkit does, and gives each caller its own positions', () => {
    const text = 'Office of the Secretary General, AV Wa';
    const first = memoized.layout(text);
    expect(shapes(first)).toEqual(shapes(plain.layout(text, { ccmp: false })));
    first.positions[0]!.xAdvance = -1;
    expect(memoized.layout(text).positions[0]!.xAdvance).not.toBe(-1);
  });
});

describe('accented Latin, Greek and Cyrillic in a PDF', () => {
  it('reads back exactly as written, running header and marking included: Vietnamese and Yoruba letters do not turn plain letters into accented ones', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'briefing-letters-'));
    try {
      const title = 'Visit of Nguyễn Thị Hằng and Ọbáfẹ́mi Awólọ́wọ̀ to Αθήνα, Москва and 서울';
      const role = 'Ministre des Affaires étrangères — Øresund, Łódź, Şişli, Ærø';
      writeFileSync(
        join(dir, 'letters.yaml'),
        `title: "${title}"\nmarking: 대외비 (restricted)\nvisit:\n  visitor: { name: Nguyễn Thị Hằng }\n  host: { country: Ελλάδα }\n  start: 2024-05-01\npeople:\n  - name: Ọbáfẹ́mi Awólọ́wọ̀\n    role: ${role}\n`,
      );
      const result = runCli([
        'build',
        join(dir, 'letters.yaml'),
        '-o',
        join(dir, 'out'),
        '-f',
        'pdf',
        '-d',
        'factsheet',
        '-q',
      ]);
      expect(result.code).toBe(0);
      const pdf = await readPdf(join(dir, 'out', 'letters', 'factsheet.pdf'));
      const text = flat(pdf.pages.join(' ')).normalize('NFC');
      // The running header and footer set Hangul in its font too.
      // (Lines as read join the glyph runs of a line with spaces; compare without them.)
      const bare = (line: string) => line.normalize('NFC').replace(/\s/g, '');
      const [page] = pdf.lines;
      expect([page![0], page!.at(-1)].map((line) => bare(line!))).toEqual(['대외비(RESTRICTED)', '대외비(RESTRICTED)']);
      expect(bare(page![1]!)).toBe(bare(`Fact sheet: ${title}`));
      expect(text).toContain(title.normalize('NFC'));
      expect(text).toContain(role.normalize('NFC'));
      expect(text).toContain('Ọbáfẹ́mi Awólọ́wọ̀'.normalize('NFC'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
