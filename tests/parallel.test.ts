/** The worker pool: the same bytes whatever the number of typesetting threads. */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { ROOT, runCli } from './helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'briefing-parallel-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('writes byte-identical outputs with 1 and 2 workers', () => {
  const fixture = readFileSync(join(ROOT, 'tests/fixtures/unseen-visit.yaml'), 'utf8');
  for (const n of [1, 2, 3]) {
    const visit = fixture.replace(/^title: (.*)$/m, `id: visit-${n}\ntitle: $1 (${n})`);
    writeFileSync(join(dir, `visit-${n}.yaml`), visit);
  }
  const trees: Record<string, Buffer>[] = [];
  for (const jobs of ['1', '2']) {
    const out = join(dir, `out-${jobs}`);
    const result = runCli(['build', dir, '-o', out, '-d', 'factsheet,chronology,talking-points,book', '--jobs', jobs]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const files: Record<string, Buffer> = {};
    for (const visit of readdirSync(out).filter((f) => !f.startsWith('.'))) {
      for (const file of readdirSync(join(out, visit)))
        files[`${visit}/${file}`] = readFileSync(join(out, visit, file));
    }
    trees.push(files);
  }
  expect(Object.keys(trees[0]!)).toHaveLength(3 * 8);
  expect(Object.keys(trees[1]!).sort()).toEqual(Object.keys(trees[0]!).sort());
  for (const [name, bytes] of Object.entries(trees[0]!)) expect(trees[1]![name]!.equals(bytes), name).toBe(true);
});
