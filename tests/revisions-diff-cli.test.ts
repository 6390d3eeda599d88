/** `briefing diff`: two files, or a file and a git revision of it; text and --json; invalid sides. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './helpers/cli.js';

const SAMPLE = readFileSync(new URL('../data/stoltenberg-2017-seoul.yaml', import.meta.url), 'utf8');
/** The sample with the luncheon moved and a figure corrected. */
const EDITED = SAMPLE.replace('time: "12:00"', 'time: "13:30"').replace('value: 27, since', 'value: 28, since');

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'briefing-diff-'));
  writeFileSync(join(dir, 'before.yaml'), SAMPLE);
  writeFileSync(join(dir, 'after.yaml'), EDITED);
});

describe('briefing diff', () => {
  it('prints the changes by part, with the changed words marked, and exits 0', () => {
    const result = runCli(['diff', 'before.yaml', 'after.yaml'], { cwd: dir, env: { NO_COLOR: '' } });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(
      [
        '2 changes from before.yaml to after.yaml',
        '',
        'Programme',
        '  c1 moved: 1 November 2017, 13:30: Working luncheon hosted by Speaker Chung Sye-kyun',
        '      time: 12:00 → 13:30',
        '',
        'Facts',
        '  c2 changed: North Korea: NATO statements of condemnation',
        "      value: [-27-]{+28+}, since North Korea's first nuclear test in 2006",
        '',
      ].join('\n'),
    );
  });

  it('says so when nothing changed, and exits 0', () => {
    const result = runCli(['diff', 'before.yaml', 'before.yaml'], { cwd: dir });
    expect(result).toMatchObject({ code: 0, stdout: 'No changes from before.yaml to before.yaml.\n' });
  });

  it('prints the changes as JSON for tools', () => {
    const result = runCli(['diff', 'before.yaml', 'after.yaml', '--json'], { cwd: dir });
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report.before).toBe('before.yaml');
    expect(report.after).toBe('after.yaml');
    expect(
      report.changes.map((c: { id: string; part: string; kind: string }) => `${c.id} ${c.part} ${c.kind}`),
    ).toEqual(['c1 programme moved', 'c2 facts changed']);
    expect(report.changes[0].fields[0]).toMatchObject({ name: 'time', before: '12:00', after: '13:30' });
  });

  it('compares a file with a git revision of it', () => {
    const repo = mkdtempSync(join(tmpdir(), 'briefing-diff-git-'));
    const git = (...args: string[]) =>
      execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.org', ...args], {
        cwd: repo,
        stdio: 'pipe',
      });
    git('init', '-q');
    execFileSync('mkdir', ['-p', join(repo, 'data')]);
    writeFileSync(join(repo, 'data', 'visit.yaml'), SAMPLE);
    git('add', '.');
    git('commit', '-qm', 'first');
    writeFileSync(join(repo, 'data', 'visit.yaml'), EDITED);
    git('commit', '-qam', 'second');
    const withOption = runCli(['diff', 'data/visit.yaml', '--git', 'HEAD~1', '--json'], { cwd: repo });
    expect(withOption.stderr).toBe('');
    expect(JSON.parse(withOption.stdout).changes).toHaveLength(2);
    const asRevision = runCli(['diff', 'HEAD~1:data/visit.yaml', 'HEAD:data/visit.yaml', '--json'], { cwd: repo });
    expect(JSON.parse(asRevision.stdout)).toMatchObject({
      before: 'HEAD~1:data/visit.yaml',
      after: 'HEAD:data/visit.yaml',
    });
    expect(JSON.parse(asRevision.stdout).changes).toHaveLength(2);

    const unknown = runCli(['diff', 'data/visit.yaml', '--git', 'HEAD~5'], { cwd: repo });
    expect(unknown).toMatchObject({ code: 2, stdout: '' });
    expect(unknown.stderr).toBe('briefing: HEAD~5:data/visit.yaml: unknown git revision "HEAD~5"\n');
    const missing = runCli(['diff', 'HEAD:data/other.yaml', 'data/visit.yaml'], { cwd: repo });
    expect(missing.stderr).toBe('briefing: HEAD:data/other.yaml: HEAD has no file data/other.yaml\n');
    expect(missing.code).toBe(2);
    const outside = runCli(['diff', 'before.yaml', '--git', 'HEAD'], { cwd: dir });
    expect(outside.stderr).toBe('briefing: HEAD:before.yaml: . is not in a git repository\n');
    expect(outside.code).toBe(2);
  });

  it('refuses an invalid side with its positions, exit 1', () => {
    writeFileSync(join(dir, 'broken.yaml'), SAMPLE.replace('time: "12:00"', 'time: "25:00"'));
    const result = runCli(['diff', 'before.yaml', 'broken.yaml'], { cwd: dir });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^broken\.yaml:\d+:\d+: .*time/m);
  });

  it('asks for two files, or one and --git', () => {
    expect(runCli(['diff', 'before.yaml'], { cwd: dir })).toMatchObject({ code: 2 });
    expect(runCli(['diff', 'before.yaml', 'after.yaml', '--git', 'HEAD'], { cwd: dir })).toMatchObject({ code: 2 });
  });
});
