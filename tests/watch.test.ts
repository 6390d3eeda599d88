/**
 * Watch mode: rebuilds what an edit affects and nothing else, keeps the last good outputs
 * through an invalid edit, and exits cleanly on Ctrl-C.
 */
import { spawn } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { formatDiagnostic } from '../src/diagnostics.js';
import type { DocKind } from '../src/docs.js';
import { BUNDLED_TEMPLATES } from '../src/render/templates.js';
import { type WatchEvent, watchBuild } from '../src/watch.js';
import { CLI, ROOT } from './helpers/cli.js';
import { flat, readPdf } from './helpers/pdf.js';

/**
 * File events the watcher is not to report, to play a watcher that misses a quick second save
 * (it folds changes within ~50 ms of the first). Empty but in the test that sets it.
 */
const unreported = new Set<string>();
vi.mock('chokidar', async (original) => {
  const chokidar = await original<typeof import('chokidar')>();
  const watch: typeof chokidar.watch = (paths, options) => {
    const watcher = chokidar.watch(paths, options);
    const on = watcher.on.bind(watcher);
    watcher.on = ((event: string, listener: (path: string) => void) =>
      on(event as 'change', (path: string) => {
        if (!unreported.has(path)) listener(path);
      })) as typeof watcher.on;
    return watcher;
  };
  return { ...chokidar, watch };
});

/** What to do right after the watcher has read a visit file, once (see the quick saves test). */
const afterRead = new Map<string, () => void>();
vi.mock('../src/load/index.js', async (original) => {
  const load = await original<typeof import('../src/load/index.js')>();
  const loadBatchFile: typeof load.loadBatchFile = (file, ...rest) => {
    const result = load.loadBatchFile(file, ...rest);
    const then = afterRead.get(file);
    afterRead.delete(file);
    then?.();
    return result;
  };
  return { ...load, loadBatchFile };
});

let dir: string;
let data: string;
let out: string;
let visit: string;
let closeWatcher: (() => Promise<void>) | undefined;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'briefing-watch-'));
  data = join(dir, 'data');
  out = join(dir, 'out');
  mkdirSync(data);
  visit = join(data, 'unseen-visit.yaml');
  copyFileSync(join(ROOT, 'tests/fixtures/unseen-visit.yaml'), visit);
});
afterEach(async () => {
  await closeWatcher?.();
  closeWatcher = undefined;
  rmSync(dir, { recursive: true, force: true });
});

/** Polls until `found` returns something, or fails after `ms`. */
async function waitFor<T>(found: () => T | undefined, ms = 20_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = found();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 20));
  }
}

const output = (doc: string) => join(out, 'unseen-visit', doc);
const rebuilt = (event: WatchEvent) =>
  event.outputs
    .filter((o) => !o.skipped)
    .map((o) => `${o.doc}.${o.format}`)
    .sort();
const ALL = ['chronology', 'factsheet', 'talking-points'].flatMap((d) => [`${d}.md`, `${d}.pdf`]);

/** Backdates every output, so that a rewrite shows in its mtime. */
function backdate(files: string[]): Record<string, number> {
  for (const f of files) utimesSync(output(f), 1_000_000, 1_000_000);
  return Object.fromEntries(files.map((f) => [f, statSync(output(f)).mtimeMs]));
}

async function startWatching(templates?: string, docs: DocKind[] = ['factsheet', 'chronology', 'talking-points']) {
  const events: WatchEvent[] = [];
  const watcher = await watchBuild([data], { out, formats: ['pdf', 'md'], docs, templates, debounceMs: 20 }, (e) =>
    events.push(e),
  );
  closeWatcher = () => watcher.close();
  return events;
}

it('rebuilds only the documents a visit edit affects, and keeps good outputs through an invalid edit', async () => {
  const events = await startWatching();
  expect(events).toHaveLength(1);
  expect(events[0]!.kind).toBe('built');
  expect(rebuilt(events[0]!)).toEqual(ALL);
  const before = backdate(ALL);

  writeFileSync(visit, readFileSync(visit, 'utf8').replace('value: "23 million"', 'value: "24 million"'));
  const edit = await waitFor(() => events[1]);
  expect(edit.kind).toBe('built');
  expect(edit.changed).toEqual([visit]);
  expect(rebuilt(edit)).toEqual(['factsheet.md', 'factsheet.pdf']);
  for (const f of ALL)
    f.startsWith('factsheet')
      ? expect(statSync(output(f)).mtimeMs).not.toBe(before[f])
      : expect(statSync(output(f)).mtimeMs).toBe(before[f]);
  expect(flat((await readPdf(output('factsheet.pdf'))).pages.join(' '))).toContain('24 million');

  const good = readFileSync(output('factsheet.pdf'));
  writeFileSync(visit, readFileSync(visit, 'utf8').replace('value: "24 million"', 'valeu: "25 million"'));
  const invalid = await waitFor(() => events[2]);
  expect(invalid.kind).toBe('failed');
  expect(invalid.outputs).toEqual([]);
  expect(invalid.diagnostics.map((d) => d.message).join('\n')).toMatch(/valeu/);
  expect(readFileSync(output('factsheet.pdf')).equals(good)).toBe(true);
  expect(readFileSync(output('factsheet.md'), 'utf8')).toContain('24 million');
});

