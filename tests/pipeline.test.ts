import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Lexer, type Tokens } from 'marked';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { formatDateRange } from '../src/model/dates.js';
import { ROOT, runCli } from './helpers/cli.js';
import { flat, type PdfText, readPdf } from './helpers/pdf.js';

const DOCS = ['factsheet', 'chronology', 'talking-points'] as const;
const SAMPLES = readdirSync(join(ROOT, 'data')).filter((f) => f.endsWith('.yaml'));

interface SampleVisit {
  id?: string;
  lang?: string;
  visit: { visitor: { native_name?: string } };
  marking?: string;
  facts?: { section: string; items: { label: string; value: string }[] }[];
  chronology?: { date: string | number; end?: string | number; event: string }[];
  talking_points?: { topic: string; points?: (string | { text: string })[]; if_asked?: { question: string }[] }[];
  people?: { name: string; native_name?: string }[];
}

/** Markdown fields print without their syntax: compare against the text only. */
const stripInline = (s: string) => s.replace(/\*\*|\*|`|_(?=\w)|(?<=\w)_/g, '').replace(/\[([^\]]*)\]\([^)]*\)/g, '$1');
const squash = (s: string) => s.replace(/\s+/g, '');

/** The per-visit folders of an output folder (it also holds the build cache file). */
const visitDirs = (dir: string) =>
  readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name);

let out: string;
const pdfs = new Map<string, PdfText>();

beforeAll(async () => {
  out = mkdtempSync(join(tmpdir(), 'briefing-pipeline-'));
  const result = runCli(['build', 'data', '-o', out]);
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  for (const visitDir of visitDirs(out)) {
    for (const doc of DOCS) pdfs.set(`${visitDir}/${doc}`, await readPdf(join(out, visitDir, `${doc}.pdf`)));
  }
});

afterAll(() => rmSync(out, { recursive: true, force: true }));

describe.each(SAMPLES)('sample %s', (file) => {
  const visit = parse(readFileSync(join(ROOT, 'data', file), 'utf8')) as SampleVisit;
  const id = visit.id ?? file.replace(/\.yaml$/, '');
  const text = (doc: string) => squash(pdfs.get(`${id}/${doc}`)!.pages.join(''));
  const md = (doc: string) => readFileSync(join(out, id, `${doc}.md`), 'utf8');
  const labels = parse(readFileSync(join(ROOT, 'templates', 'labels', `${visit.lang ?? 'en'}.yaml`), 'utf8'));

  it('writes the three documents as Markdown and PDF', () => {
    expect(readdirSync(join(out, id)).sort()).toEqual(DOCS.flatMap((d) => [`${d}.md`, `${d}.pdf`]).sort());
  });

  it('prints every fact, label and value, in the fact sheet', () => {
    for (const section of visit.facts ?? []) {
      expect(text('factsheet')).toContain(squash(section.section));
      for (const item of section.items) {
        expect(text('factsheet')).toContain(squash(item.label));
        expect(text('factsheet')).toContain(squash(item.value));
      }
    }
  });

  it('prints every chronology entry, oldest first', () => {
    const entries = visit.chronology ?? [];
    expect(entries.length).toBeGreaterThan(3);
    const body = text('chronology');
    const positions = [...entries]
      .sort((a, b) => String(a.date).localeCompare(String(b.date)))
      .map((entry) => {
        const end = entry.end === undefined ? undefined : String(entry.end);
        const date = formatDateRange(String(entry.date), end, visit.lang);
        const at = body.indexOf(squash(date) + squash(stripInline(entry.event)).slice(0, 25));
        expect(at, `${date}: ${entry.event}`).toBeGreaterThanOrEqual(0);
        return at;
      });
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
  });

  it('prints every talking point topic, point and "if asked" question', () => {
    for (const topic of visit.talking_points ?? []) {
      expect(text('talking-points')).toContain(squash(topic.topic));
      for (const point of topic.points ?? []) {
        const pointText = typeof point === 'string' ? point : point.text;
        expect(text('talking-points')).toContain(squash(stripInline(pointText)).slice(0, 40));
      }
      for (const q of topic.if_asked ?? []) expect(text('talking-points')).toContain(squash(q.question));
    }
  });

  it('prints native names as written', () => {
    const native = [visit.visit.visitor, ...(visit.people ?? [])].filter((p) => p.native_name);
    expect(native.length).toBeGreaterThan(0);
    for (const person of native) expect(text('factsheet')).toContain(squash(person.native_name!));
  });

  it.each(DOCS)('%s carries the marking and "page X of Y" on every page', (doc) => {
    const { pages } = pdfs.get(`${id}/${doc}`)!;
    pages.forEach((page, i) => {
      if (visit.marking)
        expect(page.split(visit.marking.toUpperCase()).length - 1, `page ${i + 1}`).toBeGreaterThanOrEqual(2);
      const numbered = labels.page.replace('{page}', String(i + 1)).replace('{pages}', String(pages.length));
      expect(flat(page)).toContain(numbered);
    });
  });

  it('writes Markdown with the content and its citations', () => {
    const chronology = md('chronology');
    expect(chronology.startsWith(`# ${labels.chronology}`)).toBe(true);
    expect(chronology).toMatch(/\[\^[^\]]+\]: \*/);
    for (const topic of visit.talking_points ?? [])
      expect(md('talking-points')).toContain(topic.topic.replace(/[*_]/g, ''));
    expect(md('factsheet')).not.toMatch(/&amp;|&lt;|&gt;/);
  });
});

