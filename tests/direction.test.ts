/**
 * Right-to-left text in the PDF (src/pdf/bidi.ts): words in visual order line by line, brackets
 * mirrored, digits in order, and whole documents set from the right. Positions come from pdf.js
 * (which reports each drawn word where it is, its letters in logical order, and mirrored brackets
 * as drawn); the text a reader copies comes from pdftotext (poppler puts right-to-left lines back
 * in logical order and reads /ActualText).
 * pdf.js reads a glyph that stands for no text of its own (a dot or hamza Noto Sans Arabic draws
 * apart from its letter) as the character of its number in the font's subset: a control
 * character, or ASCII punctuation once the subset has more than 32 glyphs ("أ'علن"). Words are
 * compared by their letters and digits, and such a glyph drawn alone is no word.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderPdf } from '../src/pdf/index.js';
import type { PageFrame } from '../src/typeset/frame.js';
import { typeset } from '../src/typeset/index.js';
import { CLI } from './helpers/cli.js';
import { testFrame } from './helpers/frame.js';
import { type PdfText, readPdf } from './helpers/pdf.js';

const frame = (lang: string, direction: 'ltr' | 'rtl'): PageFrame =>
  testFrame({ lang, direction, title: 'Visit brief', prepared: '9 March 2031' });
/** Where the text block ends on A4 (layout.ts's margins). */
const RIGHT_EDGE = 595.28 - 56;
const PAGE_HEIGHT = 841.89;

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'briefing-direction-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A Markdown document typeset in a language, as PDF bytes. */
const pdfOf = (markdown: string, lang = 'ar', direction: 'ltr' | 'rtl' = 'rtl') =>
  renderPdf(typeset(markdown, frame(lang, direction)));

/** What pdftotext gives back, bidi controls (which poppler adds around embedded runs) left out. */
function copied(pdf: Uint8Array): string {
  const file = join(dir, 'copy.pdf');
  writeFileSync(file, pdf);
  return execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' }).replace(/[\u202a-\u202e]/g, '');
}

const noSpace = (text: string) => text.replace(/\s+/g, '');

/**
 * Where the text drawn on page 1 at pdf.js's baseline `y` ends at the right, as poppler measures
 * its words. pdf.js's widths do not serve here: it adds to a word's width the advance of each mark
 * Noto Sans Arabic draws apart and then steps back from (a dot, a hamza).
 */
