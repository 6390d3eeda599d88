/**
 * Nothing lost: a bad file does not stop the batch nor touch its own earlier outputs, and a
 * build killed mid-way leaves every output either the old file or the new one, never partial.
 */
import { spawn } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CLI, runCli } from './helpers/cli.js';
import { readPdf } from './helpers/pdf.js';

const dir = mkdtempSync(join(tmpdir(), 'briefing-nothing-lost-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const env = { SOURCE_DATE_EPOCH: '1509408000' };

function visitFile(title: string, rows: number): string {
  const chronology = Array.from(
    { length: rows },
    (_, i) =>
      `  - date: ${1900 + i}\n    event: Event ${i}, with *some* words to fill a line of the table.\n    source: s\n`,
  ).join('');
  return `title: ${title}
visit:
  visitor: {name: Ana Silva}
  host: {country: Korea}
  start: 2017-10-31
facts:
  - section: Figures
    items:
      - {label: Trade, value: "3", source: s}
talking_points:
  - topic: Trade
    points:
      - {text: Grows., source: s}
chronology:
${chronology}sources:
  - {id: s, title: Report}
`;
}

/** Every file under a folder (relative path → bytes), temp and cache files aside. */
function outputs(folder: string): Map<string, Buffer> {
  const found = new Map<string, Buffer>();
  for (const entry of readdirSync(folder, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    found.set(path.slice(folder.length + 1), readFileSync(path));
  }
  return found;
}

const visible = (files: Map<string, Buffer>) =>
  [...files.keys()].filter((p) => !p.split('/').some((s) => s.startsWith('.'))).sort();

describe('one bad file in a batch', () => {
  it('is reported, the others are built, and its earlier outputs stay byte-identical', () => {
    const input = join(dir, 'batch');
    const out = join(dir, 'batch-out');
    mkdirSync(input);
    writeFileSync(join(input, 'good.yaml'), visitFile('Good visit, first draft', 3));
    writeFileSync(join(input, 'bad.yaml'), visitFile('Bad visit, first draft', 3));
    expect(runCli(['build', input, '-o', out], { env }).code).toBe(0);
    const before = outputs(out);

    writeFileSync(join(input, 'good.yaml'), visitFile('Good visit, second draft', 3));
    writeFileSync(
      join(input, 'bad.yaml'),
      visitFile('Bad visit, second draft', 3).replace('start: 2017-10-31', 'start: 2017-02-30'),
    );
    const result = runCli(['build', input, '-o', out], { env });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      `${join(input, 'bad.yaml')}:5:10: visit.start: expected a real date YYYY-MM-DD, got "2017-02-30"\n`,
    );

    const after = outputs(out);
    const bad = visible(before).filter((p) => p.startsWith('bad/'));
    const good = visible(before).filter((p) => p.startsWith('good/'));
    expect(bad).toHaveLength(6);
    for (const path of bad) expect(after.get(path)!.equals(before.get(path)!), path).toBe(true);
    for (const path of good) expect(after.get(path)!.equals(before.get(path)!), path).toBe(false);
    expect(after.get('good/factsheet.md')!.toString()).toContain('Good visit, second draft');
  });
});

describe('a build killed with SIGKILL', () => {
  const VISITS = 3;
  const input = join(dir, 'kill');
  const out = join(dir, 'kill-out');
  const write = (version: string) => {
    for (let v = 0; v < VISITS; v++)
      writeFileSync(join(input, `visit-${v}.yaml`), visitFile(`Visit ${v}, version ${version}`, 40));
  };

  /** True once the build has begun writing: a temporary file, or an output that changed. */
  const writing = (mtimes: Map<string, number>) =>
    readdirSync(out, { recursive: true }).some((p) => String(p).endsWith('.tmp')) ||
    [...mtimes].some(([path, mtime]) => statSync(join(out, path)).mtimeMs !== mtime);

  /**
   * Starts a build and kills it: `delay` ms after it starts writing (polled every 1 ms), or,
   * for a negative delay, that long after it starts. Resolves with how the process ended.
   */
  function killedBuild(delay: number, names: string[]): Promise<string> {
    const mtimes = new Map(names.map((n) => [n, statSync(join(out, n)).mtimeMs]));
    return new Promise((resolve) => {
      const child = spawn(process.execPath, [CLI, 'build', input, '-o', out, '-q'], {
        env: { ...process.env, ...env },
        stdio: 'ignore',
      });
      const kill = () => child.kill('SIGKILL');
      const poll = setInterval(() => {
        if (delay >= 0 && writing(mtimes)) {
          clearInterval(poll);
          setTimeout(kill, delay);
        }
      }, 1);
      if (delay < 0) setTimeout(kill, -delay);
      child.on('exit', (code, signal) => {
        clearInterval(poll);
        resolve(signal ?? String(code));
      });
    });
  }

  it('leaves each output the old file or the new one, never a partial one', async () => {
    mkdirSync(input);
    write('A');
    expect(runCli(['build', input, '-o', out, '-q'], { env }).code).toBe(0);
    const old = outputs(out);
    write('B');
    cpSync(input, join(dir, 'kill-b'), { recursive: true });
    expect(runCli(['build', join(dir, 'kill-b'), '-o', join(dir, 'kill-ref'), '-q'], { env }).code).toBe(0);
    const fresh = outputs(join(dir, 'kill-ref'));
    const names = visible(old);
    expect(names).toHaveLength(VISITS * 6);
    expect(visible(fresh)).toEqual(names);

    const endings: string[] = [];
    const mixes: string[] = [];
    for (const delay of [-200, 0, 0, 1, 3]) {
      endings.push(await killedBuild(delay, names));
      const now = outputs(out);
      expect(visible(now)).toEqual(names);
      let newer = 0;
      for (const name of names) {
        const bytes = now.get(name)!;
        const isOld = bytes.equals(old.get(name)!);
        const isNew = bytes.equals(fresh.get(name)!);
        expect(isOld || isNew, `${name} after a kill (delay ${delay} ms)`).toBe(true);
        if (isNew) newer++;
        if (name.endsWith('.pdf')) expect((await readPdf(bytes)).pages.length).toBeGreaterThan(0);
      }
      mixes.push(`${delay} ms: ${newer}/${names.length} new`);
    }
    // Not a check of timing, but a record of what the kills hit.
    console.log(`killed builds: ${endings.join(', ')}; ${mixes.join('; ')}`);
    expect(endings).toContain('SIGKILL');

    // A full build afterwards completes the job, and removes what killed builds left half-written
    // (here also one planted by a process that no longer exists).
    const stale = join(out, 'visit-0', `.factsheet.pdf.${2 ** 22 + 1}.tmp`);
    writeFileSync(stale, '%PDF-1.3 half');
    writeFileSync(join(input, 'visit-0.yaml'), visitFile('Visit 0, version C', 40));
    expect(runCli(['build', input, '-o', out, '-q'], { env }).code).toBe(0);
    expect(existsSync(stale)).toBe(false);
    write('B');
    expect(runCli(['build', input, '-o', out, '-q'], { env }).code).toBe(0);
    const final = outputs(out);
    for (const name of names) expect(final.get(name)!.equals(fresh.get(name)!), name).toBe(true);
    expect(visible(final)).toEqual(names);
    expect(readdirSync(out, { recursive: true }).filter((p) => String(p).endsWith('.tmp'))).toEqual([]);
  }, 120_000);
});
