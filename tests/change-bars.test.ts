/**
 * Revision marks on paper: a block that opens with `<!--change:ID-->` gets a change bar in the
 * outer margin beside all of its lines, on every page it spans, and nothing else does; the
 * document reports the first page of each change; `<!--pageref:DOC/ID-->` prints a page; the
 * revision prints on every page; markers never print. Positions are read back from the PDF.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Handlebars from 'handlebars';
import { afterAll, describe, expect, it } from 'vitest';
import { renderPdf } from '../src/pdf/index.js';
import { helpers } from '../src/render/helpers.js';
import type { PageFrame } from '../src/typeset/frame.js';
import { typesetMarked } from '../src/typeset/index.js';
import { PAGE_SIZES } from '../src/typeset/layout.js';
import { testFrame } from './helpers/frame.js';
import { type FilledRect, filledRects, readPdf } from './helpers/pdf.js';

const dir = mkdtempSync(join(tmpdir(), 'briefing-bars-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The text block's side margins (src/typeset/layout.ts). */
const MARGIN = 56;

const filler = (n: number, word = 'Filler') =>
  Array.from(
    { length: n },
    (_, i) => `${word} ${i} is running text, long enough for a line and a little more of the page body.`,
  ).join('\n\n');

/** Marked and unmarked blocks of every kind, each named by a word of its own. */
const MIXED = `# Programme

Plainpara opens the document.

<!--change:c1-->Changedpara starts here and runs on long enough to wrap onto a second line of the text block, ending at Lastword.

Unchangedpara follows it.

- <!--change:c2-->Changeditem is in a list
- Plainitem is not

| Time | What | Where |
|---|---|---|
| 09:00 | Breakfast | Hotel |
| <!--change:c3-->12:00 | Luncheon with a description long enough to wrap in its cell, past Cellend | Blue House |
| 15:00 | Meeting | Ministry |

## <!--change:c4-->Changedhead

Afterhead is plain.
`;

interface Typeset {
  pdf: Uint8Array;
  marks: Record<string, number>;
}

async function make(
  markdown: string,
  frame: Partial<PageFrame> = {},
  pageRefs?: Record<string, number>,
): Promise<Typeset> {
  const { doc, changes } = typesetMarked(markdown, testFrame(frame), {}, pageRefs);
  const pdf = await renderPdf(doc);
  return { pdf, marks: changes.marks() };
}

/** The change bars of each page: dark filled rectangles in the margin where lines start. */
async function bars(pdf: Uint8Array, side: 'left' | 'right' = 'left'): Promise<FilledRect[][]> {
  const width = PAGE_SIZES.A4.width;
  return (await filledRects(pdf)).map((rects) =>
    rects.filter((r) => (side === 'left' ? r.x + r.width < MARGIN : r.x > width - MARGIN)),
  );
}

/** The baselines of the runs of a page whose text includes `word`. */
function baselines(runs: { y: number; str: string }[], word: string): number[] {
  const found = runs.filter((r) => r.str.includes(word)).map((r) => r.y);
  expect(found, `"${word}" on the page`).not.toHaveLength(0);
  return found;
}

const beside = (bar: FilledRect, y: number) => y >= bar.y - 0.5 && y <= bar.y + bar.height + 0.5;

/** Every bar stands beside one of the marked words, each marked word has one, no plain word has one. */
async function expectBarsBeside(pdf: Uint8Array, marked: string[], plain: string[], side: 'left' | 'right' = 'left') {
  const [page] = await bars(pdf, side);
  const { runs } = await readPdf(pdf);
  for (const word of marked)
    for (const y of baselines(runs[0]!, word))
      expect(
        page!.some((bar) => beside(bar, y)),
        `bar beside "${word}"`,
      ).toBe(true);
  for (const word of plain)
    for (const y of baselines(runs[0]!, word))
      expect(
        page!.some((bar) => beside(bar, y)),
        `no bar beside "${word}"`,
      ).toBe(false);
  return page!;
}

