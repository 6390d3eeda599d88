/**
 * The command (dist/cli.js) runs the bundled CLI wherever it is installed: copied elsewhere, or
 * as a dependency of a project, its packages hoisted beside it.
 */

import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ROOT } from './helpers/cli.js';

let dir: string;
const run = (args: string[]) =>
  spawnSync(process.execPath, [join(dir, 'dist', 'cli.js'), ...args], { cwd: dir, encoding: 'utf8' });

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'briefing-launcher-'));
  for (const part of ['dist', 'templates', 'data', 'package.json'])
    cpSync(join(ROOT, part), join(dir, part), { recursive: true });
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('runs copied elsewhere', () => {
  expect(run(['--version']).stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  const result = run(['build', '-q', '-o', 'out']);
  expect(result.stderr).toBe('');
  expect(result.status).toBe(0);
  expect(readdirSync(join(dir, 'out', 'stoltenberg-2017-seoul'))).toContain('factsheet.pdf');
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
