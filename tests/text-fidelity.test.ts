/**
 * No text lost or changed: what a field says is what the Markdown, the HTML and the PDF show,
 * and a character that cannot be shown faithfully is an error at its place.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeReferences } from '../src/markdown/entities.js';
import { sanitizeMarkdown } from '../src/render/escape.js';
import { runCli } from './helpers/cli.js';
import { flat, readPdf } from './helpers/pdf.js';

const dir = mkdtempSync(join(tmpdir(), 'briefing-text-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A visit whose Markdown fields hold the given purpose and talking points. */
function visit(purpose: string, points: string[]): string {
  return [
    'title: Fidelity',
    'visit:',
    '  visitor: {name: Ana}',
    '  host: {country: Korea}',
    '  start: 2020-01-01',
    `  purpose: ${JSON.stringify(purpose)}`,
    'talking_points:',
    '  - topic: Topic',
    '    points:',
    ...points.map((point) => `      - ${JSON.stringify(point)}`),
    'chronology:',
    ...['&nbsp; &amp; &copy;', '_ _ _ _ a', '_a `_`_'].map(
      (event, i) => `  - {date: ${2001 + i}, event: ${JSON.stringify(event)}}`,
    ),
    '',
  ].join('\n');
}

/** What the command printed, but for warnings (these visits cite no sources). */
const errors = (stderr: string) => stderr.split('\n').filter((line) => line && !line.includes(': warning: '));

const outputs = (name: string, doc: string) => {
  const base = join(dir, 'out', name, doc);
  return { md: readFileSync(`${base}.md`, 'utf8'), html: readFileSync(`${base}.html`, 'utf8'), pdf: `${base}.pdf` };
};

async function linkTargets(file: string): Promise<string[]> {
  const doc = await getDocument({ data: new Uint8Array(readFileSync(file)), verbosity: 0 }).promise;
  const page = await doc.getPage(1);
  const urls = (await page.getAnnotations()).map((a) => (a as { url?: string }).url).filter(Boolean) as string[];
  await doc.destroy();
  return urls;
}

beforeAll(() => {
  writeFileSync(
    join(dir, 'inline.yaml'),
    visit('Code `<b>` and <https://example.org/x> and &#87654321; and <b>raw</b>', [
      '    f&ouml;',
      '    [foo]: /url "title"',
    ]),
  );
  const result = runCli(['build', join(dir, 'inline.yaml'), '-o', join(dir, 'out'), '-f', 'md,html,pdf', '-q']);
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
});

describe('inline code and autolinks in a Markdown field', () => {
  it('print "<b>" inside a code span in the Markdown, the HTML and the PDF, without a backslash', async () => {
    const { md, html, pdf } = outputs('inline', 'factsheet');
    expect(md).toContain('Code `<b>` and');
    expect(html).toContain('Code <code>&lt;b&gt;</code> and');
    expect(flat((await readPdf(pdf)).pages.join(' '))).toContain('Code <b> and https://example.org/x and');
  });

  it('still show raw HTML outside code as text', () => {
    const { md, html } = outputs('inline', 'factsheet');
    expect(md).toContain('\\<b>raw\\</b>');
    expect(html).toContain('&lt;b&gt;raw&lt;/b&gt;');
  });

  it('link an autolink to its address, without the closing ">"', async () => {
    const { md, html, pdf } = outputs('inline', 'factsheet');
    expect(md).toContain(' <https://example.org/x> ');
    expect(html).toContain('<a href="https://example.org/x" rel="noopener noreferrer">https://example.org/x</a>');
    // A long word is set in short runs, each linked to the whole address.
    expect([...new Set(await linkTargets(pdf))]).toEqual(['https://example.org/x']);
  });

  it('are read in linear time, however the backticks pair', () => {
    const started = performance.now();
    expect(sanitizeMarkdown('``a`'.repeat(50_000)).length).toBe(200_000);
    expect(performance.now() - started).toBeLessThan(1000);
  });
});

