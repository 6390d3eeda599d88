/**
 * Releasing revisions through the CLI: numbers that count up, the revision and its date in
 * the page furniture (read back from the PDF), "draft after" once the data is edited, an invalid
 * visit refused with nothing recorded, a release killed half-way, damaged histories, renamed
 * files and two visits in one folder.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { lastRelease } from '../src/revisions/history.js';
import { CLI, type RunResult } from './helpers/cli.js';
import { flat, readPdf } from './helpers/pdf.js';

/** 3 November 2017, 00:00 UTC: the release date every test records. */
const EPOCH = '1509667200';
const env = { SOURCE_DATE_EPOCH: EPOCH };

/** A small visit in one script: quick to typeset, as these tests build many times. */
const VISIT = `title: Visit of Minister Ana Silva to Busan
marking: restricted
prepared: 2024-05-02
visit:
  visitor: { name: Ana Silva, title: Minister of Oceans }
  host: { country: Republic of Korea, city: Busan }
  start: 2024-05-10
facts:
  - section: Trade
    items:
      - { label: Partner since, value: "1961", source: mof-2024 }
sources:
  - { id: mof-2024, title: Bilateral relations }
`;

let dir: string;
let visit: string;
let out: string;

const releases = (id = 'unseen-visit', folder = dir) => join(folder, '.briefing', 'releases', id);
const historyOf = (id = 'unseen-visit', folder = dir) =>
  JSON.parse(readFileSync(join(releases(id, folder), 'history.json'), 'utf8')) as {
    visit: string;
    releases: { revision: number; released: string; file: string; snapshot: string; sha256: string }[];
  };
/**
 * The CLI in a child process, awaited: vitest's worker stays free to talk to its main thread
 * while the many builds of these tests run (spawnSync would hold it for their whole length).
 */
