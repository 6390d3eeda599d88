/**
 * Images through the build: a bad image makes its visit invalid (exit 1, its outputs as they
 * were, the other visits built); an unchanged rebuild neither parses nor scales; an edited,
 * removed or restored photo is noticed even though the visit file is the same; watch mode
 * rebuilds the visit whose photo was saved.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { buildFiles } from '../src/build.js';
import { CACHE_FILE } from '../src/cache.js';
import { ImageCache } from '../src/images/cache.js';
import { type WatchEvent, watchBuild } from '../src/watch.js';
import { runCli } from './helpers/cli.js';
import { cameraJpeg, emblemPng } from './helpers/images.js';

let dir: string;
let data: string;
let out: string;
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'briefing-images-build-'));
  data = join(dir, 'data');
  out = join(dir, 'out');
  mkdirSync(join(data, 'photos'), { recursive: true });
  writeFileSync(join(data, 'photos/jens.jpg'), await cameraJpeg(1200, 1600, 1, 1));
  writeFileSync(join(data, 'photos/kang.jpg'), await cameraJpeg(1200, 1600, 1, 2));
  writeFileSync(join(data, 'emblem.png'), await emblemPng(400, true));
  writeVisit('alpha', 'photos/jens.jpg');
  writeVisit('beta', 'photos/kang.jpg');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function writeVisit(id: string, photo: string) {
  writeFileSync(
    join(data, `${id}.yaml`),
    [
      `id: ${id}`,
      'title: A visit',
      'emblem: emblem.png',
      'visit:',
      '  visitor:',
      '    name: Jens Stoltenberg',
      `    photo: ${photo}`,
      '  host:',
      '    country: Republic of Korea',
      '  start: 2017-10-31',
      '',
    ].join('\n'),
  );
}

const outputsOf = (id: string) =>
  ['factsheet.md', 'factsheet.pdf'].map((name) => readFileSync(join(out, id, name)).toString('base64'));

it('a bad photo makes its visit invalid: exit 1, at its place, its outputs untouched, the others built', () => {
  const args = ['build', data, '-o', out, '-d', 'factsheet', '-f', 'md,pdf'];
  expect(runCli(args).code).toBe(0);
  const before = outputsOf('beta');
  const mtime = statSync(join(out, 'beta/factsheet.pdf')).mtimeMs;
  // The visit file is the same: only its photo is cut short.
  const photo = readFileSync(join(data, 'photos/kang.jpg'));
  writeFileSync(join(data, 'photos/kang.jpg'), photo.subarray(0, photo.length >> 1));
  writeVisit('alpha', 'photos/jens-new.jpg'); // a second visit, also changed, but good
  writeFileSync(join(data, 'photos/jens-new.jpg'), photo);
  const run = runCli(args);
  expect(run.code).toBe(1);
  expect(run.stderr).toContain(
    `${join(data, 'beta.yaml')}:7:12: visit.visitor.photo: "photos/kang.jpg" is cut short (truncated) and cannot be read as an image`,
  );
  expect(run.stdout).toMatch(/alpha\/factsheet\.md/);
  expect(outputsOf('beta')).toEqual(before);
  expect(statSync(join(out, 'beta/factsheet.pdf')).mtimeMs).toBe(mtime);
  // Put right, it builds again.
  writeFileSync(join(data, 'photos/kang.jpg'), photo);
  expect(runCli(args).code).toBe(0);
});

it('an unchanged rebuild neither parses nor scales; an edited or removed photo is noticed', async () => {
  const files = [join(data, 'alpha.yaml'), join(data, 'beta.yaml')];
  const build = async () => {
    const images = new ImageCache(out);
    const report = await buildFiles(files, { out, formats: ['md'], docs: ['factsheet'], images });
    return { report, scaled: images.scaledCount };
  };
  const visitKeys = () =>
    JSON.parse(readFileSync(join(out, CACHE_FILE), 'utf8')).visits as Record<string, { key: string }>;
  const first = await build();
  expect(first.scaled).toBe(3);
  const keys = visitKeys();

  const same = await build();
  expect(same.scaled).toBe(0);
  // Found fresh without loading the visit files: nothing rendered (rendering takes time).
  expect(same.report.outputs.map((o) => [o.visit, o.skipped, o.ms])).toEqual([
    ['alpha', true, 0],
    ['beta', true, 0],
  ]);

  writeFileSync(join(data, 'photos/kang.jpg'), await cameraJpeg(1200, 1600, 1, 3));
  const edited = await build();
  expect(edited.scaled).toBe(1);
  expect(edited.report.outputs.find((o) => o.visit === 'beta')!.ms).toBeGreaterThan(0);
  expect(edited.report.outputs.find((o) => o.visit === 'alpha')!.ms).toBe(0);
  expect(visitKeys().beta!.key).not.toBe(keys.beta!.key);
  expect(visitKeys().alpha!.key).toBe(keys.alpha!.key);

  rmSync(join(data, 'photos/kang.jpg'));
  const removed = await build();
  expect(removed.report.diagnostics.map((d) => d.message)).toEqual([
    'visit.visitor.photo: no such file "photos/kang.jpg"; paths are relative to the visit file\'s folder',
  ]);
});

it('watch mode rebuilds the visit whose photo was saved', async () => {
  const events: WatchEvent[] = [];
  const watcher = await watchBuild([data], { out, formats: ['md'], docs: ['factsheet'], debounceMs: 20 }, (e) =>
    events.push(e),
  );
  try {
    expect(events[0]!.kind).toBe('built');
    writeFileSync(join(data, 'photos/kang.jpg'), await cameraJpeg(1200, 1600, 1, 4));
    const deadline = Date.now() + 20_000;
    while (events.length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    const edit = events[1]!;
    expect(edit.kind).toBe('built');
    expect(edit.changed).toEqual([join(data, 'photos/kang.jpg')]);
    expect(Object.keys(edit.titles)).toEqual(['beta']);
    // Cut short, the photo is refused, and the outputs stay.
    const good = readFileSync(join(out, 'beta/factsheet.md'));
    writeFileSync(join(data, 'photos/kang.jpg'), Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16]));
    while (events.length < 3 && Date.now() < deadline + 20_000) await new Promise((r) => setTimeout(r, 20));
    expect(events[2]!.kind).toBe('failed');
    expect(events[2]!.diagnostics.map((d) => d.message).join('\n')).toMatch(/visit\.visitor\.photo: .*cannot be read/);
    expect(readFileSync(join(out, 'beta/factsheet.md')).equals(good)).toBe(true);
  } finally {
    await watcher.close();
  }
});

it('watch mode builds a visit refused for a missing photo once the photo is saved', async () => {
  rmSync(join(data, 'photos/kang.jpg'));
  const events: WatchEvent[] = [];
  const watcher = await watchBuild([data], { out, formats: ['md'], docs: ['factsheet'], debounceMs: 20 }, (e) =>
    events.push(e),
  );
  try {
    expect(events[0]!.kind).toBe('failed');
    expect(events[0]!.diagnostics.map((d) => d.message)).toEqual([
      'visit.visitor.photo: no such file "photos/kang.jpg"; paths are relative to the visit file\'s folder',
    ]);
    writeFileSync(join(data, 'photos/kang.jpg'), await cameraJpeg(1200, 1600, 1, 5));
    const deadline = Date.now() + 20_000;
    while (events.length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(events[1]!.kind).toBe('built');
    expect(Object.keys(events[1]!.titles)).toEqual(['beta']);
    expect(readFileSync(join(out, 'beta/factsheet.md'), 'utf8')).toContain('# ');
  } finally {
    await watcher.close();
  }
});

it('an edited template image rebuilds every visit, though no visit file changed', async () => {
  const templates = join(dir, 'templates');
  mkdirSync(templates);
  writeFileSync(join(templates, 'factsheet.hbs'), '![Our logo](logo.png)\n\n# {{doc.title}}\n');
  writeFileSync(join(templates, 'logo.png'), await emblemPng(300, true));
  const files = [join(data, 'alpha.yaml'), join(data, 'beta.yaml')];
  const build = () => buildFiles(files, { out, formats: ['md'], docs: ['factsheet'], templates });
  expect((await build()).diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  expect((await build()).outputs.map((o) => o.ms)).toEqual([0, 0]);
  writeFileSync(join(templates, 'logo.png'), await emblemPng(310, true));
  expect((await build()).outputs.every((o) => o.ms > 0)).toBe(true);
  writeFileSync(join(templates, 'logo.png'), 'not an image');
  const broken = await build();
  expect(broken.diagnostics.map((d) => `${d.line}:${d.col}: ${d.message}`)).toEqual([
    '1:13: "logo.png" is text, not a PNG or JPEG image; save it as PNG or JPEG',
  ]);
});
