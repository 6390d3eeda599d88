/** The pocket programme card (`-d card`) and the book's order, read back from the PDFs. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './helpers/cli.js';
import { flat, readPdf } from './helpers/pdf.js';

const dir = mkdtempSync(join(tmpdir(), 'briefing-card-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Side {
  width: number;
  height: number;
  /** Each text item with its printed size in points. */
  texts: { str: string; size: number }[];
}

/** Each page's size and the size each text item is printed at (from its text matrix). */
async function sides(path: string): Promise<Side[]> {
  const doc = await getDocument({ data: new Uint8Array(readFileSync(path)), isEvalSupported: false, verbosity: 0 })
    .promise;
  const out: Side[] = [];
  for (let i = 1; i <= doc.numPages; i++) {
    const page = await doc.getPage(i);
    const [x0, y0, x1, y1] = page.view as [number, number, number, number];
    const content = await page.getTextContent();
    const texts = content.items.flatMap((item) =>
      'str' in item && item.str.trim()
        ? [{ str: item.str, size: Math.hypot(item.transform[2] as number, item.transform[3] as number) }]
        : [],
    );
    out.push({ width: x1 - x0, height: y1 - y0, texts });
  }
  await doc.destroy();
  return out;
}

function build(args: string[]): string {
  const out = mkdtempSync(join(dir, 'out-'));
  const result = runCli(['build', ...args, '-o', out, '-q'], { env: { SOURCE_DATE_EPOCH: '1509494400' } });
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  return out;
}

const LONG_DAY = `title: A long day
marking: OFFICIAL-SENSITIVE
visit:
  visitor: { name: A Person, title: Minister }
  host: { country: Republic of Korea, city: Seoul }
  start: 2017-11-01
programme:
${Array.from(
  { length: 40 },
  (_, i) =>
    `  - { date: 2017-11-01, time: "${String(7 + Math.floor(i / 3)).padStart(2, '0')}:${String((i % 3) * 20).padStart(2, '0')}", item: Item number ${i + 1} with a long enough description to wrap, place: Place ${i + 1}, press: pool }`,
).join('\n')}
`;