function run(args: string[]): Promise<RunResult> {
  const child = spawn(process.execPath, [CLI, ...args], { env: { ...process.env, ...env } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((done) => child.once('close', (code) => done({ code: code ?? -1, stdout, stderr })));
}
const release = (...args: string[]) => run(['release', ...args, '-o', out, '-d', 'factsheet']);
const build = (...args: string[]) => run(['build', ...args, '-o', out, '-d', 'factsheet']);
/** The footer's text of the fact sheet's first page. */
const furniture = async (id = 'unseen-visit') => {
  const pdf = await readPdf(join(out, id, 'factsheet.pdf'));
  return flat(pdf.lines[0]!.slice(-3).join(' '));
};
const edit = (file = visit) =>
  writeFileSync(file, readFileSync(file, 'utf8').replace(/^title: (.*)$/m, 'title: $1 (revised)'));

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'briefing-release-'));
  visit = join(dir, 'unseen-visit.yaml');
  out = join(dir, 'out');
  writeFileSync(visit, VISIT);
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('briefing release', () => {
  it('numbers releases 1, 2, 3 and prints the revision, or draft after it, in the furniture', async () => {
    const first = await release(visit);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('unseen-visit: released revision 1 (3 November 2017)');
    expect(await furniture()).toContain('Revision 1 · 3 November 2017');
    expect(readFileSync(join(releases(), 'r1.yaml'))).toEqual(readFileSync(visit));

    // Built again unchanged: still revision 1, nothing re-typeset.
    const again = await build(visit, '--json');
    expect(again.code).toBe(0);
    expect((JSON.parse(again.stdout) as { outputs: { skipped: boolean }[] }).outputs.every((o) => o.skipped)).toBe(
      true,
    );

    edit();
    expect((await build(visit)).code).toBe(0);
    expect(await furniture()).toContain('Draft after revision 1');
    expect(await furniture()).not.toContain('Revision 1 ·');

    const second = await release(visit);
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('released revision 2');
    expect(await furniture()).toContain('Revision 2 · 3 November 2017');
    edit();
    expect((await release(visit)).stdout).toContain('released revision 3');
    expect(historyOf().releases.map((r) => r.revision)).toEqual([1, 2, 3]);
    expect(readdirSync(releases()).sort()).toEqual(['history.json', 'r1.yaml', 'r2.yaml', 'r3.yaml']);
    expect(lastRelease(visit, 'unseen-visit')?.revision).toBe(3);
    expect(lastRelease(visit, 'unseen-visit')?.visit.title).toMatch(/\(revised\) \(revised\)$/);
  });

  it('does not release unchanged data again, and counts a comment-only edit as unchanged', async () => {
    expect((await release(visit)).code).toBe(0);
    writeFileSync(visit, `# a comment\n${readFileSync(visit, 'utf8')}`);
    const again = await release(visit);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('unseen-visit: unchanged since revision 1 (3 November 2017); not released again');
    expect(historyOf().releases).toHaveLength(1);
    expect(await furniture()).toContain('Revision 1 · 3 November 2017');
    const json = await release(visit, '--json');
    expect(JSON.parse(json.stdout)).toMatchObject({
      released: [],
      unchanged: [{ visit: 'unseen-visit', revision: 1, released: '2017-11-03' }],
      refused: false,
      errors: [],
    });
  });

  it('refuses to release an invalid visit, or a set holding one, and records nothing', async () => {
    const other = join(dir, 'other.yaml');
    writeFileSync(other, readFileSync(visit, 'utf8').replace(/^visit:/m, 'visit_:'));
    const refused = await release(visit, other);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/other\.yaml:\d+:\d+: /);
    expect(refused.stderr).toContain('release refused (errors above); nothing was recorded');
    expect(existsSync(join(dir, '.briefing'))).toBe(false);
    expect(existsSync(out)).toBe(false);
  });

  it('keeps the history of a renamed file with the same id, and two visits in one folder apart', async () => {
    writeFileSync(visit, `id: silva-busan\n${readFileSync(visit, 'utf8')}`);
    const second = join(dir, 'second.yaml');
    writeFileSync(second, readFileSync(visit, 'utf8').replace('id: silva-busan', 'id: second-visit'));
    expect((await release(dir)).code).toBe(0);
    edit(second);
    expect((await release(dir)).stdout).toContain('second-visit: released revision 2');
    expect(historyOf('silva-busan').releases).toHaveLength(1);
    expect(historyOf('second-visit').releases).toHaveLength(2);

    const renamed = join(dir, 'silva-renamed.yaml');
    renameSync(visit, renamed);
    expect((await build(renamed)).code).toBe(0);
    expect(await furniture('silva-busan')).toContain('Revision 1 · 3 November 2017');
    edit(renamed);
    const third = await release(renamed);
    expect(third.stdout).toContain('silva-busan: released revision 2');
    expect(historyOf('silva-busan').releases.map((r) => [r.file, r.snapshot])).toEqual([
      ['unseen-visit.yaml', 'r1.yaml'],
      ['silva-renamed.yaml', 'r2.yaml'],
    ]);
  });

  it('rebuilds when the history changes under a cached build (deleted, restored)', async () => {
    expect((await release(visit)).code).toBe(0);
    // Recorded as loaded with its history: the next build would not even parse the file.
    expect((await build(visit)).code).toBe(0);
    const saved = ['history.json', 'r1.yaml'].map((name) => [name, readFileSync(join(releases(), name))] as const);
    rmSync(join(dir, '.briefing'), { recursive: true });
    expect((await build(visit)).code).toBe(0);
    expect(await furniture()).not.toMatch(/Revision|Draft/);
    // Restored, as a checkout would.
    mkdirSync(releases(), { recursive: true });
    for (const [name, bytes] of saved) writeFileSync(join(releases(), name), bytes);
    expect((await build(visit)).code).toBe(0);
    expect(await furniture()).toContain('Revision 1 · 3 November 2017');
  });
});

/** Runs a release that stops at `step` (a test-only pause) and kills it there. */
async function killedAt(step: string): Promise<void> {
  await kill(await pausedAt(step));
}

/** A release stopped at `step` (a test-only pause), still running. */
async function pausedAt(step: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, [CLI, 'release', visit, '-o', out, '-d', 'factsheet'], {
    env: { ...process.env, ...env, BRIEFING_TEST_PAUSE: step },
  });
  await new Promise<void>((paused, failed) => {
    let said = '';
    child.stderr.on('data', (chunk: Buffer) => {
      said += chunk.toString();
      if (said.includes(`test pause at ${step}`)) paused();
    });
    child.once('exit', () => failed(new Error(`release ended before ${step}: ${said}`)));
  });
  return child;
}

async function kill(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return; // finished before the kill
  const exited = new Promise((done) => child.once('exit', done));
  child.kill('SIGKILL');
  await exited;
}