describe('change bars', () => {
  it('stand beside exactly the marked paragraph, list item, table row and heading, in the left margin', async () => {
    const { pdf } = await make(MIXED);
    const page = await expectBarsBeside(
      pdf,
      ['Changedpara', 'Lastword', 'Changeditem', 'Luncheon', 'Cellend', 'Blue House', 'Changedhead'],
      ['Plainpara', 'Unchangedpara', 'Plainitem', 'Breakfast', 'Meeting', 'Afterhead', 'Programme'],
    );
    expect(page).toHaveLength(4);
    for (const bar of page) {
      // Like a revision bar in a manual: narrow, dark, a little way out from the text.
      expect(bar.width).toBeGreaterThanOrEqual(1.5);
      expect(bar.width).toBeLessThanOrEqual(2);
      expect(MARGIN - (bar.x + bar.width)).toBeGreaterThanOrEqual(10);
      expect(MARGIN - (bar.x + bar.width)).toBeLessThanOrEqual(14);
      expect(bar.color.split(',').every((c) => Number(c) < 60)).toBe(true);
    }
  });

  it('stand in the right margin of a right-to-left document', async () => {
    const { pdf } = await make(MIXED, { direction: 'rtl', lang: 'en' });
    const page = await expectBarsBeside(
      pdf,
      ['Changedpara', 'Changeditem', 'Luncheon', 'Changedhead'],
      ['Plainpara', 'Breakfast'],
      'right',
    );
    expect(page).toHaveLength(4);
    expect((await bars(pdf, 'left'))[0]).toHaveLength(0);
  });

  it('mark the block after a marker standing on a line of its own, and marks made by the changeMark helper', async () => {
    const env = Handlebars.create();
    env.registerHelper(helpers);
    const template = env.compile(
      '| Time | What |\n|---|---|\n{{#each items}}| {{changeMark change}}{{time}} | {{what}} |\n{{/each}}\n<!--change:c9-->\n\nLoneblock after the marker.\n\nPlainafter it.\n',
      { noEscape: true },
    );
    const markdown = template({
      items: [
        { time: '09:00', what: 'Firstrow' },
        { time: '10:00', what: 'Secondrow', change: { id: 'c7', kind: 'changed' } },
        { time: '11:00', what: 'Thirdrow' },
      ],
    });
    expect(markdown).toContain('| <!--change:c7-->10:00 | Secondrow |');
    const { pdf, marks } = await make(markdown);
    const page = await expectBarsBeside(pdf, ['Secondrow', 'Loneblock'], ['Firstrow', 'Thirdrow', 'Plainafter']);
    expect(page).toHaveLength(2);
    expect(marks).toEqual({ c7: 1, c9: 1 });
  });

  it('run beside a row split over a page break on both pages, and report the first page of each change', async () => {
    const tall = Array.from({ length: 700 }, (_, i) => `w${i}`).join(' ');
    const markdown = `${filler(22)}\n\n| A | B |\n|---|---|\n| before | Rowbefore |\n| <!--change:c5-->split | Tallstart ${tall} Tallend |\n| after | Rowafter |\n\n<!--pagebreak -->\n\n<!--change:c6-->Pagetwo paragraph.\n`;
    const { pdf, marks } = await make(markdown);
    const perPage = await bars(pdf);
    const { runs } = await readPdf(pdf);
    expect(perPage.length).toBeGreaterThanOrEqual(3);
    expect(perPage[0]).toHaveLength(1);
    expect(perPage[1]).toHaveLength(1);
    const [first] = perPage[0]!;
    const [second] = perPage[1]!;
    for (const y of baselines(runs[0]!, 'Tallstart')) expect(beside(first!, y)).toBe(true);
    for (const y of baselines(runs[1]!, 'Tallend')) expect(beside(second!, y)).toBe(true);
    for (const y of baselines(runs[0]!, 'Rowbefore')) expect(beside(first!, y)).toBe(false);
    for (const y of baselines(runs[1]!, 'Rowafter')) expect(beside(second!, y)).toBe(false);
    expect(marks).toEqual({ c5: 1, c6: 3 });
  });

  it('are only a feature of marked documents: the same document without markers has no bars', async () => {
    const { pdf, marks } = await make(MIXED.replace(/<!--change:c\d-->/g, ''));
    expect((await bars(pdf)).flat()).toHaveLength(0);
    expect(marks).toEqual({});
  });
});