describe('CommonMark cases that lost text', () => {
  it('print an invalid numeric reference as written: eight digits are not a reference', async () => {
    const { html, pdf } = outputs('inline', 'factsheet');
    expect(html).toContain('&amp;#87654321;');
    expect(flat((await readPdf(pdf)).pages.join(' '))).toContain('and &#87654321; and');
    expect(decodeReferences('&#87654321; &#1234567; &#x10FFFF; &ouml; &ouml &madeup;')).toBe(
      '&#87654321; \uFFFD \u{10FFFF} ö &ouml &madeup;',
    );
  });

  it('keep an indented code block that opens a field as code: no entity decoded, no definition lost', async () => {
    const { md, html, pdf } = outputs('inline', 'talking-points');
    expect(md).toContain('```\n    f&ouml;\n    ```');
    expect(html).toContain('<pre><code>f&amp;ouml;\n</code></pre>');
    expect(html).toContain('<pre><code>[foo]: /url &quot;title&quot;\n</code></pre>');
    const text = flat((await readPdf(pdf)).pages.join(' '));
    expect(text).toContain('f&ouml;');
    expect(text).toContain('[foo]: /url "title"');
  });

  it('keep such a block whole in a blockquote and in a table cell', () => {
    expect(sanitizeMarkdown('    a <b> # c\n\n    ``x``\nafter')).toBe('```\na <b> # c\n\n``x``\n```\n\nafter');
    const { md } = outputs('inline', 'factsheet');
    expect(md).not.toContain('fö');
  });
});

describe("the PDF's text layer", () => {
  // A guard: the spaces are glyphs mapped to U+0020, which pdf.js reads back. pdftotext's
  // default layout still joins a line of single-character words (its letter-spacing guess).
  it('holds the spaces between single-character words', async () => {
    const { lines } = await readPdf(outputs('inline', 'chronology').pdf);
    expect(lines[0]).toEqual(expect.arrayContaining(['2001 & ©', '2002 _ _ _ _ a', '2003 a _']));
  });
});

describe('characters that print as nothing', () => {
  const tdir = join(dir, 'templates');

  it('are an error at their template line and column, as in a visit file', () => {
    mkdirSync(tdir, { recursive: true });
    writeFileSync(join(tdir, 'factsheet.hbs'), '# {{title}}\n\nA \u001b[2J B \u202e\n');
    const result = runCli(['check', '-t', tdir, join(dir, 'inline.yaml')]);
    expect(result.code).toBe(1);
    expect(errors(result.stderr)).toEqual([
      `${join(tdir, 'factsheet.hbs')}:3:3: template holds U+001B ESCAPE, a control character, which prints as nothing or garbles the page; remove it`,
    ]);
  });

  it('reject a template that is not UTF-8 at its line and column, as a visit file is', () => {
    writeFileSync(join(tdir, 'factsheet.hbs'), Buffer.from('# {{title}}\n\nCaf\xe9 au lait\n', 'latin1'));
    const result = runCli(['build', '-t', tdir, join(dir, 'inline.yaml'), '-o', join(dir, 'out-bad')]);
    expect(result.code).toBe(1);
    expect(errors(result.stderr)).toEqual([
      `${join(tdir, 'factsheet.hbs')}:3:4: file is not UTF-8 text; save it as UTF-8`,
    ]);
  });

  it('in a plain field: the visit is not built, and the error names the character', () => {
    writeFileSync(join(dir, 'bell.yaml'), visit('Fine', ['Fine']).replace('title: Fidelity', 'title: "Ring \\a"'));
    const result = runCli(['build', join(dir, 'bell.yaml'), '-o', join(dir, 'out-bell')]);
    expect(result.code).toBe(1);
    expect(errors(result.stderr)).toEqual([
      `${join(dir, 'bell.yaml')}:1:8: title: holds U+0007 BELL, a control character, which prints as nothing or garbles the page; remove it`,
    ]);
  });
});
