/**
 * Escaping and safety: plain fields print literally in PDF and Markdown, Markdown fields render
 * but their raw HTML shows as text, only web and mail links are live, templates cannot reach
 * prototypes, and no data can steer a write outside the output folder.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Lexer, type Token, type Tokens } from 'marked';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { outputPath } from '../src/build.js';
import { diagnosticsOf, formatDiagnostic } from '../src/diagnostics.js';
import { loadVisitFile } from '../src/load/index.js';
import { buildContext } from '../src/render/context.js';
import { escapeMarkdown, sanitizeMarkdown } from '../src/render/escape.js';
import { TemplateSet } from '../src/render/templates.js';
import { runCli } from './helpers/cli.js';
import { testFrame } from './helpers/frame.js';
import { flat, readPdf } from './helpers/pdf.js';

const LITERAL = 'A & B <C> *D* [E](F) _G_';
const PURPOSE =
  'Raw <b>bold</b> & <script>alert(1)</script> *stays* [web](https://example.org/a) [js](javascript:alert(1)) [disk](file:///etc/passwd) [mail](mailto:desk@example.org)';

/** A source address with what Markdown's link syntax reserves: it must stay one exact link. */
const SOURCE_URL = 'https://example.org/r?q=<b>x</b>&y=[1]_(2)';

const visitYaml = `title: "${LITERAL}"
visit:
  visitor:
    name: "${LITERAL}"
  host:
    country: Korea
  start: 2017-10-31
  purpose: "${PURPOSE}"
facts:
  - section: Figures
    items:
      - label: "${LITERAL}"
        value: "{{constructor.constructor 'return process'}}"
        source: s
sources:
  - id: s
    title: Report
    url: "${SOURCE_URL}"
`;

let dir: string;
let markdown: string;
let pdfText: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'briefing-safety-'));
  writeFileSync(join(dir, 'literal.yaml'), visitYaml);
  const result = runCli(['build', join(dir, 'literal.yaml'), '-o', join(dir, 'out'), '-d', 'factsheet']);
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  markdown = readFileSync(join(dir, 'out', 'literal', 'factsheet.md'), 'utf8');
  pdfText = flat((await readPdf(join(dir, 'out', 'literal', 'factsheet.pdf'))).pages.join('\n'));
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** What a Markdown reader shows for some inline tokens, and which syntax it found on the way. */
function visible(tokens: Token[], syntax: Set<string>): string {
  return tokens
    .map((t) => {
      if (t.type !== 'text' && t.type !== 'escape') syntax.add(t.type);
      if ('tokens' in t && t.tokens && t.type !== 'codespan') return visible(t.tokens, syntax);
      return (t as { text?: string }).text ?? '';
    })
    .join('');
}

/** Every heading and table cell of a Markdown document, as read. */
function readBack(source: string): { text: string; syntax: Set<string> }[] {
  const found: { text: string; syntax: Set<string> }[] = [];
  const add = (tokens: Token[]) => {
    const syntax = new Set<string>();
    found.push({ text: visible(tokens, syntax), syntax });
  };
  for (const token of new Lexer({ gfm: true }).lex(source)) {
    if (token.type === 'heading') add(token.tokens ?? []);
    if (token.type === 'table') for (const cell of [...token.header, ...token.rows.flat()]) add(cell.tokens);
  }
  return found;
}