describe('page references', () => {
  it('print the page of a change in the same PDF, a page given by the job, or nothing, in the document’s words', async () => {
    const markdown = `Live<!--pageref:programme/c2--> given<!--pageref:factsheet/c8--> unknown<!--pageref:people/c99--> end.\n\n<!--pagebreak -->\n\n${filler(1)}\n\n<!--pagebreak -->\n\n<!--change:c2-->Thirdpage change.\n\n| A | B |\n|---|---|\n| <!--change:c4--> | Emptyfirst |\n\nRow<!--pageref:programme/c4-->.\n`;
    const { runPdfJob } = await import('../src/workers/typeset-job.js');
    const { pdf, marks } = await runPdfJob({
      markdown,
      frame: testFrame(),
      options: {},
      pageRefs: { 'factsheet/c8': 14 },
    });
    expect(marks).toEqual({ c2: 3, c4: 3 });
    const file = join(dir, 'refs.pdf');
    writeFileSync(file, pdf);
    // Laid out as printed: no room left over after a number.
    const text = execFileSync('pdftotext', ['-layout', '-f', '1', '-l', '1', file, '-'], { encoding: 'utf8' });
    expect(text).toContain('Live, page 3 given, page 14 unknown end.');
    expect(text).not.toMatch(/<!--|pageref/);
    // A row whose first cell holds only its marker: its page is that of its other cells.
    const last = execFileSync('pdftotext', ['-layout', '-f', '3', '-l', '3', file, '-'], { encoding: 'utf8' });
    expect(last).toContain('Row, page 3.');
  });
});

describe('markers and the revision in print', () => {
  it('never print a marker, and print the revision on every page', async () => {
    const revision = 'Revision 2 · 3 November 2017';
    const markdown = `${MIXED}\n\nSee <!--pageref:programme/c1-->.\n\n<!--change:c8-->\n\n${filler(60)}\n`;
    const { pdf } = await make(markdown, { revision });
    const file = join(dir, 'marked.pdf');
    writeFileSync(file, pdf);
    const pages = (await readPdf(pdf)).pages.length;
    expect(pages).toBeGreaterThan(1);
    for (let page = 1; page <= pages; page++) {
      const text = execFileSync('pdftotext', ['-f', `${page}`, '-l', `${page}`, file, '-'], { encoding: 'utf8' });
      expect(text).not.toMatch(/<!--|change:|pageref:|-->/);
      expect(text.replace(/\s+/g, ' ')).toContain(revision);
    }
  });
});

describe('change bars with every pdfmake patch off', () => {
  it('stand at the same places', async () => {
    const input = join(dir, 'job.json');
    const output = join(dir, 'unpatched.pdf');
    writeFileSync(input, JSON.stringify({ markdown: MIXED, frame: testFrame(), options: {} }));
    const script = `const { runPdfJob } = await import(${JSON.stringify(new URL('../dist/workers/typeset-job.js', import.meta.url).href)});
const fs = await import('node:fs');
const job = JSON.parse(fs.readFileSync(process.argv[1], 'utf8'));
job.frame.date = new Date(job.frame.date);
const result = await runPdfJob(job);
fs.writeFileSync(process.argv[2], result.pdf);
process.stdout.write(JSON.stringify(result.marks));`;
    const marks = execFileSync(process.execPath, ['--input-type=module', '-e', script, input, output], {
      env: { ...process.env, BRIEFING_PDF_PATCHES: 'none' },
      encoding: 'utf8',
    });
    expect(JSON.parse(marks)).toEqual({ c1: 1, c2: 1, c3: 1, c4: 1 });
    const unpatched = new Uint8Array(readFileSync(output));
    const patched = (await make(MIXED)).pdf;
    const places = async (pdf: Uint8Array) =>
      (await bars(pdf))[0]!.map((b) => [b.x, b.y, b.width, b.height].map((n) => Math.round(n * 10) / 10));
    expect(await places(unpatched)).toEqual(await places(patched));
    expect(await places(unpatched)).toHaveLength(4);
  });
});

