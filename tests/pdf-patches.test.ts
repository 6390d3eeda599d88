/**
 * The PDF stage's patches (src/pdf/patches.ts) must set every page as pdfmake would without
 * them. A varied corpus is typeset with every patch on, with them off (BRIEFING_PDF_PATCHES, in
 * child processes: patches are made once per process), and with `runs` alone off. Only `runs`
 * changes the bytes (a line's words drawn in fewer operations): with it off, the other patches
 * must leave the bytes as they were, and the pages with it on must read the same, word for word,
 * at the same places. (Each patch off singly: BRIEFING_PDF_PATCHES=runs,<patch>, by hand.)
 */
import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateVisit } from '../bench/generate.mjs';
import { CLI, ROOT } from './helpers/cli.js';
import { type PdfText, readPdf } from './helpers/pdf.js';

const run = promisify(execFile);

let dir: string;
const corpus = () => join(dir, 'corpus');

/**
 * Builds the corpus's briefing books (every document's content, with contents and page numbers)
 * with these patches off ('' for none off); returns the output folder. Asynchronously, so that
 * the test runner is not blocked meanwhile.
 */
async function build(off: string): Promise<string> {
  const out = join(dir, `out-${off || 'all-on'}`);
  const { stderr } = await run(process.execPath, [CLI, 'build', corpus(), '-o', out, '-f', 'pdf', '-d', 'book', '-q'], {
    env: { ...process.env, BRIEFING_PDF_PATCHES: off, SOURCE_DATE_EPOCH: '1700000000' },
  });
  expect(stderr).toBe('');
  return out;
}

/** Every PDF under an output folder, by its path inside it. */
const pdfs = (out: string): Map<string, Buffer> =>
  new Map(
    readdirSync(out, { recursive: true, encoding: 'utf8' })
      .filter((file) => file.endsWith('.pdf'))
      .sort()
      .map((file) => [file, readFileSync(join(out, file))]),
  );

/** Text that exercises shaping, kerning and breaking: marks, Hangul, kerned pairs, long words. */
const TRICKY = [
  'Ọbáfẹ́mi Awólọ́wọ̀ met Nguyễn Thị Hằng: ẹ́ x̄ ị, then plain i and e.',
  '한국어 문장은 띄어쓰기를 합니다 (서울, 부산).',
  'AVA-TAVA, AV Wa, To Ty, "Yes", and/or — LTA VAT.',
  'Donaudampfschifffahrtsgesellschaftskapitänsmützenabzeichenhalterung was discussed at length.',
  'See [the port authority](https://example.org/port) and `code spans` with **bold** and *italic* words.',
];

/** A generated visit with every field touched by TRICKY, and a chronology of 120 entries. */
function generatedVisit(): string {
  const visit = generateVisit('generated-corpus', 11, { chronology: 120, people: 6, topics: 5 });
  const trick = (i: number) => TRICKY[i % TRICKY.length]!;
  visit.visit.purpose = `${TRICKY.join(' ')} ${visit.visit.purpose}`;
  visit.people.forEach((person, i) => {
    person.bio = `${trick(i)} ${person.bio}`;
  });
  visit.people[0]!.name = 'Ọbáfẹ́mi Awólọ́wọ̀';
  visit.chronology.forEach((entry, i) => {
    if (i % 7 === 0) entry.event = `${trick(i / 7)} ${entry.event}`;
  });
  for (const topic of visit.talking_points) topic.points.push(TRICKY.join(' '));
  visit.facts[0]!.items[0]!.value = 'AVA-TAVA Donaudampfschifffahrtsgesellschaft 23 million ẹ́ x̄ ị';
  // JSON is YAML.
  return JSON.stringify(visit, null, 1);
}

/** Where a PDF's text is: pieces of text set without a gap, and where each starts and ends. */
interface Piece {
  at: string;
  x: number;
  end: number;
}

/**
 * A PDF's text as pieces: the runs of each line joined where one starts at most a space after
 * the one before ends (a reader leaves a word's space out of its run). Words drawn one by one and
 * the same words drawn as one run give the same pieces, so a word lost, changed or moved shows,
 * however the runs were cut.
 */
function pieces(pdf: PdfText): Piece[] {
  return pdf.runs.flatMap((runs, page) => {
    const found: (Piece & { text: string; y: number })[] = [];
    for (const run of [...runs].sort((a, b) => b.y - a.y || a.x - b.x)) {
      const last = found.at(-1);
      const gap = last ? run.x - last.end : Number.NaN;
      if (last && last.y === run.y && gap > -0.01 && gap < 0.7 * run.height) {
        last.text += ` ${run.str}`;
        last.end = run.x + run.width;
      } else found.push({ at: '', text: run.str, y: run.y, x: run.x, end: run.x + run.width });
    }
    return found.map(({ text, y, x, end }) => ({
      at: `page ${page + 1}, y ${y}: ${text.replace(/\s+/g, ' ').trim()}`,
      x,
      end,
    }));
  });
}

/** Throws unless two PDFs read the same, piece by piece, within a hundredth of a point. */
async function expectSamePages(name: string, expected: Buffer, actual: Buffer): Promise<void> {
  const [want, got] = [pieces(await readPdf(expected)), pieces(await readPdf(actual))];
  expect(
    got.map((p) => p.at),
    name,
  ).toEqual(want.map((p) => p.at));
  const moved = got.find((p, i) => Math.abs(p.x - want[i]!.x) > 0.01 || Math.abs(p.end - want[i]!.end) > 0.01);
  const i = moved ? got.indexOf(moved) : -1;
  expect(moved && `${name}, ${moved.at}: x ${moved.x}–${moved.end}, was ${want[i]!.x}–${want[i]!.end}`).toBeUndefined();
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'briefing-pdf-patches-'));
  mkdirSync(corpus());
  for (const folder of ['data', 'tests/fixtures']) {
    for (const file of readdirSync(join(ROOT, folder)).filter((f) => f.endsWith('.yaml')))
      copyFileSync(join(ROOT, folder, file), join(corpus(), file));
  }
  writeFileSync(join(corpus(), 'generated-corpus.yaml'), generatedVisit());
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('patches on and off', () => {
  let on: Map<string, Buffer>;
  let runsOff: Map<string, Buffer>;
  beforeAll(async () => {
    on = pdfs(await build(''));
    runsOff = pdfs(await build('runs'));
  }, 120_000);

  it('typeset the corpus into the same documents', () => {
    expect([...on.keys()]).toHaveLength(7);
    expect([...runsOff.keys()]).toEqual([...on.keys()]);
  });

  it('lines drawn as runs read the same, word for word, at the same places', async () => {
    for (const [name, bytes] of on) await expectSamePages(name, runsOff.get(name)!, bytes);
  }, 120_000);

  it('with lines drawn word by word, the other patches leave the bytes as they were', async () => {
    const none = pdfs(await build('none'));
    for (const [name, bytes] of runsOff)
      expect(none.get(name)?.equals(bytes), `${name} with every patch off`).toBe(true);
  }, 120_000);
});