describe('plain fields print literally', () => {
  it('in the PDF text', () => {
    expect(pdfText).toContain(`Fact sheet: ${LITERAL}`);
    expect(pdfText).toContain(`Visitor: ${LITERAL}`);
    expect(pdfText.split(LITERAL).length - 1).toBeGreaterThanOrEqual(3);
  });

  it('in the Markdown, as a Markdown reader reads it back', () => {
    const read = readBack(markdown);
    const heading = read.find((r) => r.text === `Fact sheet: ${LITERAL}`);
    const cell = read.find((r) => r.text === LITERAL);
    expect(heading?.syntax).toEqual(new Set());
    expect(cell?.syntax).toEqual(new Set());
  });

  it('with no HTML entities in either output', () => {
    expect(markdown).not.toMatch(/&(amp|lt|gt|quot|#\d+);/);
    expect(pdfText).not.toMatch(/&(amp|lt|gt|quot|#\d+);/);
  });
});

describe('Markdown fields', () => {
  it('cannot open a section of the document: a heading or setext underline in one stays text', () => {
    expect(sanitizeMarkdown('# Not a heading\nText\n===\nMore\n---\n- a list stays')).toBe(
      '\\# Not a heading\nText\n\\===\nMore\n\\---\n- a list stays',
    );
    const tokens = new Lexer({ gfm: true }).lex(sanitizeMarkdown('# Not a heading\n\nText\n==='));
    expect(tokens.some((t) => t.type === 'heading')).toBe(false);
  });

  it('render inline Markdown and show raw HTML as text', () => {
    expect(pdfText).toContain('Raw <b>bold</b> & <script>alert(1)</script> stays web js disk mail');
    expect(markdown).not.toMatch(/(^|[^\\])<(b|script)>/);
  });
});

describe('web and email addresses in plain fields', () => {
  const cases: [string, string[]][] = [
    ['https://www.nato.int/cps/en/natohq/topics_49188.htm', ['https://www.nato.int/cps/en/natohq/topics_49188.htm']],
    ['Register at https://example.com/form?a=1&b=2*x~y now', ['https://example.com/form?a=1&b=2*x~y']],
    ['https://example.com/search?q=a&b=[1]', ['https://example.com/search?q=a&b=[1]']],
    ['See https://example.com/a_b_c_.', ['https://example.com/a_b_c']],
    ['(https://en.wikipedia.org/wiki/Foo_(bar))', ['https://en.wikipedia.org/wiki/Foo_(bar)']],
    ['first_last@nato.int or www.mofa.go.kr/eng_1', ['mailto:first_last@nato.int', 'http://www.mofa.go.kr/eng_1']],
    ['1. https://x.org/*a* and https://', ['https://x.org/*a']], // GFM's trim: a trailing * is not part of it
    ['_www.example.com_ and _https://example.com_', ['http://www.example.com', 'https://example.com']],
    ['mailto:jane_doe@example.org', ['mailto:jane_doe@example.org']],
    ['x&copy=2 &not; https://e.com/?a=1&para=2', ['https://e.com/?a=1&para=2']],
  ];

  it('keep "&name" without a semicolon as written in the PDF: only complete entity references are decoded', async () => {
    const { typeset } = await import('../src/typeset/index.js');
    const frame = testFrame();
    const printed = JSON.stringify(
      typeset(`${escapeMarkdown('lang=en&copy=2&not=3 &copy 2017')} &amp; &#169;\n`, frame).content,
    );
    expect(printed).toContain('lang=en&copy=2&not=3 &copy 2017');
    expect(printed).toContain('& ©');
  });

  it('end a Markdown field as an explicit link, so the citation after it stays a citation', () => {
    for (const [field, href] of [
      ['See https://x.org/a_b', 'https://x.org/a_b'],
      ['See www.x.org.', 'http://www.x.org'],
    ] as const) {
      const tokens = new Lexer({ gfm: true }).inlineTokens(`${sanitizeMarkdown(field)}[^s]`);
      expect(tokens.filter((t): t is Tokens.Link => t.type === 'link').map((t) => t.href)).toEqual([href]);
      expect(visible(tokens, new Set())).toBe(`${field}[^s]`);
    }
  });

  it.each(cases)('%s reads back as written, linked to the exact address', (text, hrefs) => {
    const tokens = new Lexer({ gfm: true }).inlineTokens(escapeMarkdown(text));
    expect(visible(tokens, new Set())).toBe(text);
    const links = tokens.filter((t): t is Tokens.Link => t.type === 'link').map((t) => t.href);
    expect(links).toEqual(hrefs);
  });
});

describe('links in PDFs', () => {
  it('are live only for http(s) and mailto', async () => {
    const doc = await getDocument({
      data: new Uint8Array(readFileSync(join(dir, 'out', 'literal', 'factsheet.pdf'))),
      verbosity: 0,
    }).promise;
    const urls: string[] = [];
    for (let i = 1; i <= doc.numPages; i++) {
      for (const a of await (await doc.getPage(i)).getAnnotations()) {
        const target = (a as { url?: string; unsafeUrl?: string }).unsafeUrl ?? (a as { url?: string }).url;
        if (target) urls.push(target);
      }
    }
    await doc.destroy();
    // A long address is set in short runs (so it can break), each linked to the whole address.
    expect([...new Set(urls)].sort()).toEqual(['https://example.org/a', SOURCE_URL, 'mailto:desk@example.org']);
    expect(pdfText).toContain(SOURCE_URL);
  });

  it('keep a source address whole in the Markdown, however it is written', () => {
    const note = markdown.split('\n').find((line) => line.startsWith('[^s]:'))!;
    const tokens = new Lexer({ gfm: true }).inlineTokens(note.replace('[^s]:', '').trim());
    const links = tokens.filter((t): t is Tokens.Link => t.type === 'link');
    expect(links.map((t) => [t.href, visible(t.tokens, new Set())])).toEqual([[SOURCE_URL, SOURCE_URL]]);
  });
});

describe('templates and data cannot run code or reach prototypes', () => {
  const tdir = mkdtempSync(join(tmpdir(), 'briefing-safety-tpl-'));
  afterAll(() => rmSync(tdir, { recursive: true, force: true }));
  const loaded = () => {
    writeFileSync(join(tdir, 'literal.yaml'), visitYaml);
    return loadVisitFile(join(tdir, 'literal.yaml')).loaded!;
  };

  it('prints template syntax found in data as text', () => {
    expect(pdfText).toContain("{{constructor.constructor 'return process'}}");
  });

  it('rejects templates that name what objects inherit, at its place', () => {
    const templates = join(tdir, 'static');
    mkdirSync(templates, { recursive: true });
    writeFileSync(
      join(templates, 'factsheet.hbs'),
      '[{{constructor.constructor}}][{{title.constructor}}]\n[{{#with __proto__}}x{{/with}}][{{toString}}]\n',
    );
    let problems: string[] = [];
    try {
      TemplateSet.load(templates);
    } catch (error) {
      problems = diagnosticsOf(error).map((d) => formatDiagnostic(d).slice(templates.length + 1));
    }
    const expected = (at: string, name: string) =>
      `factsheet.hbs:${at}: "${name}" is not a field of the data: templates read only the data's own fields`;
    expect(problems).toEqual([
      expected('1:4', 'constructor'),
      expected('1:33', 'constructor'),
      expected('2:10', '__proto__'),
      expected('2:35', 'toString'),
    ]);
  });

  it('gives templates nothing from prototypes when looked up by name, silently', () => {
    const templates = join(tdir, 'dynamic');
    mkdirSync(templates, { recursive: true });
    writeFileSync(
      join(templates, 'factsheet.hbs'),
      '[{{lookup this "toString"}}][{{lookup title "valueOf"}}][{{#with (lookup this "hasOwnProperty")}}x{{/with}}][{{lookup this "__proto__"}}]\n',
    );
    const visit = loaded();
    const printed = vi.spyOn(console, 'error').mockImplementation(() => {});
    const warned = vi.spyOn(console, 'warn').mockImplementation(() => {});
    try {
      const set = TemplateSet.load(templates);
      const md = set.render(
        'factsheet',
        buildContext(visit.id, visit.visit, 'factsheet', set.labels.table(visit.visit.lang)),
      );
      expect(md).toBe('[][][][]\n');
      expect(printed).not.toHaveBeenCalled();
      expect(warned).not.toHaveBeenCalled();
    } finally {
      printed.mockRestore();
      warned.mockRestore();
    }
  });

  it('rejects __proto__ in data without touching any prototype', () => {
    const file = join(tdir, 'proto.json');
    writeFileSync(file, '{"__proto__": {"polluted": true}, "constructor": {"prototype": {"polluted": true}}}');
    const result = loadVisitFile(file);
    expect(result.loaded).toBeUndefined();
    expect(result.diagnostics.map(formatDiagnostic)).toContain(
      `${file}:1:2: __proto__: unknown field "__proto__"; expected one of: id, lang, title, marking, prepared, paper, emblem, visit, people, programme, facts, chronology, talking_points, objectives, their_objectives, press_lines, drafted, sources`,
    );
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
  });
});

describe('writes stay inside the output folder', () => {
  it('refuses any id that is not a plain folder name', () => {
    expect(outputPath('out', 'kim-2024', 'factsheet.pdf')).toBe(join('out', 'kim-2024', 'factsheet.pdf'));
    for (const id of ['..', '../x', 'a/../../b', '/etc', 'a\\b', '', '.']) {
      expect(() => outputPath('out', id, 'factsheet.pdf')).toThrow(/outside the output folder/);
    }
  });

  it('rejects such ids when loading, before any build', () => {
    const tdir = mkdtempSync(join(tmpdir(), 'briefing-safety-id-'));
    try {
      writeFileSync(join(tdir, 'v.yaml'), `id: ../../escape\n${visitYaml}`);
      const result = runCli(['build', join(tdir, 'v.yaml'), '-o', join(tdir, 'out')]);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(`${join(tdir, 'v.yaml')}:1:5: id: expected an id of a-z, 0-9 and -`);
      expect(readdirSync(tdir)).toEqual(['v.yaml']);
    } finally {
      rmSync(tdir, { recursive: true, force: true });
    }
  });
});
