/**
 * Incremental builds through the CLI: a rebuild with nothing changed typesets and rewrites
 * nothing; an edit to one talking point re-typesets only the talking points; --force and a
 * corrupt cache rebuild everything.
 */
import { spawnSync } from 'node:child_process';
import {
  copyFileSync,
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ROOT, runCli } from './helpers/cli.js';
import { flat, readPdf } from './helpers/pdf.js';

interface Summary {
  outputs: { path: string; doc: string; format: string; skipped: boolean; pages?: number; bytes: number; ms: number }[];
}

let dir: string;
let visit: string;
let out: string;

const build = (...extra: string[]): Summary => {
  const result = runCli(['build', visit, '-o', out, '--json', ...extra]);
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  return JSON.parse(result.stdout) as Summary;
};
const rebuilt = (summary: Summary) =>
  summary.outputs
    .filter((o) => !o.skipped)
    .map((o) => `${o.doc}.${o.format}`)
    .sort();
const OUTPUTS = ['chronology', 'factsheet', 'talking-points'].flatMap((d) => [`${d}.md`, `${d}.pdf`]);
const mtimes = () => Object.fromEntries(OUTPUTS.map((f) => [f, statSync(join(out, 'unseen-visit', f)).mtimeMs]));

/** Backdates every output, so that a rewrite shows in its mtime however fast the machine. */
function backdate(): void {
  for (const f of OUTPUTS) utimesSync(join(out, 'unseen-visit', f), 1_000_000, 1_000_000);
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'briefing-incremental-'));
  visit = join(dir, 'unseen-visit.yaml');
  out = join(dir, 'out');
  copyFileSync(join(ROOT, 'tests/fixtures/unseen-visit.yaml'), visit);
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('incremental build', () => {
  it('rebuilds nothing, and rewrites no file, when nothing changed', () => {
    expect(rebuilt(build())).toEqual(OUTPUTS);
    backdate();
    const before = mtimes();
    const second = build();
    expect(rebuilt(second)).toEqual([]);
    expect(second.outputs.find((o) => o.doc === 'factsheet' && o.format === 'pdf')).toMatchObject({
      pages: 1,
      skipped: true,
    });
    expect(mtimes()).toEqual(before);
  });

  it('re-typesets only the talking points after a talking point is edited', async () => {
    build();
    backdate();
    const before = mtimes();
    writeFileSync(
      visit,
      readFileSync(visit, 'utf8').replace(
        'Port automation cuts turnaround time.',
        'Port automation halves turnaround time.',
      ),
    );
    expect(rebuilt(build())).toEqual(['talking-points.md', 'talking-points.pdf']);
    const after = mtimes();
    for (const f of OUTPUTS)
      f.startsWith('talking-points') ? expect(after[f]).not.toBe(before[f]) : expect(after[f]).toBe(before[f]);
    const pdf = await readPdf(join(out, 'unseen-visit', 'talking-points.pdf'));
    expect(flat(pdf.pages.join(' '))).toContain('Port automation halves turnaround time.');
  });

  it('typesets and rewrites everything with --force', () => {
    build();
    backdate();
    const before = mtimes();
    expect(rebuilt(build('--force'))).toEqual(OUTPUTS);
    const after = mtimes();
    for (const f of OUTPUTS) expect(after[f]).not.toBe(before[f]);
  });

  it("reports a visit file's warnings again when its outputs are up to date", () => {
    writeFileSync(visit, readFileSync(visit, 'utf8').replace(/(value: "23 million")\n\s*source: kmi/, '$1'));
    const first = runCli(['build', visit, '-o', out]);
    const second = runCli(['build', visit, '-o', out]);
    expect(first.stderr).toMatch(/warning: .*no source/);
    expect(second.stderr).toBe(first.stderr);
    expect(second.stdout).not.toMatch(/^wrote/m);
    // The last line sums the build up.
    expect(first.stdout).toMatch(/\n6 outputs of 1 visit: 6 written, 0 unchanged, in \d+\.\d s\n$/);
    expect(second.stdout).toMatch(/\n6 outputs of 1 visit: 0 written, 6 unchanged, in \d+\.\d s\n$/);
    const json = JSON.parse(runCli(['build', visit, '-o', out, '--json']).stdout) as {
      warnings: string[];
      errors: string[];
    };
    expect(json.errors).toEqual([]);
    expect(json.warnings.join('\n')).toBe(first.stderr.trim());
  });

  it('names a visit file in replayed warnings as this build was given it', () => {
    writeFileSync(visit, readFileSync(visit, 'utf8').replace(/(value: "23 million")\n\s*source: kmi/, '$1'));
    const first = runCli(['build', 'unseen-visit.yaml', '-o', 'out'], { cwd: dir });
    const second = runCli(['build', join('..', 'unseen-visit.yaml'), '-o', out], { cwd: join(dir, 'out') });
    expect(first.stderr).toMatch(/^unseen-visit\.yaml:\d+:\d+: warning: /m);
    expect(second.stderr).toBe(first.stderr.replaceAll('unseen-visit.yaml:', `${join('..', 'unseen-visit.yaml')}:`));
    expect(second.stdout).not.toMatch(/^wrote/m);
  });

  it('rebuilds from a hand-edited cache: a wrong shape is no cache, a forgotten output is made again', () => {
    build();
    const cacheFile = join(out, '.briefing-cache.json');
    const cache = JSON.parse(readFileSync(cacheFile, 'utf8'));
    const visits = (entry: object) =>
      JSON.stringify({ ...cache, visits: { 'unseen-visit': { ...cache.visits['unseen-visit'], ...entry } } });
    writeFileSync(cacheFile, visits({ outputs: 'factsheet.pdf' }));
    expect(rebuilt(build())).toEqual([]);
    writeFileSync(cacheFile, visits({ key: 7 }));
    expect(rebuilt(build())).toEqual([]); // a cold build: the same bytes, not rewritten
    writeFileSync(
      cacheFile,
      JSON.stringify({ ...cache, entries: { ...cache.entries, 'unseen-visit/chronology.pdf': undefined } }),
    );
    rmSync(join(out, 'unseen-visit', 'chronology.pdf'));
    expect(rebuilt(build())).toEqual(['chronology.pdf']);
  });

  it('treats a corrupt cache as no cache, and a tampered output as stale', () => {
    build();
    const good = readFileSync(join(out, 'unseen-visit', 'factsheet.pdf'));
    writeFileSync(join(out, '.briefing-cache.json'), '{ not json');
    expect(rebuilt(build())).toEqual([]); // typeset again, but the same bytes are not rewritten
    writeFileSync(join(out, 'unseen-visit', 'factsheet.pdf'), 'damaged');
    expect(rebuilt(build())).toEqual(['factsheet.pdf']);
    expect(readFileSync(join(out, 'unseen-visit', 'factsheet.pdf')).equals(good)).toBe(true);
  });
});

