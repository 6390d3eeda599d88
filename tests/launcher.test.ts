/**
 * The launcher (dist/cli.js) runs the bundled command with the code V8 compiled for it at build
 * time. That saved code must only ever speed a run up: damaged, stale or foreign, it is ignored.
 */

import { spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ROOT } from './helpers/cli.js';

let dir: string;
const cache = () => join(dir, 'dist', 'briefing.cjs.cache');
const run = (args: string[], env: NodeJS.ProcessEnv = {}) =>
  spawnSync(process.execPath, [join(dir, 'dist', 'cli.js'), ...args], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, ...env },
  });

beforeAll(() => {
  // A copy of the installed command elsewhere: the build's saved code names the other place.
  dir = mkdtempSync(join(tmpdir(), 'briefing-launcher-'));
  for (const part of ['dist', 'templates', 'data', 'package.json'])
    cpSync(join(ROOT, part), join(dir, part), { recursive: true });
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('ignores the saved code of a bundle elsewhere, and saves its own when asked', () => {
  const foreign = readFileSync(cache());
  expect(run(['--version']).stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  expect(run(['build', '-q', '-o', 'out1'], { BRIEFING_WRITE_CODE_CACHE: '1' }).status).toBe(0);
  expect(readFileSync(cache()).equals(foreign)).toBe(false);
  expect(readFileSync(cache(), 'utf8').split('\n')[0]).toContain(join(dir, 'dist', 'briefing.cjs'));
  expect(existsSync(`${cache()}.tmp`)).toBe(false);
});

it('builds as usual from damaged saved code (V8 would abort on it)', () => {
  const saved = readFileSync(cache());
  const damaged = Buffer.from(saved);
  for (let i = damaged.indexOf(10) + 200; i < damaged.length; i += 997) damaged[i]! ^= 0xff;
  writeFileSync(cache(), damaged);
  const result = run(['build', '-q', '-o', 'out2']);
  expect(result.stderr).toBe('');
  expect(result.status).toBe(0);
  expect(readFileSync(join(dir, 'out2', 'stoltenberg-2017-seoul', 'factsheet.md'), 'utf8')).toContain('Stoltenberg');
  writeFileSync(cache(), saved);
});

it('ignores saved code once the bundle is changed, even to text of the same length', () => {
  // V8 checks only the source's length: the launcher's own check keeps stale code from running.
  const bundle = join(dir, 'dist', 'briefing.cjs');
  writeFileSync(bundle, readFileSync(bundle, 'utf8').replace('or folders of them', 'OR FOLDERS OF THEM'));
  utimesSync(bundle, new Date(), new Date(Date.now() + 5_000));
  const result = run(['build', '--help']);
  expect(result.status).toBe(0);
  expect(result.stdout).toContain('OR FOLDERS OF THEM');
});

it('runs installed as a dependency, its packages hoisted beside it, on worker threads too', () => {
  // As npm installs it into a project: <project>/node_modules/briefing, with its dependencies
  // in <project>/node_modules rather than in its own folder.
  const project = join(dir, 'project');
  const installed = join(project, 'node_modules', 'briefing');
  mkdirSync(installed, { recursive: true });
  for (const part of ['dist', 'templates', 'package.json'])
    cpSync(join(ROOT, part), join(installed, part), { recursive: true });
  for (const name of readdirSync(join(ROOT, 'node_modules'))) {
    if (!name.startsWith('.')) symlinkSync(join(ROOT, 'node_modules', name), join(project, 'node_modules', name));
  }
  cpSync(join(ROOT, 'data'), join(project, 'data'), { recursive: true });
  const result = spawnSync(
    process.execPath,
    [join(installed, 'dist', 'cli.js'), 'build', 'data', '-j', '2', '-q', '-o', 'out'],
    { cwd: project, encoding: 'utf8' },
  );
  expect(result.stderr).toBe('');
  expect(result.status).toBe(0);
  expect(readdirSync(join(project, 'out', 'rasmussen-2013-seoul')).sort()).toEqual(
    ['chronology', 'factsheet', 'talking-points'].flatMap((doc) => [`${doc}.md`, `${doc}.pdf`]),
  );
});
