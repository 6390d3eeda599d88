/**
 * Errors that misled or stopped too much: each is now said of its own file, in plain words, at
 * its place, and stops nothing else.
 */
import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  copyFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { diagnosticsOf, formatDiagnostic } from '../../src/diagnostics.js';
import { loadVisitFile } from '../../src/load/index.js';
import { main } from '../../src/main.js';
import { TemplateSet } from '../../src/render/templates.js';
import { type WatchEvent, watchBuild } from '../../src/watch.js';
import { CLI, ROOT } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'briefing-misleading-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const SAMPLE = join(ROOT, 'data', 'stoltenberg-2017-seoul.yaml');

let stdout: string;
let stderr: string;
beforeEach(() => {
  stdout = '';
  stderr = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    stdout += String(chunk);
    return true;
  });
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
    stderr += String(chunk);
    return true;
  });
});
afterEach(() => vi.restoreAllMocks());

/** A new folder under the test's own. */
const folder = (name: string): string => {
  const path = join(dir, name);
  mkdirSync(path, { recursive: true });
  return path;
};

describe('an unreadable entry in a folder of visits', () => {
  /** A folder with one good visit and an entry of each kind that cannot be read. */
  function folderWithUnreadable(name: string): string {
    const data = folder(name);
    copyFileSync(SAMPLE, join(data, 'stoltenberg-2017-seoul.yaml'));
    symlinkSync('nowhere.yaml', join(data, 'dangling.yaml'));
    symlinkSync('loop.yaml', join(data, 'loop.yaml'));
    mkdirSync(join(data, 'x.yaml'));
    return data;
  }
  const problems = (data: string) => [
    `${join(data, 'dangling.yaml')}: is a link to "nowhere.yaml", which does not exist`,
    `${join(data, 'loop.yaml')}: is a link that leads back to itself (a loop of links); it names no file`,
    `${join(data, 'x.yaml')}: is a folder, not a visit file; rename it, or move it out of the folder of visit files`,
  ];

  it('is reported at its path, and the rest is built (exit 1)', async () => {
    const data = folderWithUnreadable('unreadable-build');
    const out = join(dir, 'unreadable-out');
    expect(await main(['build', data, '-o', out, '-f', 'md', '-d', 'factsheet', '-q'])).toBe(1);
    expect(stderr.trimEnd().split('\n')).toEqual(problems(data));
    expect(existsSync(join(out, 'stoltenberg-2017-seoul', 'factsheet.md'))).toBe(true);
  });

  it('is reported by check alike, with the rest checked (exit 1)', async () => {
    const data = folderWithUnreadable('unreadable-check');
    writeFileSync(join(data, 'bad.yaml'), 'title: T\n');
    expect(await main(['check', data, '-q'])).toBe(1);
    expect(stderr.trimEnd().split('\n')).toEqual([
      `${join(data, 'bad.yaml')}:1:1: missing required field "visit"`,
      ...problems(data),
    ]);
  });

  it('is reported when watching starts, and the rest is built', async () => {
    const data = folderWithUnreadable('unreadable-watch');
    const events: WatchEvent[] = [];
    const options = { out: join(dir, 'unreadable-watch-out'), formats: ['md' as const], docs: ['factsheet' as const] };
    const watcher = await watchBuild([data], options, (e) => events.push(e));
    await watcher.close();
    expect(events[0]!.diagnostics.map(formatDiagnostic)).toEqual(problems(data));
    expect(events[0]!.outputs.map((o) => o.visit)).toEqual(['stoltenberg-2017-seoul']);
  });

  it('without read permission is reported at its path, and the rest is built (exit 1)', () => {
    // Root reads any file whatever its mode: the command then runs as "nobody", which does not.
    const asRoot = process.getuid?.() === 0;
    const data = folder('unreadable-mode');
    copyFileSync(SAMPLE, join(data, 'stoltenberg-2017-seoul.yaml'));
    writeFileSync(join(data, 'secret.yaml'), readFileSync(SAMPLE));
    chmodSync(join(data, 'secret.yaml'), 0o000);
    const out = join(dir, 'unreadable-mode-out');
    mkdirSync(out);
    for (const path of [dir, data, out]) chmodSync(path, 0o777);
    const result = spawnSync(process.execPath, [CLI, 'build', data, '-o', out, '-f', 'md', '-d', 'factsheet', '-q'], {
      encoding: 'utf8',
      ...(asRoot ? { uid: 65534, gid: 65534 } : {}),
    });
    expect(result.stderr).toBe(`${join(data, 'secret.yaml')}: cannot be read: permission denied\n`);
    expect(result.status).toBe(1);
    expect(existsSync(join(out, 'stoltenberg-2017-seoul', 'factsheet.md'))).toBe(true);
  });
});