it('builds the last of two quick saves, even when the watcher reports only the first', async () => {
  const events = await startWatching(undefined, ['factsheet']);
  const text = readFileSync(visit, 'utf8');
  // The second save lands just after the rebuild read the first, and is never reported (as a
  // watcher folds a change within ~50 ms of another): only comparing the file with what was
  // read finds it.
  afterRead.set(visit, () => {
    unreported.add(visit);
    writeFileSync(visit, text.replace('value: "23 million"', 'value: "320 million"'));
  });
  try {
    writeFileSync(visit, text.replace('value: "23 million"', 'value: "31 million"'));
    await waitFor(
      () => (readFileSync(output('factsheet.md'), 'utf8').includes('320 million') ? true : undefined),
      5_000,
    );
  } finally {
    unreported.clear();
    afterRead.clear();
  }
  expect(events.map((e) => e.kind)).toEqual(['built', 'built', 'built']);
  expect(events[2]!.changed).toEqual([visit]);
  expect(flat((await readPdf(output('factsheet.pdf'))).pages.join(' '))).toContain('320 million');
});

it('reports a failure to write as an error on its file, and goes on watching', async () => {
  const events = await startWatching(undefined, ['factsheet']);
  // The visit's output folder is now a file: no write into it can succeed.
  rmSync(join(out, 'unseen-visit'), { recursive: true });
  writeFileSync(join(out, 'unseen-visit'), 'in the way');
  const text = readFileSync(visit, 'utf8');
  writeFileSync(visit, text.replace('value: "23 million"', 'value: "41 million"'));
  const failed = await waitFor(() => events.find((e) => e.kind === 'failed'));
  expect(failed.diagnostics).toHaveLength(1);
  expect(failed.diagnostics.map(formatDiagnostic)).toEqual([`${output('factsheet.md')}: not a directory`]);

  rmSync(join(out, 'unseen-visit'));
  await new Promise((r) => setTimeout(r, 100));
  writeFileSync(visit, text.replace('value: "23 million"', 'value: "42 million"'));
  await waitFor(() =>
    existsSync(output('factsheet.md')) && readFileSync(output('factsheet.md'), 'utf8').includes('42 million')
      ? true
      : undefined,
  );
  expect(events.at(-1)!.kind).toBe('built');
});

it('rebuilds the documents that use an edited template, the book included', async () => {
  const templates = join(dir, 'templates');
  mkdirSync(templates);
  copyFileSync(join(BUNDLED_TEMPLATES, 'chronology.hbs'), join(templates, 'chronology.hbs'));
  const events = await startWatching(templates, ['factsheet', 'chronology', 'book']);
  expect(events[0]!.kind).toBe('built');
  const template = join(templates, 'chronology.hbs');
  writeFileSync(template, `${readFileSync(template, 'utf8')}\nEdited chronology footer.\n`);
  const edit = await waitFor(() => events[1]);
  expect(edit.kind).toBe('built');
  expect(rebuilt(edit)).toEqual(['book.md', 'book.pdf', 'chronology.md', 'chronology.pdf']);
  expect(readFileSync(output('book.md'), 'utf8')).toContain('Edited chronology footer.');
});

it('exits with code 0 on Ctrl-C', async () => {
  const child = spawn(process.execPath, [CLI, 'build', data, '-o', out, '--watch'], { cwd: ROOT });
  let stdout = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  await waitFor(() => (stdout.includes('watching') ? true : undefined));
  child.kill('SIGINT');
  expect(await exited).toEqual({ code: 0, signal: null });
  expect(stdout).toMatch(/6 of 6 outputs rebuilt/);
});

it('builds every visit once a template broken from the start is fixed, edits made meanwhile included', async () => {
  const templates = join(dir, 'templates');
  mkdirSync(templates);
  const chronology = join(templates, 'chronology.hbs');
  const good = readFileSync(join(BUNDLED_TEMPLATES, 'chronology.hbs'), 'utf8');
  writeFileSync(chronology, `${good}{{#if title}}\n`);
  const events = await startWatching(templates);
  expect(events[0]!.kind).toBe('failed');
  expect(existsSync(output('chronology.md'))).toBe(false);

  // A visit edit while the template is still broken: read now, built once the template is fixed.
  writeFileSync(visit, readFileSync(visit, 'utf8').replace('value: "23 million"', 'value: "25 million"'));
  await waitFor(() => events[1]);
  writeFileSync(chronology, good);
  const fixed = await waitFor(() => events.find((e, i) => i > 1 && e.kind === 'built'));
  expect(rebuilt(fixed)).toEqual(ALL);
  expect(readFileSync(output('factsheet.md'), 'utf8')).toContain('25 million');
});