describe('changed blocks in HTML', () => {
  it('get class="changed" (the first one of each change its anchor), and markers print nothing', async () => {
    const { markdownToHtml } = await import('../src/html/render.js');
    const html = markdownToHtml(
      `${MIXED}\n1. <!--change:c5-->Looseitem\n\n   More of it.\n\n2. Plainloose\n\n<!--change:c6-->\n\n| X |\n|---|\n| y |\n\nSee <!--pageref:programme/c1--> here.\n\n<!--change:c1-->Again c1.\n`,
    );
    expect(html).toContain('<p class="changed" id="change-c1">Changedpara');
    expect(html).toContain('<li class="changed" id="change-c2">Changeditem');
    expect(html).toContain('<li>Plainitem');
    expect(html).toMatch(/<tr class="changed" id="change-c3">\n<td>12:00/);
    expect(html).toMatch(/<tr>\n<td>09:00/);
    expect(html).toContain('<h2 class="changed" id="changedhead">Changedhead');
    // A loose item's own paragraph is not marked a second time.
    expect(html).toContain('<li class="changed" id="change-c5"><p>Looseitem');
    expect(html).toContain('<table class="changed" id="change-c6">');
    expect(html).toContain('<p class="changed">Again c1.');
    expect(html).toContain('<p>See  here.</p>');
    expect(html.match(/class="changed"/g)).toHaveLength(7);
    expect(html).not.toMatch(/<!--|change:|pageref:|&lt;!--/);
  });

  it('shows the revision in the page header, with the styles of the bars; without either, the page is as before', async () => {
    const { htmlDocument, CHANGE_CSS } = await import('../src/html/document.js');
    const frame = { title: 'Programme', paper: 'A4' as const };
    const marked = htmlDocument(MIXED, { ...frame, revision: 'Draft after revision 2' });
    expect(marked).toMatch(
      /<header class="page-head"><div class="running"><span>Programme<\/span><span class="revision">Draft after revision 2<\/span><\/div><\/header>/,
    );
    expect(marked).toContain(CHANGE_CSS);
    const plain = htmlDocument(MIXED.replace(/<!--change:c\d-->/g, ''), frame);
    expect(plain).not.toContain(CHANGE_CSS);
    expect(plain).not.toContain('revision');
    expect(htmlDocument(MIXED, frame)).toContain(CHANGE_CSS);
  });
});

describe('the changeMark and pageRef helpers', () => {
  const render = (template: string, context: object) => {
    const env = Handlebars.create();
    env.registerHelper(helpers);
    return env.compile(template, { noEscape: true })(context);
  };

  it('print a marker for a change and nothing without one', () => {
    expect(render('{{changeMark change}}x', { change: { id: 'c12', kind: 'moved' } })).toBe('<!--change:c12-->x');
    expect(render('{{changeMark change}}x', {})).toBe('x');
    expect(render('{{pageRef "programme" change.id}}', { change: { id: 'c3' } })).toBe('<!--pageref:programme/c3-->');
    expect(render('{{pageRef "programme" change.id}}', {})).toBe('');
  });

  it('refuse what cannot stand in a marker, at the call', () => {
    expect(() => render('\n  {{changeMark change}}', { change: { id: 'c1-->x<!--' } })).toThrow(
      /changeMark: expected an item's change/,
    );
    expect(() => render('{{changeMark change}}', { change: 'c1' })).toThrow(/changeMark/);
    expect(() => render('{{pageRef "Programme" "c1"}}', {})).toThrow(/pageRef: "Programme" cannot name/);
  });
});

describe('marks through a build', () => {
  it('are reported per PDF, and kept in the cache so that a PDF left unchanged still reports them', async () => {
    const { ROOT, runCli } = await import('./helpers/cli.js');
    const templates = join(dir, 'templates');
    const out = join(dir, 'out');
    const { mkdirSync } = await import('node:fs');
    mkdirSync(templates);
    // A template that marks each fact's row as change c1: until the build compares revisions.
    const factsheet = readFileSync(join(ROOT, 'templates/factsheet.hbs'), 'utf8').replace(
      '| {{changeMark change}}{{cell label}} | {{cell value}}{{cite source}} |',
      '| <!--change:c1-->{{cell label}} | {{cell value}}{{cite source}} |',
    );
    expect(factsheet).toContain('<!--change:c1-->');
    writeFileSync(join(templates, 'factsheet.hbs'), factsheet);
    const args = [
      'build',
      join(ROOT, 'data/stoltenberg-2017-seoul.yaml'),
      '-t',
      templates,
      '-o',
      out,
      '-f',
      'pdf,html',
    ];
    const build = () => {
      const run = runCli([...args, '-d', 'factsheet', '--json']);
      expect(run.stderr).toBe('');
      return (JSON.parse(run.stdout) as { outputs: { format: string; skipped: boolean; marks?: object }[] }).outputs;
    };
    const [pdf, html] = build();
    expect(pdf).toMatchObject({ format: 'pdf', skipped: false, marks: { c1: 1 } });
    expect(html).not.toHaveProperty('marks');
    const [again] = build();
    expect(again).toMatchObject({ format: 'pdf', skipped: true, marks: { c1: 1 } });
  });
});

describe('change bars in a part set compact', () => {
  it('stand beside its marked rows too', async () => {
    const { pdf } = await make(
      `<!-- compact -->\n\n| A | B |\n|---|---|\n| <!--change:c1-->Compactrow | x |\n| Plainrow | y |\n\n<!-- /compact -->\n`,
    );
    const page = await expectBarsBeside(pdf, ['Compactrow'], ['Plainrow']);
    expect(page).toHaveLength(1);
  });
});