describe('the programme card', () => {
  let a4: string;
  let letter: string;
  let long: string;
  beforeAll(() => {
    a4 = build([
      'data/stoltenberg-2017-seoul.yaml',
      'data/stoltenberg-2017-seoul-ko.yaml',
      '-d',
      'card',
      '-f',
      'pdf,md,html',
    ]);
    letter = build(['data/stoltenberg-2017-seoul.yaml', '-d', 'card', '-f', 'pdf', '--paper', 'LETTER']);
    const file = join(dir, 'long-day.yaml');
    writeFileSync(file, LONG_DAY);
    long = build([file, '-d', 'card', '-f', 'pdf']);
  });

  it('is A6 for A4 paper and 4 × 6 in for Letter', async () => {
    for (const side of await sides(join(a4, 'stoltenberg-2017-seoul/card.pdf'))) {
      expect(side.width).toBeCloseTo(297.64, 1);
      expect(side.height).toBeCloseTo(419.53, 1);
    }
    for (const side of await sides(join(letter, 'stoltenberg-2017-seoul/card.pdf'))) {
      expect(side.width).toBeCloseTo(288, 1);
      expect(side.height).toBeCloseTo(432, 1);
    }
  });

  it('gives each day of the samples a side, the first naming the visitor and the visit', async () => {
    const { pages } = await readPdf(join(a4, 'stoltenberg-2017-seoul/card.pdf'));
    expect(pages).toHaveLength(3);
    expect(flat(pages[0]!)).toContain(
      'Jens Stoltenberg Secretary General, NATO Seoul, Republic of Korea, 31 October – 2 November 2017',
    );
    ['31 October 2017', '1 November 2017', '2 November 2017'].forEach((day, i) => {
      expect(pages[i]).toContain(day);
      expect(pages.filter((page) => page.includes(day))).toHaveLength(1);
    });
    expect(pages[2]).toMatch(/Press:\s+open/);
    const ko = await readPdf(join(a4, 'stoltenberg-2017-seoul-ko/card.pdf'));
    expect(ko.pages).toHaveLength(3);
    expect(ko.pages[2]).toMatch(/언론:\s+공개/);
  });

  it('runs a 40-item day on to more sides, its date heading each, without shrinking', async () => {
    const all = await sides(join(long, 'long-day/card.pdf'));
    expect(all.length).toBeGreaterThan(3);
    const { pages } = await readPdf(join(long, 'long-day/card.pdf'));
    for (const page of pages) expect(page).toContain('1 November 2017');
    for (let i = 1; i <= 40; i++) expect(pages.join('\n')).toContain(`Item number ${i} `);
    const times = all.flatMap((side) => side.texts.filter((t) => /^\d\d:\d\d$/.test(t.str)));
    expect(times).toHaveLength(40);
    for (const time of times) expect(time.size).toBeGreaterThanOrEqual(14);
  });

  it('prints the marking at the top and bottom of every side, and the page number', async () => {
    const { lines } = await readPdf(join(long, 'long-day/card.pdf'));
    lines.forEach((side, i) => {
      // A hyphen may end a text run, which the reader joins with a space.
      expect(side[0]!.replace(/\s/g, '')).toBe('OFFICIAL-SENSITIVE');
      expect(side.at(-1)!.replace(/\s/g, '')).toBe('OFFICIAL-SENSITIVE');
      expect(side.join('\n')).toContain(`page ${i + 1} of ${lines.length}`);
    });
  });

  it('prints nothing smaller than 8 pt, furniture included', async () => {
    for (const path of [
      join(a4, 'stoltenberg-2017-seoul/card.pdf'),
      join(a4, 'stoltenberg-2017-seoul-ko/card.pdf'),
      join(letter, 'stoltenberg-2017-seoul/card.pdf'),
      join(long, 'long-day/card.pdf'),
    ]) {
      const texts = (await sides(path)).flatMap((side) => side.texts);
      expect(texts.length).toBeGreaterThan(10);
      const smallest = Math.min(...texts.map((t) => t.size));
      expect(smallest, path).toBeGreaterThanOrEqual(8 - 1e-6);
    }
  });

  it('has its Markdown and its HTML, the HTML printing on an A6 page', () => {
    const md = readFileSync(join(a4, 'stoltenberg-2017-seoul/card.md'), 'utf8');
    expect(md).toContain('| Time | 1 November 2017 |');
    expect(md.split('<!-- pagebreak -->')).toHaveLength(3);
    const html = readFileSync(join(a4, 'stoltenberg-2017-seoul/card.html'), 'utf8');
    expect(html).toContain('size: 105mm 148mm;'); // A6, which not every browser knows by name
    expect(html).toContain('Press: open');
  });

  it('is not made unless asked for, and the help lists it', () => {
    const out = build(['data/stoltenberg-2017-seoul.yaml']);
    expect(() => readFileSync(join(out, 'stoltenberg-2017-seoul/card.pdf'))).toThrow();
    expect(runCli(['build', '--help']).stdout).toMatch(/book, card/);
  });
});

describe('the book', () => {
  it('orders its parts as a reader uses them, in its pages and its contents', async () => {
    const out = build(['data/stoltenberg-2017-seoul.yaml', '-d', 'book', '-f', 'pdf']);
    const { pages, lines, outline } = await readPdf(join(out, 'stoltenberg-2017-seoul/book.pdf'));
    const order = [
      'Objectives and press lines',
      'Fact sheet',
      'Talking points',
      'Chronology',
      'Biographies',
      'Sources',
    ];
    // Past the cover and the contents, the first page with the part's title as a line of its own.
    const firstPage = order.map((title) => lines.findIndex((page, i) => i > 1 && page.includes(title)));
    expect(firstPage.every((p) => p > 1)).toBe(true);
    expect([...firstPage].sort((a, b) => a - b)).toEqual(firstPage);
    expect(outline.filter((title) => order.includes(title))).toEqual(order);
    expect(flat(pages[2]!)).toContain(
      "NATO's global perspective does not mean that it seeks a presence in the Asia-Pacific",
    );
  });
});
