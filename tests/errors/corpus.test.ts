/**
 * The bad-input corpus: every file in inputs/ must give exactly the lines expected.yaml lists
 * for it (position and message), in-process for speed; a few go through the CLI for exit codes.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { formatDiagnostic } from '../../src/diagnostics.js';
import { loadBatchFile, loadVisitFile, loadVisits } from '../../src/load/index.js';
import { runCli } from '../helpers/cli.js';

const HERE = fileURLToPath(new URL('.', import.meta.url));
const INPUTS = join(HERE, 'inputs');
const expected = parse(readFileSync(join(HERE, 'expected.yaml'), 'utf8')) as Record<string, string[]>;
const files = readdirSync(INPUTS).sort();

/** `file:line:col: message` or `file: field.path: message`, one line. */
const WELL_FORMED = /^\d+:\d+: (warning: )?\S.*$|^ [\w.[\]]+: \S.*$/;

const linesFor = (name: string, strict = false) => {
  const result = loadVisitFile(name, readFileSync(join(INPUTS, name)), { strict });
  return { loaded: result.loaded, lines: result.diagnostics.map((d) => formatDiagnostic(d).slice(name.length + 1)) };
};

describe('the bad-input corpus', () => {
  it('has at least 50 inputs, each with its expectation, YAML and JSON alike', () => {
    expect(files.length).toBeGreaterThanOrEqual(50);
    expect(Object.keys(expected).sort()).toEqual(files);
    expect(files.filter((f) => f.endsWith('.json')).length).toBeGreaterThanOrEqual(10);
  });

  it.each(files)('%s', (name) => {
    const { loaded, lines } = linesFor(name);
    expect(lines).toEqual(expected[name]);
    for (const line of lines) expect(line).toMatch(WELL_FORMED);
    const hasError = lines.some((l) => !/^\d+:\d+: warning: /.test(l));
    // A file with an error is rejected; one with only warnings still loads.
    expect(loaded === undefined).toBe(hasError);
  });

  it('turns warnings into errors under --strict', () => {
    const warningOnly = files.filter((f) => f.startsWith('warn-'));
    expect(warningOnly.length).toBeGreaterThanOrEqual(4);
    for (const name of warningOnly) {
      const { loaded, lines } = linesFor(name, true);
      expect(loaded).toBeUndefined();
      expect(lines.every((l) => !l.includes('warning:') && l.endsWith('(error under --strict)'))).toBe(true);
    }
  });
});

describe('YAML that looks like a slip but is meant', () => {
  it('loads anchors a file uses through aliases, standard tags, and "!" or "&" inside text', () => {
    const header = 'title: T\nvisit:\n  visitor: {name: &n Ana}\n  host: {country: B}\n  start: 2020-01-01\n';
    const files = {
      'aliases.yaml': `${header}people:\n  - &p {name: &unused X, role: R & D}\n  - *p\n  - name: *n\n`,
      'tags.yaml': `${header.replace('&n ', '')}  purpose: !!str 2006 and "!x" and a!b\nchronology:\n  - {date: 2006, event: 'E!'}\n`,
    };
    for (const [name, text] of Object.entries(files)) {
      const result = loadVisitFile(name, Buffer.from(text), { strict: false });
      expect(result.diagnostics.map(formatDiagnostic), name).toEqual([]);
      expect(result.loaded, name).toBeDefined();
    }
  });
});

describe('YAML too deep for the parser', () => {
  it('is an error where the nesting passes the limit, not an internal error', () => {
    const result = loadVisitFile('deep.yaml', Buffer.from(`title: ${'['.repeat(5000)}\n`), { strict: false });
    expect(result.diagnostics.map(formatDiagnostic)).toEqual([
      'deep.yaml:1:107: YAML syntax: nested more than 100 deep (lists and mappings within one another); a visit needs a few levels: check the brackets and indents here',
    ]);
  });
});

describe('problems that span files', () => {
  const dir = mkdtempSync(join(tmpdir(), 'briefing-errors-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const visit = readFileSync(join(INPUTS, 'warn-source-uncited.yaml'), 'utf8').replace(/sources:[\s\S]*/, '');

  it('rejects the second of two visits with the same id, naming the first', () => {
    writeFileSync(join(dir, 'a.yaml'), `id: same-id\n${visit}`);
    writeFileSync(join(dir, 'b.json'), JSON.stringify({ id: 'same-id', ...(parse(visit) as object) }, null, 2));
    const result = loadVisits([join(dir, 'a.yaml'), join(dir, 'b.json')]);
    expect(result.visits.map((v) => v.file)).toEqual([join(dir, 'a.yaml')]);
    expect(result.diagnostics.map(formatDiagnostic)).toEqual([
      `${join(dir, 'b.json')}:2:9: id: duplicate visit id "same-id" (also ${join(dir, 'a.yaml')})`,
    ]);
  });

  it('tells a file refused for a taken id from one that is invalid, by its result', () => {
    const [first, second] = ['c.yaml', 'd.yaml'].map((name) => join(dir, name)) as [string, string];
    for (const file of [first, second]) writeFileSync(file, `id: taken-id\n${visit}`);
    const invalid = join(dir, 'e.yaml');
    writeFileSync(invalid, `id: taken-id\n${visit.replace(/^title: .*$/m, '')}`);
    const taken = new Map<string, string>();
    const outcome = (file: string) => {
      const { accepted, refused } = loadBatchFile(file, {}, taken);
      return [accepted?.id, refused];
    };
    expect([first, second, invalid].map(outcome)).toEqual([
      ['taken-id', undefined],
      [undefined, 'duplicate-id'],
      [undefined, undefined],
    ]);
  });
});

describe('exit codes through the command line', () => {
  const dir = mkdtempSync(join(tmpdir(), 'briefing-errors-cli-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const input = (name: string) => join('tests/errors/inputs', name);

  it('exits 1 with the expected lines, and no stack trace, for invalid files', () => {
    // A mapping used as a field name: yaml printed a Node warning of its own besides the error.
    const names = [
      'many-problems.yaml',
      'json-trailing-comma-object.json',
      'not-utf8.yaml',
      'yaml-undefined-alias.yaml',
      'yaml-collection-key.yaml',
    ];
    const result = runCli(['check', ...names.map(input)]);
    expect(result.code).toBe(1);
    expect(result.stderr.trimEnd().split('\n')).toEqual(
      names.flatMap((n) => expected[n]!.map((l) => `${input(n)}:${l}`)),
    );
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('prints warnings but exits 0, and exits 1 under --strict', () => {
    const plain = runCli(['check', input('warn-chronology-order.yaml')]);
    expect(plain.code).toBe(0);
    expect(plain.stderr).toContain(
      `${input('warn-chronology-order.yaml')}:13:11: warning: chronology[2].date: 2002 is out of date order`,
    );
    const strict = runCli(['check', '--strict', input('warn-chronology-order.yaml')]);
    expect(strict.code).toBe(1);
    expect(strict.stderr).not.toContain('warning:');
  });

  it('exits 2 for a folder with no visit files: the command line names nothing to build', () => {
    mkdirSync(join(dir, 'empty'));
    writeFileSync(join(dir, 'empty', 'notes.txt'), 'not a visit');
    const result = runCli(['build', join(dir, 'empty'), '-o', join(dir, 'out')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(`briefing: ${join(dir, 'empty')}: folder has no visit files (.yaml, .yml, .json)\n`);
    expect(readdirSync(dir)).not.toContain('out');
  });
});