describe("a visit's output folder that is a file", () => {
  it('is said of the output, not of the temporary file beside it (exit 2)', async () => {
    const out = folder('out-is-file');
    writeFileSync(join(out, 'stoltenberg-2017-seoul'), '');
    expect(await main(['build', SAMPLE, '-o', out, '-f', 'md', '-d', 'factsheet', '-q'])).toBe(2);
    expect(stderr).toBe(`briefing: ${join(out, 'stoltenberg-2017-seoul', 'factsheet.md')}: not a directory\n`);
  });
});

describe('line ends', () => {
  const lf = readFileSync(SAMPLE, 'utf8');
  const withEnds = (text: string, end: string) => Buffer.from(text.replace(/\n/g, end));

  it('reads a file with CR alone (old Mac) or CRLF as the same visit as with LF', () => {
    const visit = loadVisitFile('v.yaml', withEnds(lf, '\n')).loaded?.visit;
    expect(visit).toBeDefined();
    for (const end of ['\r', '\r\n']) {
      const { loaded, diagnostics } = loadVisitFile('v.yaml', withEnds(lf, end));
      expect(diagnostics).toEqual([]);
      expect(loaded?.visit).toEqual(visit);
    }
  });

  it('counts lines and columns alike in each', () => {
    const broken = lf.replace(/^ {2}start: .*$/m, '  start: 2017-02-30').replace(/^title: /m, 'title: [');
    const lines = (end: string) =>
      loadVisitFile('v.yaml', withEnds(broken, end)).diagnostics.map((d) => formatDiagnostic(d));
    expect(lines('\n').length).toBeGreaterThan(0);
    expect(lines('\r')).toEqual(lines('\n'));
    expect(lines('\r\n')).toEqual(lines('\n'));
  });
});

describe('a visit id too long for a folder name', () => {
  const body = readFileSync(SAMPLE, 'utf8').replace(/^id: .*\n/m, '');

  it('is an error at the id when written as one', () => {
    const { loaded, diagnostics } = loadVisitFile('v.yaml', Buffer.from(`id: ${'a'.repeat(300)}\n${body}`));
    expect(loaded).toBeUndefined();
    expect(diagnostics.map(formatDiagnostic)).toEqual([
      `v.yaml:1:5: id: expected an id of at most 100 characters (it names the output folder), got "${'a'.repeat(40)}…"`,
    ]);
  });

  it('is an error when made from the file name', () => {
    const name = `${'b'.repeat(101)}.yaml`;
    const { loaded, diagnostics } = loadVisitFile(name, Buffer.from(body));
    expect(loaded).toBeUndefined();
    expect(diagnostics.map(formatDiagnostic)).toEqual([
      `${name}:1:1: file name "${name}" makes an id of 101 characters, more than 100; add a shorter "id:" (e.g. kim-2024-seoul)`,
    ]);
    expect(loadVisitFile(`${'b'.repeat(100)}.yaml`, Buffer.from(body)).loaded).toBeDefined();
  });
});

describe('template calls that crashed', () => {
  function problems(template: string): string[] {
    const templates = mkdtempSync(join(dir, 'set-'));
    writeFileSync(join(templates, 'factsheet.hbs'), template);
    try {
      TemplateSet.load(templates);
    } catch (error) {
      return diagnosticsOf(error).map((d) => formatDiagnostic(d).slice(templates.length + 1));
    }
    return [];
  }
  const helpers =
    'helpers are: each, if, unless, lookup, with, date, dateRange, label, nativeName, cite, sourceNotes, slug, cell, quote, listItem, upper, join, eq, changeMark, inc';

  it('a partial computed by a helper (it could include itself) is an error at its place', () => {
    expect(problems('# T\n\n{{> (slug "factsheet")}}\n')).toEqual([
      'factsheet.hbs:3:1: a partial is named as written ({{> factsheet}}), not computed by a helper',
    ]);
  });

  it("Handlebars' own fallbacks are no helpers to call", () => {
    expect(problems('# T\n\n  {{helperMissing "x"}}\n{{#blockHelperMissing}}x{{/blockHelperMissing}}\n')).toEqual([
      `factsheet.hbs:3:3: unknown helper "helperMissing"; ${helpers}`,
      `factsheet.hbs:4:1: unknown helper "blockHelperMissing"; ${helpers}`,
    ]);
  });

  it('{{log}} is an error at its place, not a line on standard output', async () => {
    expect(problems('# T\n{{log "x"}}\n')).toEqual([
      `factsheet.hbs:2:1: unknown helper "log" (it would print on standard output, which holds the report or --json); ${helpers}`,
    ]);
    const templates = folder('log');
    writeFileSync(join(templates, 'factsheet.hbs'), '# {{title}}\n{{log "hello"}}\n');
    const out = join(dir, 'log-out');
    expect(await main(['build', SAMPLE, '-t', templates, '-o', out, '-f', 'md', '-d', 'factsheet', '--json'])).toBe(1);
    expect(JSON.parse(stdout).errors).toEqual([
      `${join(templates, 'factsheet.hbs')}:2:1: unknown helper "log" (it would print on standard output, which holds the report or --json); ${helpers}`,
    ]);
  });
});

