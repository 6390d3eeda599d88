/**
 * Input that once crashed the command (exit 3, "internal error"): nesting deep enough to
 * exhaust a parser's stack, and Markdown blocks long enough to exhaust a regular expression's.
 * Each is now an error at its place (exit 1), at every depth and size.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { formatDiagnostic } from '../src/diagnostics.js';
import { FIELD_NESTING } from '../src/limits.js';
import { loadVisitFile } from '../src/load/index.js';
import { lex } from '../src/markdown/lex.js';
import { MarkdownLimitError, mayExceedLimits } from '../src/markdown/limits.js';
import { buildContext } from '../src/render/context.js';
import { blockTooDeep, resolveTemplates, TemplateSet } from '../src/render/templates.js';
import { runCli } from './helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'briefing-crashes-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const HEAD = 'id: deep\ntitle: T\nvisit:\n  visitor:\n    name: A\n  host:\n    country: B\n  start: 2020-01-01\n';
const withPurpose = (markdown: string) => `${HEAD}  purpose: ${JSON.stringify(markdown)}\n`;

const linesFor = (name: string, text: string) =>
  loadVisitFile(name, Buffer.from(text), { strict: false }).diagnostics.map(formatDiagnostic);

const TOO_DEEP =
  'nested more than 100 deep (lists and mappings within one another); a visit needs a few levels: check the brackets and indents here';
const MARKDOWN_TOO_DEEP =
  'Markdown nested more than 50 deep (quotes, lists, emphasis or links within one another); nest them less';

describe('YAML nested past the limit', () => {
  // 794 to 3,999 levels once overflowed yaml's composer and were reported at a column where
  // the stack ran out; deeper ones at 1:1. The 100th "[" after "title: " opens level 101.
  it.each([101, 794, 2_000, 3_999, 5_000, 100_000])('%i "[" deep: at the one past the limit', (depth) => {
    const text = `title: ${'['.repeat(depth)}${']'.repeat(depth)}\n`;
    expect(linesFor('deep.yaml', text)).toEqual([`deep.yaml:1:107: YAML syntax: ${TOO_DEEP}`]);
  });

  it('reads 100 levels as data (the limit itself is allowed)', () => {
    const lines = linesFor('deep.yaml', `${HEAD}people: ${'['.repeat(99)}${']'.repeat(99)}\n`);
    expect(lines.join('\n')).not.toContain('nested more than');
  });

  it('counts block lists and mappings too: "- - - …" and "? ? ? …"', () => {
    expect(linesFor('deep.yaml', `title:\n${'- '.repeat(1_000)}x\n`)).toEqual([
      `deep.yaml:2:199: YAML syntax: ${TOO_DEEP}`,
    ]);
    expect(linesFor('deep.yaml', `title:\n  ${'? '.repeat(3_000)}x\n`)).toEqual([
      `deep.yaml:2:201: YAML syntax: ${TOO_DEEP}`,
    ]);
  });
});

describe('JSON nested past the limit', () => {
  it.each([101, 5_000, 100_000])('%i deep: at its line and column', (depth) => {
    const text = `{\n  "title": ${'['.repeat(depth)}${']'.repeat(depth)}\n}\n`;
    expect(linesFor('deep.json', text)).toEqual([`deep.json:2:111: JSON syntax: ${TOO_DEEP}`]);
  });

  it('counts no bracket inside a string', () => {
    const lines = linesFor('deep.json', JSON.stringify({ title: '['.repeat(5_000) }));
    expect(lines.join('\n')).not.toContain('nested more than');
  });
});

describe('Markdown nested past the limit, in a field', () => {
  const deep = {
    'quotes ">>>>…" 10,000 deep': `Intro.\n${'>'.repeat(10_000)} x`,
    'quotes "> > > …" 51 deep': `Intro.\n${'> '.repeat(51)}x`,
    'lists indented 60 deep': Array.from({ length: 60 }, (_, i) => `${'  '.repeat(i)}- x`).join('\n'),
    'lists "- - - …" 10,000 deep': `Intro.\n${'- '.repeat(10_000)}x`,
    'ordered lists "1. 1. …"': `Intro.\n${'1. '.repeat(1_000)}x`,
    'quotes and lists mixed': `Intro.\n${'> - 1. '.repeat(200)}x`,
    'emphasis "***…x***…"': `${'*'.repeat(1_000)}x${'*'.repeat(1_000)}`,
    'nested emphasis "*a *a … a* a*"': `${'*a '.repeat(200)}x${' a*'.repeat(200)}`,
    'footnotes "[^a]: [^a]: …"': `x[^a]\n\n${'[^a]: '.repeat(1_000)}x`,
  };
  it.each(Object.entries(deep))('%s: an error at the field', (_, markdown) => {
    const lines = linesFor('deep.yaml', withPurpose(markdown));
    expect(lines).toHaveLength(1);
    expect(lines[0]!.startsWith(`deep.yaml:9:12: visit.purpose: ${MARKDOWN_TOO_DEEP}, got "`)).toBe(true);
    expect(lines[0]).not.toContain('\n');
  });

  it('accepts 50 levels', () => {
    expect(linesFor('ok.yaml', withPurpose(`Intro.\n${'> '.repeat(FIELD_NESTING)}x`))).toEqual([]);
  });

  it('builds 50 levels of quotes with nothing on stderr (each quote is a table: no listener warning)', () => {
    const file = join(dir, 'quotes.yaml');
    writeFileSync(file, withPurpose(`Intro.\n${'> '.repeat(FIELD_NESTING)}x`));
    const result = runCli(['build', file, '-o', join(dir, 'quotes-out'), '-d', 'factsheet', '-f', 'pdf', '-q']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
  });
});

describe('Markdown blocks too long for marked', () => {
  // A quote of 1.5 million lines overflows marked's blockquote expression; a paragraph of 9 MB
  // (the 50 MB `purpose`) its setext-heading one. The quote is the smaller of the two.
  const hugeQuote = '>\n'.repeat(1_600_000);

  it('is a MarkdownLimitError from the lexer, not a RangeError', () => {
    expect(() => lex(hugeQuote)).toThrow(MarkdownLimitError);
  });

  it('is refused at the field that holds it by the field length limit, without being read', () => {
    expect(linesFor('huge.yaml', withPurpose(`Intro.\n\n${hugeQuote}`))).toEqual([
      'huge.yaml:9:12: visit.purpose: 3,200,008 characters is more than the limit of 100,000 for one field; shorten it',
    ]);
  });
});

describe('the check that skips the lexer', () => {
  // mayExceedLimits must never say false where the lexer would find the limit passed.
  const piece = fc.constantFrom(
    '> ',
    '- ',
    '1. ',
    '  ',
    '\t',
    '*',
    '_',
    '~~',
    '[',
    '](u)',
    '[^a]: ',
    'x',
    '\n',
    '\n\n',
  );
  it('never misses nesting past the limit', () => {
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 60 }), fc.integer({ min: 1, max: 4 }), (pieces, nesting) => {
        const markdown = pieces.join('');
        if (mayExceedLimits(markdown, nesting)) return;
        expect(() => lex(markdown, nesting)).not.toThrow();
      }),
      { seed: 13, numRuns: 3_000 },
    );
  });
});

describe('a template that nests its Markdown past the limit', () => {
  it('is an error naming the template', () => {
    const files = resolveTemplates().map((file) =>
      file.kind === 'factsheet'
        ? { ...file, path: 'mine/factsheet.hbs', text: `{{title}}\n\n${'>'.repeat(300)} x\n` }
        : file,
    );
    const templates = new TemplateSet(files);
    const { loaded } = loadVisitFile('ok.yaml', Buffer.from(HEAD), { strict: false });
    expect(() =>
      templates.render('factsheet', buildContext('deep', loaded!.visit, 'factsheet', templates.labels.table('en'))),
    ).toThrow(
      `mine/factsheet.hbs: the factsheet document made from this template: ${MARKDOWN_TOO_DEEP.replace('50', '100')}`,
    );
  });
});

describe('a template whose blocks nest past the limit', () => {
  const nested = (depth: number) => `{{title}}\n${'{{#if title}}x'.repeat(depth)}${'{{/if}}'.repeat(depth)}\n`;
  const load = (text: string) =>
    new TemplateSet(
      resolveTemplates().map((file) =>
        file.kind === 'factsheet' ? { ...file, path: 'mine/factsheet.hbs', text } : file,
      ),
    );

  it('is an error at the block past the limit, found before Handlebars reads it (5,000 deep took minutes)', () => {
    const started = performance.now();
    expect(() => load(nested(5_000)).checkAll()).toThrow(
      'mine/factsheet.hbs:2:1401: blocks ({{#each}}, {{#if}}, …) nested more than 100 deep; nest them less',
    );
    expect(performance.now() - started).toBeLessThan(2_000);
  });

  it('counts closings, else and comments as what they are: 100 deep, side by side, is fine', () => {
    expect(blockTooDeep(nested(100))).toBeUndefined();
    expect(blockTooDeep(nested(101))).toBe(nested(101).indexOf('{{#if', 100 * 14 + 9));
    expect(
      blockTooDeep(`${'{{#if a}}x{{^}}y{{else}}z{{/if}}'.repeat(500)}{{!-- {{#if}} --}}{{! {{#x}} }}`),
    ).toBeUndefined();
    for (const file of resolveTemplates()) expect(blockTooDeep(file.text), file.kind).toBeUndefined();
  });
});

describe('through the command', () => {
  const write = (name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };

  it.each([
    [
      'yaml',
      () => write('y.yaml', `title: ${'['.repeat(3_000)}${']'.repeat(3_000)}\n`),
      /^\S*y\.yaml:1:107: YAML syntax: nested more than 100 deep/,
    ],
    [
      'json',
      () => write('j.json', `{"title": ${'['.repeat(5_000)}${']'.repeat(5_000)}}`),
      /^\S*j\.json:1:110: JSON syntax: nested more than 100 deep/,
    ],
    [
      'markdown',
      () => write('m.yaml', withPurpose(`Intro.\n${'>'.repeat(10_000)} x`)),
      /^\S*m\.yaml:9:12: visit\.purpose: Markdown nested more than 50 deep/,
    ],
  ])('%s: exit 1 and one line with its position, for every format', (_, make, line) => {
    const file = make();
    const out = join(dir, 'out');
    const result = runCli(['build', file, '-f', 'pdf,md,html', '-o', out]);
    expect(result.code).toBe(1);
    expect(result.stderr).not.toContain('internal error');
    const problems = result.stderr.split('\n').filter((l) => l.startsWith(file));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(line);
  });

  it('a template: exit 1 and the template named', () => {
    const templates = join(dir, 'templates');
    mkdirSync(templates, { recursive: true });
    write('templates/factsheet.hbs', `{{title}}\n\n${'- '.repeat(5_000)}x\n`);
    const result = runCli(['build', 'data', '-d', 'factsheet', '-f', 'md', '-t', templates, '-o', join(dir, 'out-t')]);
    expect(result.code).toBe(1);
    expect(result.stderr).not.toContain('internal error');
    expect(result.stderr).toContain(
      `${join(templates, 'factsheet.hbs')}: the factsheet document made from this template: Markdown nested more than 100 deep`,
    );
  });
});