describe('a visit file the project has never seen', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'briefing-unseen-'));
    const result = runCli(['build', 'tests/fixtures/unseen-visit.yaml', '-o', dir]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('prints plain fields literally, Markdown fields rendered, Hangul intact', async () => {
    const { pages } = await readPdf(join(dir, 'unseen-visit', 'factsheet.pdf'));
    const text = flat(pages.join('\n'));
    expect(text).toContain('Visit of Minister Ana <Silva> & *Friends* to Busan');
    expect(text).toContain('Ana Silva & Co <Lda>');
    expect(text).toContain('Minister of *Oceans*');
    expect(text).toContain('아나 실바');
    expect(text).toContain('대한민국');
    expect(text).toContain('박지민');
    expect(text).toContain('Container throughput (TEU) *2023*');
    expect(text).toContain('Discuss maritime cooperation and the Busan port.');
    expect(text).toContain('RESTRICTED');
    expect(text).not.toMatch(/&amp;|&lt;/);
  });

  it('orders the chronology oldest first and formats dates at their precision', async () => {
    const { pages } = await readPdf(join(dir, 'unseen-visit', 'chronology.pdf'));
    const text = flat(pages.join('\n'));
    expect(text.indexOf('1992–1994')).toBeGreaterThan(-1);
    expect(text.indexOf('1992–1994')).toBeLessThan(text.indexOf('May 2024'));
  });

  it('keeps Markdown readable: plain fields escaped, no HTML entities', () => {
    const md = readFileSync(join(dir, 'unseen-visit', 'talking-points.md'), 'utf8');
    expect(md).toContain('# Talking points: Visit of Minister Ana \\<Silva> & \\*Friends\\* to Busan');
    expect(md).toContain('Ports & \\<logistics>');
    expect(md).toContain('Green shipping corridors are a *shared* priority.');
    expect(md).not.toMatch(/&amp;|&lt;|&gt;/);
  });
});

describe('a bare URL in a sourced field', () => {
  it('keeps its citation: the link ends where the footnote reference begins', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'briefing-url-'));
    const file = join(dir, 'url.yaml');
    writeFileSync(
      file,
      [
        'title: T',
        'visit: {visitor: {name: A}, host: {country: B}, start: 2020-01-01}',
        'facts:',
        '  - section: Web',
        '    items:',
        '      - {label: Website, value: "https://www.nato.int", source: s1}',
        '      - {label: Ministry, value: "www.mofa.go.kr.", source: s1}',
        'sources:',
        '  - {id: s1, title: The source}',
      ].join('\n'),
    );
    expect(runCli(['build', file, '-o', dir, '-d', 'factsheet', '-f', 'pdf,html']).code).toBe(0);
    const pdf = join(dir, 'url', 'factsheet.pdf');
    const { pages, lines } = await readPdf(pdf);
    const text = flat(pages.join('\n'));
    expect(text).toContain('https://www.nato.int1');
    expect(text).toContain('www.mofa.go.kr.1');
    expect(lines[0].slice(lines[0].indexOf('Sources'))).toContain('1. The source .');
    const targets = [...readFileSync(pdf, 'latin1').matchAll(/\/URI \(([^)]*)\)/g)].map((m) => m[1]);
    expect(new Set(targets)).toEqual(new Set(['https://www.nato.int', 'http://www.mofa.go.kr']));
    const html = readFileSync(join(dir, 'url', 'factsheet.html'), 'utf8');
    expect(html).toContain('href="https://www.nato.int"');
    expect(html).not.toMatch(/href="[^"]*\[\^/);
    rmSync(dir, { recursive: true, force: true });
  });
});

