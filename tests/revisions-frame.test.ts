/**
 * The revision in the page frame: absent for a visit never released (so its documents are as
 * they were), "Revision N · date" for released data, "Draft after revision N" after an edit, in
 * the document's language.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sha256 } from '../src/cache.js';
import { loadVisitFile } from '../src/load/index.js';
import { Labels } from '../src/render/label-files.js';
import { pageFrame } from '../src/typeset/frame.js';

const VISIT = 'title: T\nvisit:\n  visitor: { name: Ana Silva }\n  host: { country: Portugal }\n  start: 2024-05-01\n';

let dir: string;
let file: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'briefing-frame-'));
  file = join(dir, 'silva.yaml');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** Records `text` as revision 2 of the visit, as a release would. */
function released(text: string): void {
  const folder = join(dir, '.briefing', 'releases', 'silva');
  mkdirSync(folder, { recursive: true });
  const entry = (revision: number, data: string) => {
    writeFileSync(join(folder, `r${revision}.yaml`), data);
    return {
      revision,
      released: `2017-11-0${revision}`,
      file: 'silva.yaml',
      snapshot: `r${revision}.yaml`,
      sha256: sha256(data),
      docs: ['factsheet'],
    };
  };
  const history = { format: 1, visit: 'silva', releases: [entry(1, `${text}# first\n`), entry(2, text)] };
  writeFileSync(join(folder, 'history.json'), JSON.stringify(history, null, 2));
}

const frameOf = (lang = 'en') => {
  const { loaded, diagnostics } = loadVisitFile(file);
  expect(diagnostics).toEqual([]);
  return pageFrame(loaded!, 'factsheet', 'A4', Labels.load().table(lang));
};

describe('the revision in the page frame', () => {
  it('is absent for a visit never released', () => {
    writeFileSync(file, VISIT);
    expect('revision' in frameOf()).toBe(false);
  });

  it('names the latest revision and its date while the data is the released data', () => {
    writeFileSync(file, VISIT);
    released(VISIT);
    expect(frameOf().revision).toBe('Revision 2 · 2 November 2017');
    // A comment or a change of layout is not a change of data.
    writeFileSync(file, `# note\n${VISIT.replace('{ name: Ana Silva }', '{name: Ana Silva}')}`);
    expect(frameOf().revision).toBe('Revision 2 · 2 November 2017');
  });

  it('says draft after the latest revision once the data differs from it', () => {
    writeFileSync(file, VISIT);
    released(VISIT);
    writeFileSync(file, readFileSync(file, 'utf8').replace('title: T', 'title: T2'));
    expect(frameOf().revision).toBe('Draft after revision 2');
    expect(frameOf('ko').revision).toBe('제2판 이후 초안');
  });
});