function rightEnd(pdf: Uint8Array, y: number): number {
  const file = join(dir, 'boxes.pdf');
  writeFileSync(file, pdf);
  const boxes = execFileSync('pdftotext', ['-f', '1', '-l', '1', '-bbox', file, '-'], { encoding: 'utf8' });
  const fromTop = PAGE_HEIGHT - y;
  const ends = [...boxes.matchAll(/<word xMin="[\d.]+" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">/g)]
    .filter(([, top, , bottom]) => Number(top) <= fromTop && fromTop <= Number(bottom))
    .map(([, , right]) => Number(right));
  expect(ends.length, `words are drawn at ${y}`).toBeGreaterThan(0);
  return Math.max(...ends);
}

/**
 * A word as pdf.js reads it, without the characters it gives glyphs with no text of their own:
 * a word's letters, marks and digits; punctuation drawn alone (a bracket) as it is.
 */
const drawn = (text: string) =>
  /[\p{L}\p{N}]/u.test(text) ? text.replace(/[^\p{L}\p{M}\p{N}]/gu, '') : text.replace(/[\p{Cc}\s]/gu, '');

/** The drawn words of page 1 at the height of the one whose text is `word`, left to right. */
function lineOf(pdf: PdfText, word: string) {
  const runs = pdf.runs[0]!.filter((run) => drawn(run.str) !== '');
  const y = runs.find((run) => drawn(run.str) === word)?.y;
  expect(y, `"${word}" is drawn`).toBeDefined();
  // Words in different fonts sit a point apart in pdf.js's rounding.
  return runs.filter((run) => Math.abs(run.y - y!) <= 1.5).sort((a, b) => a.x - b.x);
}

const xOf = (line: { str: string; x: number }[], word: string) => {
  const run = line.find((r) => drawn(r.str) === word);
  expect(run, `"${word}" is on the line`).toBeDefined();
  return run!.x;
};

describe('right-to-left text', () => {
  it('sets an Arabic paragraph with an English name and a number inside right to left', async () => {
    const paragraph = 'رحبت الوزيرة بالسيد Oskar Lindqvist في زيارته الثانية وقدمت له 3418 وثيقة';
    const pdf = await pdfOf(paragraph);
    const line = lineOf(await readPdf(pdf), 'رحبت');
    const [welcomed, name, surname, number, documents] = [
      xOf(line, 'رحبت'),
      xOf(line, 'Oskar'),
      xOf(line, 'Lindqvist'),
      xOf(line, '3418'),
      xOf(line, 'وثيقة'),
    ];
    // The first word at the right, each later one further left; the name reads left to right.
    expect(welcomed).toBeGreaterThan(name);
    expect(name).toBeLessThan(surname);
    expect(surname).toBeLessThan(welcomed);
    expect(number).toBeLessThan(name);
    expect(documents).toBeLessThan(number);
    // Set from the right margin.
    const first = line[line.length - 1]!;
    expect(drawn(first.str)).toBe('رحبت');
    expect(rightEnd(pdf, first.y)).toBeCloseTo(RIGHT_EDGE, 0);
    // Copied: the characters as written, in their order.
    expect(noSpace(copied(pdf))).toContain(noSpace(paragraph));
  });

  it('keeps a Hebrew name in right-to-left order inside an English line', async () => {
    const sentence = 'The envoy met נעמה רוזנטל before lunch on 4 June.';
    const pdf = await pdfOf(sentence, 'en', 'ltr');
    const line = lineOf(await readPdf(pdf), 'envoy');
    const [met, given, family, before] = ['met', 'נעמה', 'רוזנטל', 'before'].map((w) => xOf(line, w));
    expect(met).toBeLessThan(family!);
    expect(family).toBeLessThan(given!);
    expect(given).toBeLessThan(before!);
    expect(line[0]!.str).toBe('The');
    expect(noSpace(copied(pdf))).toContain(noSpace(sentence));
  });

  it('sets an Arabic name with a Hebrew one in brackets as one right-to-left run inside an English line', async () => {
    const pdf = await readPdf(await pdfOf('Talks with بسمة الكعبي (שירה אלון) on 3 May.', 'en', 'ltr'));
    const line = lineOf(pdf, 'Talks');
    expect(line.map((run) => run.str).slice(0, 2)).toEqual(['Talks', 'with']);
    expect(line.map((run) => run.str).slice(-3)).toEqual(['on', '3', 'May.']);
    // Read from the right: the Arabic name, then the Hebrew one in its brackets (as a browser sets it).
    const [first, last, hebrewFirst, hebrewLast] = ['بسمة', 'الكعبي', 'שירה', 'אלון'].map((w) => xOf(line, w));
    expect(first).toBeGreaterThan(last!);
    expect(last).toBeGreaterThan(hebrewFirst!);
    expect(hebrewFirst).toBeGreaterThan(hebrewLast!);
  });

  it('mirrors nested brackets at a right-to-left level, and they copy as written', async () => {
    const paragraph = 'أعلن المتحدث (باسم الوزارة [في بيان قصير]) موافقته';
    const pdf = await pdfOf(paragraph);
    const line = lineOf(await readPdf(pdf), 'أعلن');
    // pdf.js reports the glyphs drawn: the opening bracket, drawn mirrored, at the right of its word.
    const brackets = line.filter((run) => /^[()[\]]$/.test(run.str)).map((run) => run.str);
    expect(brackets).toEqual(['(', '[', ']', ')']);
    expect(xOf(line, ')')).toBeGreaterThan(xOf(line, 'باسم'));
    expect(copied(pdf)).toContain(paragraph);
  });

  it('sets a list with its markers on the right', async () => {
    const pdf = await readPdf(await pdfOf('- زيارة المصنع صباحا\n- لقاء مع الغرفة التجارية\n'));
    const item = lineOf(pdf, 'زيارة');
    const marker = item.find((run) => run.str === '•');
    expect(marker).toBeDefined();
    expect(marker!.x).toBeGreaterThan(xOf(item, 'زيارة'));
    expect(marker!.x + marker!.width).toBeCloseTo(RIGHT_EDGE, 0);
  });

  it('sets a table from its first column at the right, its cells set from their right', async () => {
    const bytes = await pdfOf('| المدينة | الموعد |\n| --- | --- |\n| حيفا | الأحد |\n');
    const pdf = await readPdf(bytes);
    const header = lineOf(pdf, 'المدينة');
    expect(xOf(header, 'المدينة')).toBeGreaterThan(xOf(header, 'الموعد'));
    // The first column's cell ends at the text block's right edge, less the cell's padding.
    const row = lineOf(pdf, 'حيفا');
    expect(xOf(row, 'حيفا')).toBeGreaterThan(xOf(row, 'الأحد'));
    expect(rightEnd(bytes, row.find((run) => drawn(run.str) === 'حيفا')!.y)).toBeCloseTo(RIGHT_EDGE - 4, 0);
  });

  it('sets the contents page from the right: titles indented from the right, page numbers on the left', async () => {
    const markdown = '<!-- toc -->\n# المحتويات\n<!-- /toc -->\n\n# الفصل الأول\n\n## القسم الفرعي\n\nنص\n';
    const bytes = await renderPdf(typeset(markdown, frame('ar', 'rtl'), { tocDepth: 2 }));
    const pdf = await readPdf(bytes);
    const chapter = lineOf(pdf, 'الفصل');
    const section = lineOf(pdf, 'الفرعي');
    expect(chapter[0]!.str).toBe('1');
    expect(chapter[0]!.x).toBeCloseTo(56, 0);
    const right = (line: typeof chapter) => rightEnd(bytes, line[line.length - 1]!.y);
    expect(right(chapter)).toBeCloseTo(RIGHT_EDGE, 0);
    expect(right(section)).toBeCloseTo(RIGHT_EDGE - 12, 0);
  });

  it('mirrors the page furniture: the page number on the left, the prepared date on the right', async () => {
    const pdf = await readPdf(await pdfOf('نص قصير'));
    const footer = lineOf(pdf, 'page');
    expect(footer[0]!.str).toBe('page');
    expect(footer[footer.length - 1]!.str).toBe('2031');
    expect(footer[footer.length - 1]!.x + footer[footer.length - 1]!.width).toBeCloseTo(RIGHT_EDGE, 0);
    const title = lineOf(pdf, 'brief');
    expect(title[title.length - 1]!.x + title[title.length - 1]!.width).toBeCloseTo(RIGHT_EDGE, 0);
  });
});

describe('right-to-left text with every patch off', () => {
  it('is set where it is with the patches on', async () => {
    const visit = join(dir, 'rtl.yaml');
    writeFileSync(
      visit,
      [
        'title: Visit of the delegation',
        'lang: he',
        'visit:',
        '  visitor: {name: "Yael Mizrahi (יעל מזרחי)"}',
        '  host: {country: Norway, city: Bergen}',
        '  start: 2031-03-09',
        '  purpose: "פגישה עם Henrik Aas בנושא 12 הסכמים [ומסמך (נוסף)] לפני הטיסה, וסיור בנמל הדיג של העיר."',
        '',
      ].join('\n'),
    );
    const build = (off: string) => {
      const out = join(dir, `out-${off || 'on'}`);
      execFileSync(process.execPath, [CLI, 'build', visit, '-o', out, '-f', 'pdf', '-d', 'factsheet', '-q'], {
        env: { ...process.env, BRIEFING_PDF_PATCHES: off, SOURCE_DATE_EPOCH: '1700000000' },
      });
      return execFileSync('pdftotext', ['-layout', join(out, 'rtl', 'factsheet.pdf'), '-'], { encoding: 'utf8' });
    };
    const on = build('');
    expect(on).toContain('12');
    expect(build('none')).toBe(on);
  });
});