describe('Markdown fields of several paragraphs', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'briefing-paragraphs-'));
    expect(
      runCli(['build', 'tests/fixtures/multi-paragraph.yaml', '-o', dir, '-d', 'factsheet,talking-points']).code,
    ).toBe(0);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const md = (doc: string) => readFileSync(join(dir, 'multi-paragraph', `${doc}.md`), 'utf8');

  it('keep every paragraph inside the box or list item they belong to', () => {
    expect(md('factsheet')).toContain(
      '> **Purpose:** First paragraph of the purpose with `a|b` code.\n>\n> Second paragraph of the purpose.\n',
    );
    expect(md('talking-points')).toContain(
      '> First paragraph of the answer.\n>\n> - a bullet\n> - another\n>\n> Last paragraph of the answer.\n',
    );
    expect(md('talking-points')).toContain(
      '1. First paragraph of the point.\n\n    Second paragraph of the point.[^s1]\n2. ',
    );
  });

  it('print a code span as written and a task-like point with one box', async () => {
    const factsheet = flat((await readPdf(join(dir, 'multi-paragraph', 'factsheet.pdf'))).pages.join('\n'));
    expect(factsheet).toContain('with a|b code');
    const points = await readPdf(join(dir, 'multi-paragraph', 'talking-points.pdf'));
    const text = flat(points.pages.join('\n'));
    expect(text).toContain('[ ] a task-like point');
    expect(text.split('[ ]')).toHaveLength(2);
    // The answer's last paragraph is set inside the box, as far in as its first.
    // A run of text may hold several words: each paragraph's opens with its first word.
    const runs = points.runs[0]!;
    const answerStart = runs.filter((run) => /^First\b/.test(run.str)).at(-1)!;
    expect(answerStart.x).toBeGreaterThan(60);
    expect(runs.find((run) => /^Last\b/.test(run.str))?.x).toBe(answerStart.x);
  });
});

describe('Markdown fields that open like a block', () => {
  it('keep every point its own number: a leading "2017." or "-" is text, a list nests under the number', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'briefing-block-start-'));
    const file = join(dir, 'block-start.yaml');
    const points = [
      '1. Sanctions must be enforced.',
      '2017. A decisive year.',
      '- A dash-led point.',
      '> A quoted point.',
      '- nested a\n- nested b',
    ];
    writeFileSync(
      file,
      [
        'title: T',
        'visit: {visitor: {name: A}, host: {country: B}, start: 2020-01-01, purpose: "- purpose one\\n- purpose two"}',
        'talking_points:',
        '  - topic: Topic',
        '    points:',
        ...points.map((text) => `      - {text: ${JSON.stringify(text)}, source: s1}`),
        'sources:',
        '  - {id: s1, title: S}',
      ].join('\n'),
    );
    expect(runCli(['build', file, '-o', dir, '-d', 'factsheet,talking-points']).code).toBe(0);
    const md = readFileSync(join(dir, 'block-start', 'talking-points.md'), 'utf8');
    const list = new Lexer({ gfm: true }).lex(md).find((t): t is Tokens.List => t.type === 'list')!;
    expect(list.items).toHaveLength(5);
    const { lines } = await readPdf(join(dir, 'block-start', 'talking-points.pdf'));
    // Lines as printed, without the spaces the reader puts between runs ("2017 ." for "2017.").
    const text = lines
      .flat()
      .filter((line) => !/^\d+$/.test(line))
      .map((line) => line.replace(/\s+/g, ''));
    for (const line of [
      '1. 1. Sanctions must be enforced.',
      '2. 2017. A decisive year.',
      '3. - A dash-led point.',
      '4. > A quoted point.',
      '5.',
    ]) {
      expect(
        text.some((printed) => printed.startsWith(line.replace(/\s+/g, ''))),
        line,
      ).toBe(true);
    }
    expect(text.findIndex((line) => line.startsWith('5.'))).toBeLessThan(
      text.findIndex((line) => line.endsWith('nesteda')),
    );
    const factsheet = new Lexer({ gfm: true }).lex(readFileSync(join(dir, 'block-start', 'factsheet.md'), 'utf8'));
    const quote = factsheet.find((t): t is Tokens.Blockquote => t.type === 'blockquote')!;
    expect(quote.tokens.find((t) => t.type === 'list')?.raw).toContain('- purpose one\n- purpose two');
    rmSync(dir, { recursive: true, force: true });
  });
});

describe('a visit with only the required fields', () => {
  it('says there is nothing to list instead of printing an empty table', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'briefing-minimal-'));
    const file = join(dir, 'minimal.yaml');
    writeFileSync(file, 'title: Minimal\nvisit: {visitor: {name: A}, host: {country: B}, start: 2020-01-01}\n');
    expect(runCli(['build', file, '-o', dir, '-d', 'chronology,talking-points,book']).code).toBe(0);
    const chronology = readFileSync(join(dir, 'minimal', 'chronology.md'), 'utf8');
    expect(chronology).toBe('# Chronology: Minimal\n\n*No dated events are recorded for this visit.*\n');
    expect(readFileSync(join(dir, 'minimal', 'talking-points.md'), 'utf8')).toContain(
      '*No talking points are recorded for this visit.*',
    );
    const book = flat((await readPdf(join(dir, 'minimal', 'book.pdf'))).pages.join('\n'));
    expect(book).toContain('No dated events are recorded for this visit.');
    expect(book).not.toContain('Date Event');
    rmSync(dir, { recursive: true, force: true });
  });
});
