/**
 * How a failure reaches the user: main prints a system error as one `path: reason` line (exit 2)
 * and any unforeseen error as one "internal error" line (exit 3), its stack only when asked for.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/main.js';
import { ROOT } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'briefing-exit-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let stderr: string;
beforeEach(() => {
  stderr = '';
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
    stderr += String(chunk);
    return true;
  });
});
afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
});

describe('main', () => {
  it('exits 2 with "path: reason" on one line when an output cannot be written', async () => {
    const out = join(dir, 'out');
    const blocked = join(out, 'stoltenberg-2017-seoul', 'factsheet.md');
    mkdirSync(blocked, { recursive: true }); // a folder where the output goes
    const visit = join(ROOT, 'data', 'stoltenberg-2017-seoul.yaml');
    const code = await main(['build', visit, '-o', out, '-f', 'md', '-d', 'factsheet', '-q']);
    expect(code).toBe(2);
    expect(stderr).toBe(`briefing: ${blocked}: illegal operation on a directory\n`);
  });

  it('names the file it could not read, and why in plain words, as an invalid input (exit 1)', async () => {
    const folder = join(dir, 'in');
    mkdirSync(join(folder, 'visit.yaml'), { recursive: true }); // a folder named like a visit file
    expect(await main(['check', folder])).toBe(1);
    expect(stderr).toBe(
      `${join(folder, 'visit.yaml')}: is a folder, not a visit file; rename it, or move it out of the folder of visit files\n`,
    );
  });

  it('exits 3 with one line for an error it does not account for', async () => {
    vi.spyOn(process.stdout, 'write').mockImplementation(() => {
      throw new Error('the terminal went away');
    });
    expect(await main(['schema'])).toBe(3);
    expect(stderr).toBe('briefing: internal error: the terminal went away\n');
  });

  it('prints the stack of an internal error only under BRIEFING_DEBUG', async () => {
    vi.stubEnv('BRIEFING_DEBUG', '1');
    vi.spyOn(process.stdout, 'write').mockImplementation(() => {
      throw new Error('the terminal went away');
    });
    expect(await main(['schema'])).toBe(3);
    expect(stderr).toMatch(/^briefing: internal error: Error: the terminal went away\n\s+at /);
  });
});
