/** The command line as a user meets it: exit codes, one-line errors, help, paper, determinism. */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI, ROOT, runCli } from './helpers/cli.js';

const visitDirs = (dir: string) =>
  readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name);

describe('the command line', () => {
  it('exits 2 on an unknown option, doc or missing path', () => {
    expect(runCli(['build', '--nope']).code).toBe(2);
    expect(runCli(['build', '-d', 'memo', '-o', tmpdir()]).code).toBe(2);
    const missing = runCli(['build', 'no/such/place']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('no/such/place');
  });

  it('exits 2 when --templates is not a folder of templates, for build and check alike', () => {
    const empty = mkdtempSync(join(tmpdir(), 'briefing-no-templates-'));
    const cases: [string, string][] = [
      ['no/such/templates', 'no/such/templates: no such folder; --templates expects a folder of factsheet.hbs'],
      ['package.json', 'package.json: is a file; --templates expects a folder of factsheet.hbs'],
      [empty, `${empty}: holds none of factsheet.hbs, chronology.hbs, talking-points.hbs, book.hbs`],
    ];
    for (const [templates, message] of cases) {
      for (const command of [['build', '-o', empty], ['check']]) {
        const result = runCli([...command, '-t', templates]);
        expect(result.code, `${command[0]} -t ${templates}`).toBe(2);
        expect(result.stderr).toContain(`briefing: ${message}`);
        expect(result.stderr.trim().split('\n')).toHaveLength(1);
      }
    }
    expect(readdirSync(empty)).toEqual([]);
    // A misspelt template beside a real one: built from the rest, with a warning that names it.
    writeFileSync(join(empty, 'factsheet.hbs'), '# {{title}}\n');
    writeFileSync(join(empty, 'talking_points.hbs'), '# {{title}}\n');
    const typo = runCli(['check', '-t', empty]);
    expect(typo.code).toBe(0);
    expect(typo.stderr).toBe(
      `briefing: warning: ${join(empty, 'talking_points.hbs')} is not used: templates are named factsheet.hbs, chronology.hbs, talking-points.hbs, book.hbs, card.hbs, changes.hbs; did you mean talking-points.hbs?\n`,
    );
    writeFileSync(join(empty, 'chronolgy.hbs'), '# {{title}}\n');
    expect(runCli(['check', '-t', empty]).stderr).toContain(
      'chronolgy.hbs is not used: templates are named factsheet.hbs, chronology.hbs, talking-points.hbs, book.hbs, card.hbs, changes.hbs; did you mean chronology.hbs?',
    );
    // A folder where a template should be: a usage error naming it, not the system's words.
    mkdirSync(join(empty, 'book.hbs'));
    const folder = runCli(['check', '-t', empty]);
    expect(folder.code).toBe(2);
    expect(folder.stderr).toContain(
      `briefing: ${join(empty, 'book.hbs')}: is not a file; a template is a file of Handlebars text`,
    );
    rmSync(empty, { recursive: true, force: true });
  });

  it('builds the valid visits beside an invalid one, and its last line counts the errors', () => {
    const out = mkdtempSync(join(tmpdir(), 'briefing-mixed-'));
    const result = runCli(['build', 'data', 'tests/errors/inputs/missing-title.yaml', '-o', out, '-f', 'md']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('missing-title.yaml:1:1: missing required field "title"');
    expect(result.stdout).toMatch(/\n9 outputs of 3 visits: 9 written, 0 unchanged, in \d+\.\d s; 1 error above\n$/);
    const none = runCli(['build', 'tests/errors/inputs/missing-title.yaml', '-o', out]);
    expect(none.stdout).toMatch(/^nothing built in \d+\.\d s; 1 error above\n$/);
    rmSync(out, { recursive: true, force: true });
  });

  it('exits 2 with one plain line when the output folder is a file or under one', () => {
    const dir = mkdtempSync(join(tmpdir(), 'briefing-out-file-'));
    const file = join(dir, 'taken');
    writeFileSync(file, 'keep me');
    const onFile = runCli(['build', '-o', file]);
    expect(onFile.code).toBe(2);
    expect(onFile.stderr).toBe(`briefing: ${file}: is a file; --out expects a folder (created if missing)\n`);
    const under = runCli(['build', '-o', join(file, 'sub')]);
    expect(under.code).toBe(2);
    expect(under.stderr).toBe(`briefing: ${join(file, 'sub')}: not a directory\n`);
    expect(readFileSync(file, 'utf8')).toBe('keep me');
    // A folder where an output should go: the output is named, not the temporary file beside it.
    const out = join(dir, 'out');
    mkdirSync(join(out, 'stoltenberg-2017-seoul', 'factsheet.pdf'), { recursive: true });
    const onFolder = runCli(['build', join(ROOT, 'data', 'stoltenberg-2017-seoul.yaml'), '-o', out, '-d', 'factsheet']);
    expect(onFolder.code).toBe(2);
    expect(onFolder.stderr).toBe(
      `briefing: ${join(out, 'stoltenberg-2017-seoul', 'factsheet.pdf')}: illegal operation on a directory\n`,
    );
    rmSync(dir, { recursive: true, force: true });
  });

  it('exits 2 with one plain line when the output folder cannot be made (under /proc)', () => {
    // Node's recursive mkdir never returns there; a hang would block this test, hence the timeout.
    const result = spawnSync(process.execPath, [CLI, 'build', '-o', '/proc/no-such-folder/out'], {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(result.status).toBe(2);
    expect(result.stderr).toBe('briefing: /proc/no-such-folder: no such file or directory\n');
  });

  it('stops quietly when its reader does (a pipe into head)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'briefing-pipe-'));
    const script = `"${process.execPath}" "${CLI}" build -o "${dir}" -d factsheet,chronology,talking-points,book -f pdf,md,html | head -c1 >/dev/null; echo "exit \${PIPESTATUS[0]}" >&2`;
    const result = spawnSync('bash', ['-c', script], { cwd: ROOT, encoding: 'utf8' });
    expect(result.stderr).toBe('exit 0\n');
    rmSync(dir, { recursive: true, force: true });
  });

  it('exits 1 on an invalid visit and names file, line and column', () => {
    const dir = mkdtempSync(join(tmpdir(), 'briefing-bad-'));
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, 'title: T\nvisit:\n  visitor: {name: X}\n  host: {country: Y}\n  start: 2017-02-30\n');
    const result = runCli(['check', bad]);
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toBe(`${bad}:5:10: visit.start: expected a real date YYYY-MM-DD, got "2017-02-30"`);
    rmSync(dir, { recursive: true, force: true });
  });

  it('check validates the samples and writes nothing', () => {
    const result = runCli(['check']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/3 visit files valid/);
  });

  it('prints a JSON Schema', () => {
    const result = runCli(['schema']);
    expect(result.code).toBe(0);
    const schema = JSON.parse(result.stdout);
    expect(schema.required).toEqual(expect.arrayContaining(['title', 'visit']));
    expect(schema.additionalProperties).toBe(false);
  });

  it('prints its version and help', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
    expect(runCli(['--version']).stdout.trim()).toBe(pkg.version);
    const help = runCli(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/build/);
  });

  it('writes Letter pages with --paper LETTER', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'briefing-letter-'));
    expect(
      runCli([
        'build',
        'tests/fixtures/unseen-visit.yaml',
        '-o',
        dir,
        '--paper',
        'LETTER',
        '-f',
        'pdf',
        '-d',
        'factsheet',
      ]).code,
    ).toBe(0);
    const bytes = readFileSync(join(dir, 'unseen-visit', 'factsheet.pdf'), 'latin1');
    expect(bytes).toMatch(/\/MediaBox \[0 0 612 792\]/);
    expect(readdirSync(join(dir, 'unseen-visit'))).toEqual(['factsheet.pdf']);
    rmSync(dir, { recursive: true, force: true });
  });
});

describe('determinism', () => {
  it('gives byte-identical outputs from two builds, honouring SOURCE_DATE_EPOCH', () => {
    const a = mkdtempSync(join(tmpdir(), 'briefing-det-a-'));
    const b = mkdtempSync(join(tmpdir(), 'briefing-det-b-'));
    const env = { SOURCE_DATE_EPOCH: '1700000000' };
    expect(runCli(['build', 'data', '-o', a], { env }).code).toBe(0);
    expect(runCli(['build', 'data', '-o', b], { env }).code).toBe(0);
    for (const visitDir of visitDirs(a)) {
      for (const name of readdirSync(join(a, visitDir))) {
        expect(readFileSync(join(a, visitDir, name)).equals(readFileSync(join(b, visitDir, name))), name).toBe(true);
      }
    }
    const pdf = readFileSync(join(a, visitDirs(a)[0]!, 'factsheet.pdf'), 'latin1');
    expect(pdf).toContain('(D:20231114221320Z)');
    rmSync(a, { recursive: true, force: true });
    rmSync(b, { recursive: true, force: true });
  });
});
