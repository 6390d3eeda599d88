/**
 * Print layout, checked from the PDFs themselves: the running header and footer on every
 * page, the fact sheet on one page, the book's contents against where its sections really
 * start, its bookmarks and metadata, a chronology of 2,000 entries, and a book whose tables
 * and lists run over pages.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ROOT, runCli } from './helpers/cli.js';
import { testFrame } from './helpers/frame.js';
import { flat, type PdfText, readPdf } from './helpers/pdf.js';

const DOCS = ['factsheet', 'chronology', 'talking-points', 'book'] as const;
const PAPERS = ['A4', 'LETTER'] as const;
const SAMPLES = readdirSync(join(ROOT, 'data'))
  .filter((f) => f.endsWith('.yaml'))
  .map(
    (file) =>
      parse(readFileSync(join(ROOT, 'data', file), 'utf8')) as {
        id: string;
        title: string;
        marking: string;
        prepared: string;
        lang?: string;
      },
  )
  // The English samples: the Korean one is checked in languages-cli.test.ts.
  .filter((sample) => !sample.lang);

const TITLES: Record<(typeof DOCS)[number], string> = {
  factsheet: 'Fact sheet',
  chronology: 'Chronology',
  'talking-points': 'Talking points',
  book: 'Briefing book',
};

const PREPARED: Record<string, string> = { '2017-11-06': '6 November 2017' };

let dir: string;
const pdfs = new Map<string, PdfText>();
const pdf = (paper: string, id: string, doc: string) => pdfs.get(`${paper}/${id}/${doc}`)!;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'briefing-layout-'));
  for (const paper of PAPERS) {
    const result = runCli([
      'build',
      'data',
      '-o',
      join(dir, paper),
      '-f',
      'pdf,md',
      '-d',
      DOCS.join(','),
      '--paper',
      paper,
      '-q',
    ]);
    expect(result.stderr).toBe('');
    for (const sample of SAMPLES) {
      for (const doc of DOCS)
        pdfs.set(`${paper}/${sample.id}/${doc}`, await readPdf(join(dir, paper, sample.id, `${doc}.pdf`)));
    }
  }
}, 60_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.each(PAPERS)('on %s paper', (paper) => {
  describe.each(SAMPLES)('$id', (sample) => {
    it.each(DOCS)('%s has the marking, title, prepared date and "page X of Y" on every page', (doc) => {
      const { lines } = pdf(paper, sample.id, doc);
      lines.forEach((page, i) => {
        expect(page[0], `page ${i + 1} top`).toBe(sample.marking.toUpperCase());
        expect(page[1], `page ${i + 1} header`).toBe(`${TITLES[doc]}: ${sample.title}`);
        expect(page.at(-2), `page ${i + 1} footer`).toBe(
          `Prepared ${PREPARED[sample.prepared]} page ${i + 1} of ${lines.length}`,
        );
        expect(page.at(-1), `page ${i + 1} bottom`).toBe(sample.marking.toUpperCase());
      });
    });

    it('never leaves a heading at the foot of a page, in any document', () => {
      let pageEnds = 0;
      for (const doc of DOCS) {
        const markdown = readFileSync(join(dir, paper, sample.id, `${doc}.md`), 'utf8');
        const headings = new Set([
          'Sources',
          ...[...markdown.matchAll(/^#{2,6} (.*)$/gm)].map((m) => m[1]!.replace(/[*_`\\]/g, '')),
        ]);
        // The last page too: a heading there would have nothing under it.
        pdf(paper, sample.id, doc).lines.forEach((page, i) => {
          if (page[2] === 'Contents') return; // its entries share the headings' words
          const lastLine = page.at(-3)!;
          expect(headings.has(lastLine), `${doc} page ${i + 1} ends with the heading "${lastLine}"`).toBe(false);
          pageEnds++;
        });
      }
      // Page breaks inside documents are what this is about: the book runs over several pages.
      expect(pageEnds).toBeGreaterThan(DOCS.length + 2);
    });

    it('fits the fact sheet on one page, in the book too', () => {
      expect(pdf(paper, sample.id, 'factsheet').pages).toHaveLength(1);
      const contents = flat(pdf(paper, sample.id, 'book').pages[1]!);
      const [factsheet, next] = ['Fact sheet', 'Talking points'].map((part) =>
        Number(new RegExp(`${part} (\\d+)`).exec(contents)?.[1]),
      );
      expect(next! - factsheet!).toBe(1);
    });

    it('gives the book a cover, and contents whose page numbers are where each part starts', () => {
      const { pages, lines } = pdf(paper, sample.id, 'book');
      expect(flat(pages[0]!)).toContain(sample.title);
      expect(flat(pages[0]!)).toContain(`Prepared ${PREPARED[sample.prepared]}`);
      const contents = flat(pages[1]!);
      const parts = ['Fact sheet', 'Chronology', 'Talking points', 'Biographies', 'Sources'];
      for (const part of parts) {
        const listed = new RegExp(`${part} (\\d+)`).exec(contents);
        expect(listed, `${part} in the contents`).not.toBeNull();
        const starts = lines.findIndex((page, i) => i > 1 && page.includes(part)) + 1;
        expect(Number(listed![1]), `${part} page`).toBe(starts);
      }
    });

    it('gives the book bookmarks for every part and section, and metadata', () => {
      const book = pdf(paper, sample.id, 'book');
      expect(book.outline).toEqual(
        expect.arrayContaining([
          'Fact sheet',
          'Key facts',
          'Programme',
          'People',
          'Chronology',
          'Talking points',
          'Biographies',
          'Sources',
        ]),
      );
      expect(book.info.Title).toBe(`Briefing book: ${sample.title}`);
      expect(book.info.Subject).toBeTruthy();
      expect(book.info.Author).toBeTruthy();
      expect(String(book.info.Keywords)).toContain('Republic of Korea');
    });
  });
});

describe('a chronology of 2,000 entries', () => {
  const entries = Array.from({ length: 2000 }, (_, i) => {
    const year = 1900 + Math.floor(i / 20);
    const month = String(Math.floor(((i % 20) * 12) / 20) + 1).padStart(2, '0');
    return {
      date: `${year}-${month}`,
      event: `Entry ${String(i).padStart(4, '0')}: talks on *cooperation* in field ${i % 37}, followed by a joint statement.`,
    };
  });
  let long: PdfText;

  beforeAll(async () => {
    const visit = {
      title: 'Long chronology',
      marking: 'UNCLASSIFIED',
      visit: { visitor: { name: 'A. Visitor' }, host: { country: 'Republic of Korea' }, start: '2020-01-01' },
      chronology: entries,
    };
    const input = mkdtempSync(join(tmpdir(), 'briefing-long-'));
    writeFileSync(join(input, 'long.json'), JSON.stringify(visit));
    const result = runCli([
      'build',
      join(input, 'long.json'),
      '-o',
      join(input, 'out'),
      '-f',
      'pdf',
      '-d',
      'chronology',
      '-q',
    ]);
    expect(result.stderr).toBe('');
    long = await readPdf(join(input, 'out', 'long', 'chronology.pdf'));
    rmSync(input, { recursive: true, force: true });
  }, 60_000);

  it('prints every entry, in date order', () => {
    const text = flat(long.pages.join('\n'));
    let at = -1;
    entries.forEach((_, i) => {
      const next = text.indexOf(`Entry ${String(i).padStart(4, '0')}:`, at + 1);
      expect(next, `entry ${i}`).toBeGreaterThan(at);
      at = next;
    });
    expect(long.pages.length).toBeGreaterThan(40);
  });

  it('repeats the header row on every page, and carries the marking on each', () => {
    long.lines.forEach((page, i) => {
      // Under the running header: the header row, after the title or a year heading if any.
      const top = page.slice(2, 5);
      expect(top, `page ${i + 1}`).toContain('Date Event');
      expect(page[0]).toBe('UNCLASSIFIED');
      expect(page.at(-1)).toBe('UNCLASSIFIED');
      expect(page.at(-2)).toContain(`page ${i + 1} of ${long.lines.length}`);
    });
  });

  it('sets year headings over a long chronology', () => {
    const lines = long.lines.flat();
    for (const year of ['1900', '1950', '1999']) expect(lines).toContain(year);
  });
});

describe('a book whose tables and lists run over pages', () => {
  // Topics of 11 to 18 points of varying length, so that their headings fall all over the page.
  const topics = Array.from({ length: 12 }, (_, t) => ({
    topic: `Topic ${t + 1}`,
    points: Array.from(
      { length: 11 + ((t * 5) % 8) },
      (_, p) =>
        `Point ${t + 1}.${p + 1}: we will keep working together${' on the questions both sides raised'.repeat(1 + ((t + p) % 3))}.`,
    ),
  }));
  let book: PdfText;

  beforeAll(async () => {
    const visit = {
      title: 'Long book',
      marking: 'UNCLASSIFIED',
      visit: { visitor: { name: 'A. Visitor' }, host: { country: 'Republic of Korea' }, start: '2020-01-01' },
      chronology: Array.from({ length: 300 }, (_, i) => ({
        date: `${1950 + Math.floor(i / 10)}-0${1 + (i % 9)}`,
        event: `Event ${i}: talks and a joint statement on cooperation.`,
      })),
      talking_points: topics,
    };
    const input = mkdtempSync(join(tmpdir(), 'briefing-long-book-'));
    writeFileSync(join(input, 'book.json'), JSON.stringify(visit));
    const result = runCli([
      'build',
      join(input, 'book.json'),
      '-o',
      join(input, 'out'),
      '-f',
      'pdf',
      '-d',
      'book',
      '-q',
    ]);
    expect(result.code).toBe(0);
    book = await readPdf(join(input, 'out', 'book', 'book.pdf'));
    rmSync(input, { recursive: true, force: true });
  }, 60_000);

  it('bookmarks each section once, though its heading repeats over the continuation pages', () => {
    expect(book.outline.filter((title) => title === '1950')).toHaveLength(1);
    expect(new Set(book.outline).size).toBe(book.outline.length);
    const years = book.outline.filter((title) => /^\d{4}$/.test(title));
    expect(years).toEqual(Array.from({ length: 30 }, (_, i) => String(1950 + i)));
    // The chronology's tables do run over pages, repeating their year captions.
    expect(book.lines.filter((page) => page.slice(2, 4).some((line) => /^\d{4}$/.test(line))).length).toBeGreaterThan(
      3,
    );
  });

  it('ends no page with a heading, and keeps each topic with its first points', () => {
    const headings = new Set([...topics.map((t) => `${topics.indexOf(t) + 1}. ${t.topic}`), 'Sources']);
    book.lines.forEach((page, i) => {
      expect(headings.has(page.at(-3)!), `page ${i + 1} ends with "${page.at(-3)}"`).toBe(false);
    });
    for (const [t, topic] of topics.entries()) {
      const page = book.lines.find((lines) => lines.includes(`${t + 1}. ${topic.topic}`));
      expect(page, topic.topic).toBeDefined();
      expect(flat(page!.join(' ')), topic.topic).toContain(`Point ${t + 1}.1:`);
    }
  });
});

describe('column widths', () => {
  it('leave every column of a wide table room on the page', async () => {
    const { typeset } = await import('../src/typeset/index.js');
    const { contentWidth } = await import('../src/typeset/layout.js');
    const long = (n: number) => 'word '.repeat(n / 5).trim();
    const markdown = `| A | B | C | D |\n|--|--|--|--|\n| ${long(100)} | ${long(100)} | ${long(30)} | ${long(30)} |\n`;
    const doc = typeset(markdown, testFrame());
    const table = (doc.content as { table?: { widths: (number | string)[] } }[]).find((block) => block.table)!.table!;
    const fixed = table.widths.filter((w): w is number => typeof w === 'number');
    expect(table.widths.at(-1)).toBe('*');
    // What is left for the last column, after the others and every column's padding of 8 pt.
    const left = contentWidth('A4') - fixed.reduce((a, b) => a + b, 0) - 8 * table.widths.length;
    expect(left).toBeGreaterThan(contentWidth('A4') * 0.15);
  });
});

describe('a word longer than its column', () => {
  it('breaks within the page: tables, boxes and lists stay inside the margins', async () => {
    const out = mkdtempSync(join(tmpdir(), 'briefing-long-words-'));
    const result = runCli(['build', 'tests/fixtures/long-words.yaml', '-o', out, '-f', 'pdf', '-q']);
    expect(result.stderr).toBe('');
    const { getDocument } = await import('pdfjs-dist/legacy/build/pdf.mjs');
    for (const doc of ['factsheet', 'chronology', 'talking-points']) {
      const pdf = await getDocument({
        data: new Uint8Array(readFileSync(join(out, 'long-words', `${doc}.pdf`))),
        verbosity: 0,
      }).promise;
      const page = await pdf.getPage(1);
      const [, , pageWidth] = page.view as number[];
      const items = (await page.getTextContent()).items.filter(
        (item) => 'str' in item && item.str.includes('XXXXXXXX'),
      );
      expect(items.length).toBeGreaterThan(0);
      // The right margin is 56 pt; a list's hard-broken line may reach 4 pt into it.
      for (const item of items)
        expect(item.transform[4] + item.width, `${doc}: ${item.str}`).toBeLessThan(pageWidth - 52);
      expect(flat(items.map((item) => item.str).join(''))).toContain('XYZ');
      await pdf.destroy();
    }
    rmSync(out, { recursive: true, force: true });
  });
});

describe('blocks kept on one page', () => {
  const visit = (id: string, talkingPoints: string) =>
    `id: ${id}\ntitle: T\nvisit: {visitor: {name: A}, host: {country: B}, start: 2020-01-01}\ntalking_points:\n${talkingPoints}\nsources:\n  - {id: s1, title: S}\n`;
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'briefing-keep-'));
    const words = Array.from({ length: 700 }, (_, i) => `word${i}`).join(' ');
    writeFileSync(
      join(dir, 'tall.yaml'),
      visit(
        'tall',
        `  - topic: Tall\n    points:\n${[1, 2].map((n) => `      - {text: "START${n} ${words} END${n}", source: s1}`).join('\n')}`,
      ),
    );
    // Points enough to bring an "If asked" box near the foot of page 1, one more each time.
    for (let n = 24; n <= 40; n++) {
      const points = Array.from(
        { length: n },
        (_, i) => `      - {text: "Point ${i + 1} of the topic.", source: s1}`,
      ).join('\n');
      const answer = 'The answer runs over several lines so that a page break could fall inside it. '.repeat(4);
      writeFileSync(
        join(dir, `box-${n}.yaml`),
        visit(
          `box-${n}`,
          `  - topic: Topic\n    points:\n${points}\n    if_asked:\n      - {question: "BOXSTART?", answer: "${answer}BOXEND"}`,
        ),
      );
    }
    const result = runCli(['build', dir, '-o', join(dir, 'out'), '-d', 'talking-points', '-f', 'pdf', '-q']);
    expect(result.stderr).toBe('');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('never drops text that is too tall to keep with its heading', async () => {
    const { pages } = await readPdf(join(dir, 'out', 'tall', 'talking-points.pdf'));
    const text = flat(pages.join('\n'));
    for (const word of ['START1', 'word350', 'END1', 'START2', 'word699', 'END2']) expect(text).toContain(word);
    expect(pages.length).toBeGreaterThan(2);
  });

  it('never drops a table row too tall for one page', async () => {
    const words = Array.from({ length: 1500 }, (_, i) => `word${i}`).join(' ');
    const file = join(dir, 'rows', 'tall-row.yaml');
    mkdirSync(join(dir, 'rows'));
    writeFileSync(
      file,
      `id: tall-row\ntitle: T\nvisit: {visitor: {name: A}, host: {country: B}, start: 2020-01-01}\n` +
        `facts:\n  - section: S\n    items:\n      - {label: L, value: "START ${words} END", source: s1}\n` +
        `chronology:\n  - {date: 2019, event: "START ${words} END", source: s1}\nsources:\n  - {id: s1, title: S}\n`,
    );
    expect(
      runCli(['build', file, '-o', join(dir, 'out'), '-d', 'factsheet,chronology', '-f', 'pdf', '-q']).stderr,
    ).toBe('');
    for (const doc of ['factsheet', 'chronology']) {
      const { pages } = await readPdf(join(dir, 'out', 'tall-row', `${doc}.pdf`));
      const text = flat(pages.join('\n'));
      for (const word of ['START', 'word700', 'word1499', 'END']) expect(text, doc).toContain(word);
      expect(pages.length).toBeGreaterThan(1);
    }
  });

  it('does not split a short "If asked" box over two pages', async () => {
    let nearFoot = 0;
    for (let n = 24; n <= 40; n++) {
      const { pages } = await readPdf(join(dir, 'out', `box-${n}`, 'talking-points.pdf'));
      const start = pages.findIndex((page) => page.includes('BOXSTART'));
      expect(
        pages.findIndex((page) => page.includes('BOXEND')),
        `${n} points`,
      ).toBe(start);
      if (start > 0) nearFoot++;
    }
    expect(nearFoot).toBeGreaterThan(0); // some box did fall at a page's foot and moved whole
  });
});

describe('a table of grouped rows over pages', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'briefing-groups-'));
    // The first group grows by a row each time, so that later group rows fall at a page's foot.
    for (let n = 1; n <= 15; n++) {
      const sections = Array.from({ length: 8 }, (_, k) => {
        const items = Array.from(
          { length: k === 0 ? n : 5 },
          (_, i) =>
            `      - {label: "Item ${k + 1}.${i}", value: "Value ${i} of section ${k + 1}, long enough to read as real text.", source: s1}`,
        );
        // A section name longer than any label must not widen the label column.
        return `  - section: GROUP${k + 1}${k === 2 ? ' with a section name far longer than any of its labels' : ''}\n    items:\n${items.join('\n')}`;
      });
      const visit = `id: groups-${n}\ntitle: G\nvisit: {visitor: {name: A}, host: {country: B}, start: 2020-01-01}\nfacts:\n${sections.join('\n')}\nsources:\n  - {id: s1, title: S}\n`;
      writeFileSync(join(dir, `groups-${n}.yaml`), visit);
    }
    expect(runCli(['build', dir, '-o', join(dir, 'out'), '-d', 'factsheet', '-f', 'pdf', '-q']).stderr).toBe('');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('never leaves a group row at the foot of a page without a row of its group, and lines the groups up', async () => {
    let overPages = 0;
    for (let n = 1; n <= 15; n++) {
      const { lines, runs } = await readPdf(join(dir, 'out', `groups-${n}`, 'factsheet.pdf'));
      if (lines.length > 1) overPages++;
      // Reference numbers sit higher than their line and read as lines of their own: left out.
      lines
        .map((page) => page.filter((line) => !/^\d+$/.test(line)))
        .forEach((page, p) => {
          page.forEach((line, l) => {
            const group = /^GROUP(\d)( with a .*)?$/.exec(line);
            if (group)
              expect(page[l + 1], `${n}: page ${p + 1}, ${line}`).toMatch(new RegExp(`^Item ${group[1]}\\.\\d `));
          });
        });
      // One column of values for every group: the tables of the chain share their widths.
      const valueStarts = new Set(
        runs
          .flat()
          .filter((run) => run.str.startsWith('Value'))
          .map((run) => run.x.toFixed(1)),
      );
      expect(valueStarts.size, `${n}`).toBe(1);
      expect(Number([...valueStarts][0]), `${n}: the label column is as wide as its labels`).toBeLessThan(160);
    }
    expect(overPages).toBeGreaterThan(0);
  });
});

describe('a long marking and a long title', () => {
  it('prints the whole marking at top and bottom of every page, and the running title on one line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'briefing-long-marking-'));
    const marking =
      'SECRET//REL TO USA, AUS, CAN, GBR, NZL, KOR, JPN, DEU, FRA, ITA, ESP, NLD, BEL, NOR, DNK, POL, CZE, HUN, EST, LVA, LTU, ROU, BGR';
    const title =
      'Visit of the Secretary General of the North Atlantic Treaty Organization and delegation to the Republic of Korea, including the Demilitarized Zone';
    writeFileSync(
      join(dir, 'long.yaml'),
      `title: "${title}"\nmarking: "${marking}"\nvisit: {visitor: {name: A}, host: {country: B}, start: 2020-01-01}\n` +
        `chronology:\n${Array.from({ length: 60 }, (_, i) => `  - {date: ${1950 + i}, event: "Event ${i}", source: s1}`).join('\n')}\nsources:\n  - {id: s1, title: S}\n`,
    );
    for (const paper of PAPERS) {
      expect(
        runCli(['build', dir, '-o', join(dir, paper), '-d', 'chronology,book', '--paper', paper, '-q']).stderr,
      ).toBe('');
      for (const doc of ['chronology', 'book']) {
        const { pages, lines } = await readPdf(join(dir, paper, 'long', `${doc}.pdf`));
        expect(pages.length).toBeGreaterThan(1);
        pages.forEach((page, p) => {
          // Top and bottom; the book's cover shows it once more.
          expect(flat(page).split('ROU, BGR').length - 1, `${paper} ${doc} page ${p + 1}`).toBe(
            doc === 'book' && p === 0 ? 3 : 2,
          );
          if (p > 0 || doc === 'chronology')
            expect(
              lines[p]!.some((line) => /^(Chronology|Briefing book): Visit of the Secretary General .*…$/.test(line)),
              `${paper} ${doc} page ${p + 1}`,
            ).toBe(true);
        });
      }
    }
    // A title of capitals and digits without a space: still one line, ending in an ellipsis.
    const word = Array.from({ length: 60 }, (_, i) => `W${i}`).join('_');
    writeFileSync(
      join(dir, 'long.yaml'),
      `title: "Visit_${word}"\nvisit: {visitor: {name: A}, host: {country: B}, start: 2020-01-01}\n`,
    );
    expect(
      runCli(['build', dir, '-o', join(dir, 'nospace'), '-d', 'factsheet', '--paper', 'LETTER', '-q']).stderr,
    ).toBe('');
    const { lines } = await readPdf(join(dir, 'nospace', 'long', 'factsheet.pdf'));
    expect(lines[0]![0]).toMatch(/^Fact sheet: Visit_W0_W1_.*…$/); // no marking: the title is the first line
    rmSync(dir, { recursive: true, force: true });
  });
});