describe('a file name with control characters', () => {
  it('is printed quoted and escaped, so it cannot print a line of its own', () => {
    const line = formatDiagnostic({
      file: 'data/a\nb.yaml:1:1: forged\u202e.yaml',
      line: 2,
      col: 3,
      message: 'expected a title',
      severity: 'error',
    });
    expect(line).toBe('"data/a\\nb.yaml:1:1: forged\\u202e.yaml":2:3: expected a title');
    expect(formatDiagnostic({ file: 'data/"plain".yaml', message: 'm', severity: 'error' })).toBe(
      'data/"plain".yaml: m',
    );
  });

  it('in a folder of visits, gives one line on stderr', async () => {
    const data = folder('control-names');
    writeFileSync(join(data, 'x\nfake.yaml:9:9: forged.yaml'), 'title: T\n');
    expect(await main(['check', data, '-q'])).toBe(1);
    expect(stderr).toBe(`"${join(data, 'x\\nfake.yaml:9:9: forged.yaml')}":1:1: missing required field "visit"\n`);
  });
});

describe('watching a folder that is deleted and made again', () => {
  it('goes on watching it, and builds what it holds once it is back', async () => {
    const data = folder('rewatch/data');
    copyFileSync(SAMPLE, join(data, 'stoltenberg-2017-seoul.yaml'));
    const events: WatchEvent[] = [];
    let waiting: { test: () => boolean; resolve: () => void } | undefined;
    /** Resolves once the events so far pass `test`. */
    const until = (test: () => boolean) =>
      new Promise<void>((resolve) => {
        if (test()) resolve();
        else waiting = { test, resolve };
      });
    const watcher = await watchBuild(
      [data],
      { out: join(dir, 'rewatch/out'), formats: ['md'], docs: ['factsheet'], debounceMs: 30 },
      (event) => {
        events.push(event);
        if (waiting?.test()) waiting.resolve();
      },
    );
    const builtSince = (from: number) => new Set(events.slice(from).flatMap((e) => e.outputs.map((o) => o.visit)));
    try {
      rmSync(data, { recursive: true });
      await until(() => events.some((e) => e.removed.includes('stoltenberg-2017-seoul')));
      // Past the watcher's late recheck of the files it has read (watch.ts), which would see
      // the old file come back even with its folder no longer watched; a new file it would not.
      await new Promise((resolve) => setTimeout(resolve, 300));
      const back = events.length;
      mkdirSync(data);
      cpSync(SAMPLE, join(data, 'stoltenberg-2017-seoul.yaml'));
      cpSync(join(ROOT, 'data', 'rasmussen-2013-seoul.yaml'), join(data, 'rasmussen-2013-seoul.yaml'));
      await until(() => builtSince(back).size === 2);
      // And its files are watched again.
      const edited = events.length;
      writeFileSync(join(data, 'rasmussen-2013-seoul.yaml'), 'title: T\n');
      await until(() => events.length > edited);
      expect(events.at(-1)!.kind).toBe('failed');
    } finally {
      await watcher.close();
    }
  }, 20_000);
});

describe('the command line as documented', () => {
  it('build --help shows the real default of paths', async () => {
    expect(await main(['build', '--help'])).toBe(0);
    expect(stdout).toMatch(/or folders of them\s+\(default: data\/\)/);
    expect(stdout).toMatch(/\(default:\s+factsheet,chronology,talking-points\)/);
  });

  it('check --json prints { errors, warnings }', async () => {
    const data = folder('check-json');
    writeFileSync(join(data, 'bad.yaml'), 'title: T\n');
    copyFileSync(SAMPLE, join(data, 'stoltenberg-2017-seoul.yaml'));
    expect(await main(['check', data, '--json'])).toBe(1);
    expect(JSON.parse(stdout)).toEqual({
      errors: [`${join(data, 'bad.yaml')}:1:1: missing required field "visit"`],
      warnings: [],
    });
  });

  it('the README documents exit 3, --strict, check --json and the book in serve', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    expect(readme).toMatch(/`3` an internal error, a bug: please\s+report it/);
    expect(readme).toMatch(/^ {4}--strict {2,}# treat warnings as errors/m);
    expect(readme).toMatch(/^npx briefing check .*\n {4}--json {2,}# print \{ errors, warnings \}/m);
    expect(readme).toMatch(/^npx briefing serve .*\n.*-d \.\.\.,book previews the book too/m);
  });
});
