/**
 * Where lines break, by script (src/pdf/breaks.ts): Japanese between characters, never before
 * closing punctuation; Korean at spaces only; Thai where a word ends. Nothing runs past the edge
 * of its column. Lines are read back from pdf.js: the words drawn at one height, left to right.
 */
import type { Content, TDocumentDefinitions } from 'pdfmake/interfaces.js';
import { describe, expect, it } from 'vitest';
import { renderPdf } from '../src/pdf/index.js';
import { textRuns } from '../src/typeset/fonts.js';
import { typeset } from '../src/typeset/index.js';
import { testFrame } from './helpers/frame.js';
import { readPdf } from './helpers/pdf.js';

const LEFT = 40;

/** A text set in a column `width` points wide; its lines as printed, and how far right each reaches. */
async function linesOf(text: Content, width: number): Promise<{ text: string; right: number }[]> {
  const doc: TDocumentDefinitions = {
    pageSize: 'A5',
    pageMargins: [LEFT, 40, 40, 40],
    defaultStyle: { font: 'Sans', fontSize: 10 },
    content: [{ table: { widths: [width, '*'], body: [[text, { text: '' }]] }, layout: 'noBorders' }],
  };
  const pdf = await readPdf(await renderPdf(doc));
  // A mark drawn raised or lowered (a Thai vowel under a tone mark) is a run a few points off its line.
  const rows: { y: number; runs: { x: number; str: string; right: number }[] }[] = [];
  for (const run of [...pdf.runs[0]!].sort((a, b) => b.y - a.y)) {
    const str = drawn(run.str);
    if (!str) continue;
    const row = rows[rows.length - 1];
    const placed = { x: run.x, str, right: run.x + run.width };
    if (row && row.y - run.y <= 4) row.runs.push(placed);
    else rows.push({ y: run.y, runs: [placed] });
  }
  return rows
    .map(({ runs }) => runs.sort((a, b) => a.x - b.x))
    .map((runs) => ({
      // A gap between two drawn words is a space.
      text: runs.map((r, i) => (i > 0 && r.x - runs[i - 1]!.right > 1 ? ' ' : '') + r.str.trim()).join(''),
      right: Math.max(...runs.map((r) => r.right)),
    }));
}

/**
 * A run's text without what pdf.js makes of a glyph that stands for no text of its own (Noto
 * Sans Thai draws "ำ" as two glyphs, the second with none): the character of its number in the
 * font's subset, a control character or, past 32 glyphs, ASCII punctuation (none of these
 * paragraphs has any).
 */
const drawn = (text: string) => text.replace(/[\p{Cc}!-/:-@[-`{-~]/gu, '');

/** The column's right edge: its left edge (the margin and the cell's padding) plus its width. */
const edge = (width: number) => LEFT + 4 + width + 0.5;

const CLOSING = /^[。、」』）〕】，．！？・ー々ぁぃぅぇぉっゃゅょァィゥェォッャュョ]/u;

describe('line breaking', () => {
  it('wraps a long Japanese paragraph between characters, never before closing punctuation, within a narrow column', async () => {
    const paragraph =
      '午後の協議では、双方が「海洋観測データの共有」について意見を交わした。議長は、' +
      '次回会合（仮題「北方作業部会」）の日程を「できるだけ早く」決めたいと述べ、参加者は了承した。' +
      '書記は、要旨を三日後までに配布する。';
    for (const width of [63, 71, 88]) {
      // Noto Sans KR has kana and these kanji.
      const lines = await linesOf({ text: paragraph, font: 'KR' }, width);
      expect(lines.length).toBeGreaterThan(3);
      expect(lines.map((l) => l.text).join('')).toBe(paragraph);
      for (const line of lines) {
        expect(line.text, `a line starts with closing punctuation at ${width} pt`).not.toMatch(CLOSING);
        expect(line.right).toBeLessThanOrEqual(edge(width));
      }
    }
  });

  it('breaks Korean at spaces only, a word wider than the line alone cut', async () => {
    const words =
      '방문단은 수요일 오후 해양수산연구원에서 공동조사선 운항계획을 협의하고 저녁에는 지역대학 총장단과 만찬을 함께합니다'.split(
        ' ',
      );
    const lines = await linesOf({ text: textRuns(words.join(' ')) }, 110);
    expect(lines.length).toBeGreaterThan(3);
    for (const line of lines) {
      for (const word of line.text.trim().split(' ')) expect(words).toContain(word);
      expect(line.right).toBeLessThanOrEqual(edge(110));
    }
    const long = '국제해양과학기술협력센터설립준비위원회';
    const cut = await linesOf({ text: textRuns(`회의 ${long}`) }, 60);
    expect(cut[0]!.text.trim()).toBe('회의');
    expect(
      cut
        .slice(1)
        .map((l) => l.text)
        .join(''),
    ).toBe(long);
    for (const line of cut) expect(line.right).toBeLessThanOrEqual(edge(60));
  });

  it('keeps a table within the page when a cell holds a Korean word longer than a line', async () => {
    const word = '해양과학기술협력센터설립추진위원회운영규정개정안'.repeat(3);
    const frame = testFrame({ lang: 'ko', title: 'T' });
    const doc = typeset(`| 이름 | 설명 |\n| --- | --- |\n| 김민준 | ${word} 끝 |\n| ${word} | 짧은 설명 |\n`, frame);
    const pdf = await readPdf(await renderPdf(doc));
    const right = Math.max(...pdf.runs[0]!.map((run) => run.x + run.width));
    expect(right).toBeLessThanOrEqual(595.28 - 56 + 0.5);
    expect(pdf.pages[0]!.replace(/\s+/g, '')).toContain(`김민준${word}끝${word}짧은설명`);
  });

  it('wraps a Thai paragraph where its words end, within the margin', async () => {
    const paragraph = 'ผู้ว่าราชการจังหวัดต้อนรับคณะนักวิจัยที่สถานีตรวจวัดคุณภาพน้ำและนำชมแปลงปลูกข้าวพันธุ์พื้นเมืองของเกษตรกร';
    const ends = new Set(
      [...new Intl.Segmenter('th', { granularity: 'word' }).segment(paragraph)].map((s) => s.index + s.segment.length),
    );
    const lines = await linesOf({ text: paragraph, font: 'Thai' }, 150);
    // The paragraph has no space; pdf.js's width of a mark drawn apart ("ำ" over a tone mark) can
    // leave what reads as a gap.
    const texts = lines.map((l) => l.text.replace(/ /g, ''));
    expect(lines.length).toBeGreaterThan(2);
    expect(texts.join('')).toBe(paragraph);
    let at = 0;
    for (const [i, line] of lines.entries()) {
      at += texts[i]!.length;
      expect(ends.has(at), `a line ends inside a word: "${texts[i]}"`).toBe(true);
      expect(line.right).toBeLessThanOrEqual(edge(150));
    }
  });
});