describe('a release killed half-way', () => {
  for (const step of ['after-build', 'after-snapshot']) {
    it(`${step}: leaves the previous release intact; the next release overwrites the stray snapshot`, async () => {
      expect((await release(visit)).code).toBe(0);
      const before = readFileSync(join(releases(), 'history.json'));
      edit();
      await killedAt(step);
      expect(readFileSync(join(releases(), 'history.json'))).toEqual(before);
      expect(existsSync(join(releases(), 'r2.yaml'))).toBe(step === 'after-snapshot');
      // The outputs said revision 2 when it was killed; a build tells the truth again.
      expect((await build(visit)).code).toBe(0);
      expect(await furniture()).toContain('Draft after revision 1');
      edit();
      const next = await release(visit);
      expect(next.stderr).toBe('');
      expect(next.stdout).toContain('released revision 2');
      expect(readFileSync(join(releases(), 'r2.yaml'))).toEqual(readFileSync(visit));
      expect(lastRelease(visit, 'unseen-visit')?.visit.title).toMatch(/\(revised\) \(revised\)$/);
    });
  }

  it('while another release of the visit is recording, refuses to record, naming it', async () => {
    expect((await release(visit)).code).toBe(0);
    edit();
    const first = await pausedAt('after-snapshot');
    const second = await release(visit);
    expect(second.code).toBe(1);
    expect(second.stderr).toContain(
      `another release of this visit is recording (process ${first.pid}); revision 2 of unseen-visit was not recorded`,
    );
    await kill(first);
    expect(historyOf().releases).toHaveLength(1);
    // The lock the killed release left is taken over.
    expect((await release(visit)).stdout).toContain('released revision 2');
  });

  it('at any moment: the history is always the old one or the new one, and readable', async () => {
    expect((await release(visit)).code).toBe(0);
    let killedMidway = 0;
    // Spread over a release (a few seconds here): loading, typesetting, writing, recording.
    for (const delay of [300, 1200, 2500, 4000]) {
      edit();
      const child = spawn(process.execPath, [CLI, 'release', visit, '-o', out, '-d', 'factsheet'], {
        env: { ...process.env, ...env },
      });
      await new Promise((wait) => setTimeout(wait, delay));
      await kill(child);
      killedMidway += child.signalCode === 'SIGKILL' ? 1 : 0;
      const history = historyOf();
      const latest = history.releases.at(-1)!;
      expect(history.releases.map((r) => r.revision)).toEqual(history.releases.map((_, i) => i + 1));
      expect(readFileSync(join(releases(), latest.snapshot)).length).toBeGreaterThan(0);
      // Read and checked as a build reads it: snapshots present, sha256 matching, no gap.
      expect(lastRelease(visit, 'unseen-visit')?.revision).toBe(latest.revision);
    }
    expect(killedMidway).toBeGreaterThan(0);
  }, 180_000);
});

describe('a damaged release history', () => {
  const damage = (change: (text: string) => string) => {
    const file = join(releases(), 'history.json');
    writeFileSync(file, change(readFileSync(file, 'utf8')));
  };
  const RECOVERY =
    /restore it from version control \(git checkout\), or delete the folder .*\.briefing\/releases\/unseen-visit to start the history again/;

  beforeEach(async () => {
    expect((await release(visit)).code).toBe(0);
    edit();
    expect((await release(visit)).code).toBe(0);
  });

  const cases: [string, () => void, RegExp][] = [
    [
      'bad JSON',
      () => damage((t) => t.replace('"releases": [', '"releases": [,')),
      /history\.json:4:\d+: release history: JSON syntax/,
    ],
    [
      'an unknown field',
      () => damage((t) => t.replace('"revision": 2,', '"revision": 2,\n      "approved": true,')),
      /history\.json:\d+:\d+: releases\.1\.approved: unknown field "approved"/,
    ],
    [
      'a revision gap',
      () => damage((t) => t.replace('"revision": 2,', '"revision": 3,')),
      /history\.json:\d+:\d+: releases\.1\.revision: expected revision 2 here/,
    ],
    [
      'a missing snapshot',
      () => unlinkSync(join(releases(), 'r1.yaml')),
      /history\.json:\d+:\d+: releases\.0\.snapshot: the snapshot .*r1\.yaml of revision 1 is missing/,
    ],
    [
      'a snapshot edited by hand',
      () => writeFileSync(join(releases(), 'r2.yaml'), `${readFileSync(join(releases(), 'r2.yaml'), 'utf8')}#\n`),
      /r2\.yaml:1:1: the snapshot of revision 2 is not the one released: its sha256 differs/,
    ],
    ['an empty file', () => damage(() => ''), /history\.json:1:1: release history: file is empty/],
  ];
  for (const [what, doDamage, message] of cases) {
    it(`${what}: an error naming the file, saying how to recover; exit 1, no crash`, async () => {
      doDamage();
      for (const result of [await build(visit), await release(visit), await run(['check', visit])]) {
        expect(result.code).toBe(1);
        expect(result.stderr).toMatch(message);
        expect(result.stderr).toMatch(RECOVERY);
        expect(result.stderr).not.toMatch(/internal error|\n\s+at /);
      }
      // Nothing was recorded over the damage.
      expect(existsSync(join(releases(), 'r3.yaml'))).toBe(false);
    });
  }
});