it("refuses a second file with a visit id already taken, keeping the first one's outputs", async () => {
  const events = await startWatching(undefined, ['factsheet']);
  const original = readFileSync(output('factsheet.md'), 'utf8');
  const copy = join(data, 'zz-copy.yaml');
  writeFileSync(copy, `id: unseen-visit\n${readFileSync(visit, 'utf8').replace(/^title: .*$/m, 'title: An impostor')}`);
  const event = await waitFor(() => events[1]);
  expect(event.kind).toBe('failed');
  expect(event.diagnostics.map((d) => d.message)).toContainEqual(
    expect.stringMatching(/^id: duplicate visit id "unseen-visit" \(also .*unseen-visit\.yaml\)$/),
  );
  expect(readFileSync(output('factsheet.md'), 'utf8')).toBe(original);

  // Once the first file goes, the waiting one takes the id: built, and nothing is "removed".
  rmSync(visit);
  const taken = await waitFor(() => events.find((e, i) => i > 1 && e.kind === 'built'));
  expect(taken.removed).toEqual([]);
  expect(readFileSync(output('factsheet.md'), 'utf8')).toContain('An impostor');
});

it('keeps an invalid visit in place, and builds it on a template edit, whatever its errors say', async () => {
  const templates = join(dir, 'templates');
  mkdirSync(templates);
  copyFileSync(join(BUNDLED_TEMPLATES, 'factsheet.hbs'), join(templates, 'factsheet.hbs'));
  const events: WatchEvent[] = [];
  const options = { out, formats: ['md'] as const, docs: ['factsheet'] as const, templates, debounceMs: 20 };
  const watcher = await watchBuild([data], options, (e) => events.push(e));
  closeWatcher = () => watcher.close();
  // Invalid, with an error that quotes the words of a duplicate id: not refused for one.
  writeFileSync(visit, `duplicate visit id: "unseen-visit"\n${readFileSync(visit, 'utf8')}`);
  const invalid = await waitFor(() => events[1]);
  expect(invalid.kind).toBe('failed');
  expect(invalid.diagnostics.map((d) => d.message).join('\n')).toContain('duplicate visit id');
  writeFileSync(join(templates, 'factsheet.hbs'), `Edited.\n${readFileSync(join(templates, 'factsheet.hbs'), 'utf8')}`);
  const edited = await waitFor(() => events[2]);
  expect(edited.outputs.map((o) => o.path)).toEqual([output('factsheet.md')]);
  expect(readFileSync(output('factsheet.md'), 'utf8')).toMatch(/^Edited\./);
});

it('follows a visit file that sets its id through a rename, without calling the visit removed', async () => {
  writeFileSync(visit, `id: unseen-visit\n${readFileSync(visit, 'utf8')}`);
  const events = await startWatching(undefined, ['factsheet']);
  renameSync(visit, join(data, 'renamed.yaml'));
  writeFileSync(
    join(data, 'renamed.yaml'),
    readFileSync(join(data, 'renamed.yaml'), 'utf8').replace(/^title: .*$/m, 'title: Renamed'),
  );
  await waitFor(() => (readFileSync(output('factsheet.md'), 'utf8').includes('Renamed') ? true : undefined));
  expect(events.flatMap((e) => e.removed)).toEqual([]);
  expect(events.flatMap((e) => e.diagnostics)).toEqual([]);
});

it('keeps watching a file named on its own through quick safe saves (write beside, rename over)', async () => {
  const events: WatchEvent[] = [];
  const watcher = await watchBuild([visit], { out, formats: ['md'], docs: ['factsheet'], debounceMs: 20 }, (e) =>
    events.push(e),
  );
  closeWatcher = () => watcher.close();
  const saveAs = (title: string) => {
    writeFileSync(`${visit}.tmp`, readFileSync(visit, 'utf8').replace(/^title: .*$/m, `title: ${title}`));
    renameSync(`${visit}.tmp`, visit);
  };
  // Bursts of saves of varied length and pace, each followed by a pause, as an editor makes them.
  for (let round = 1; round <= 8; round++) {
    const saves = 2 + ((round * 5) % 11);
    for (let save = 1; save <= saves; save++) {
      saveAs(`Round ${round} save ${save}`);
      await new Promise((r) => setTimeout(r, (round * save * 13) % 80));
    }
    await waitFor(
      () =>
        readFileSync(output('factsheet.md'), 'utf8').includes(`Round ${round} save ${saves}\n`) ? true : undefined,
      10_000,
    );
  }
});
