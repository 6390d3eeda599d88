/** The build with a release to compare with: marks and changes page written; the changes PDF typeset last, with pageRefs. */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildVisits } from '../src/build.js';
import type { LoadedVisit } from '../src/load/index.js';
import { loadVisitFile } from '../src/load/index.js';
import type { Typesetter } from '../src/workers/pool.js';
import type { PdfJob } from '../src/workers/typeset-job.js';

const loaded = () => loadVisitFile('data/stoltenberg-2017-seoul.yaml').loaded!;

/** The sample, released as revision 2 with the luncheon at 12:30 (now 12:00): a draft after it. */
function released(): LoadedVisit {
  const now = loaded();
  const visit = structuredClone(now.visit);
  visit.programme![1]!.time = '12:30';
  return { ...now, release: { revision: 2, released: '2017-11-03', draft: true, sha256: 'snapshot', visit } };
}

/** The sample, released as revision 2 and unchanged since. */
function releasedUnchanged(): LoadedVisit {
  const now = loaded();
  return {
    ...now,
    release: { revision: 2, released: '2017-11-03', draft: false, sha256: 'snapshot', visit: now.visit },
  };
}

/** A typesetter that records its jobs in order and says every change mark it meets fell on page 3. */
function recordingTypesetter(jobs: PdfJob[]): Typesetter {
  return {
    async typeset(job) {
      jobs.push(job);
      const marks = Object.fromEntries([...job.markdown.matchAll(/<!--change:(c\d+)-->/g)].map((m) => [m[1]!, 3]));
      return { pdf: new TextEncoder().encode(`%PDF-fake ${jobs.length}`), pages: 3, ms: 0, marks };
    },
    async close() {},
  };
}

describe('a build compared with the last release', () => {
  it('marks the changed item and lists it, in Markdown', async () => {
    const out = mkdtempSync(join(tmpdir(), 'briefing-changes-'));
    const report = await buildVisits([released()], undefined, {
      out,
      formats: ['md'],
      docs: ['factsheet', 'changes'],
    });
    expect(report.diagnostics).toEqual([]);
    const id = loaded().id;
    expect(readFileSync(join(out, id, 'factsheet.md'), 'utf8')).toContain(
      '| <!--change:c1-->1 November 2017 | 12:00 |',
    );
    const changes = readFileSync(join(out, id, 'changes.md'), 'utf8');
    expect(changes).toContain('# Changes since revision 2:');
    expect(changes).toContain('  - Time: ~~12:30~~ **12:00**');
  });

  it('typesets the changes page after the others, with the pages of their marks', async () => {
    const out = mkdtempSync(join(tmpdir(), 'briefing-changes-pdf-'));
    const jobs: PdfJob[] = [];
    await buildVisits([released()], undefined, {
      out,
      formats: ['pdf'],
      docs: ['changes', 'factsheet', 'chronology'],
      pool: recordingTypesetter(jobs),
    });
    expect(jobs.map((job) => job.frame.title.split(':')[0])).toEqual(['Fact sheet', 'Chronology', 'Changes']);
    expect(jobs[2]!.pageRefs).toEqual({ 'factsheet/c1': 3 });
    expect(jobs[0]!.pageRefs).toBeUndefined();
  });

  it('marks nothing in a visit unchanged since its release', async () => {
    const outs = [mkdtempSync(join(tmpdir(), 'briefing-unreleased-')), mkdtempSync(join(tmpdir(), 'briefing-plain-'))];
    const docs = ['factsheet', 'chronology', 'talking-points', 'book'] as const;
    await buildVisits([releasedUnchanged()], undefined, { out: outs[0]!, formats: ['md'], docs });
    await buildVisits([loaded()], undefined, { out: outs[1]!, formats: ['md'], docs });
    for (const doc of docs) {
      const [a, b] = outs.map((out) => readFileSync(join(out, loaded().id, `${doc}.md`), 'utf8'));
      expect(a).toBe(b);
    }
  });
});