describe('installed packages', () => {
  /**
   * The command installed in a project of its own, its packages linked to this checkout's but for
   * pdfmake, whose files are linked one by one beside a package.json of its own, to edit.
   */
  function project(): { cli: string; pdfmakePackage: string } {
    const root = join(dir, 'project');
    for (const part of ['dist', 'templates', 'package.json'])
      cpSync(join(ROOT, part), join(root, part), { recursive: true });
    const modules = join(ROOT, 'node_modules');
    mkdirSync(join(root, 'node_modules', 'pdfmake'), { recursive: true });
    for (const name of readdirSync(modules).filter((n) => !n.startsWith('.') && n !== 'pdfmake'))
      symlinkSync(join(modules, name), join(root, 'node_modules', name));
    for (const name of readdirSync(join(modules, 'pdfmake')).filter((n) => n !== 'package.json'))
      symlinkSync(join(modules, 'pdfmake', name), join(root, 'node_modules', 'pdfmake', name));
    const pdfmakePackage = join(root, 'node_modules', 'pdfmake', 'package.json');
    copyFileSync(join(modules, 'pdfmake', 'package.json'), pdfmakePackage);
    return { cli: join(root, 'dist', 'cli.js'), pdfmakePackage };
  }

  it('re-typesets every PDF when a package that shapes them is another version, and nothing on the next build', () => {
    const { cli, pdfmakePackage } = project();
    const typeset = () => {
      const result = spawnSync(process.execPath, [cli, 'build', visit, '-o', out, '--json'], { encoding: 'utf8' });
      expect(result.stderr).toBe('');
      const summary = JSON.parse(result.stdout) as Summary;
      return summary.outputs.filter((o) => o.format === 'pdf' && o.ms > 0).map((o) => o.doc);
    };
    const PDFS = ['factsheet', 'chronology', 'talking-points'];
    expect(typeset().sort()).toEqual([...PDFS].sort());
    expect(typeset()).toEqual([]);
    const pdfmake = JSON.parse(readFileSync(pdfmakePackage, 'utf8')) as { version: string };
    writeFileSync(pdfmakePackage, JSON.stringify({ ...pdfmake, version: `${pdfmake.version}-patched` }));
    expect(typeset().sort()).toEqual([...PDFS].sort());
    expect(typeset()).toEqual([]);
  });
});
