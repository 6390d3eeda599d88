/** The changes in the documents: changed items marked, the changes listed; nothing without a release. */
import { describe, expect, it } from 'vitest';
import { DOC_KINDS } from '../src/docs.js';
import { loadVisitFile } from '../src/load/index.js';
import type { Visit } from '../src/model/visit.js';
import { buildContext } from '../src/render/context.js';
import { TemplateSet } from '../src/render/templates.js';
import { diffVisits } from '../src/revisions/diff.js';

const sample = (): Visit => loadVisitFile('data/stoltenberg-2017-seoul.yaml').loaded!.visit;
const templates = TemplateSet.load();
const labels = templates.labels.table('en');

/** The sample edited: luncheon moved, a figure corrected, a talking point reworded, an event added, an item cancelled. */
function revised(): Visit {
  const after = sample();
  after.programme![1]!.time = '13:30';
  after.facts![1]!.items[0]!.value = "28, since North Korea's first nuclear test in 2006";
  after.talking_points![1]!.points![2] = {
    text: 'China and Russia have a vital part in making the sanctions effective.',
    source: 'mofa-2017',
  };
  after.chronology!.push({ date: '2017-11-02', event: 'Mr Stoltenberg visits the Joint Security Area.' });
  after.programme!.splice(7, 1);
  return after;
}

const render = (
  kind: (typeof DOC_KINDS)[number],
  visit: Visit,
  comparison?: { since: number; changes: ReturnType<typeof diffVisits> },
) => templates.render(kind, buildContext('v', visit, kind, labels, { comparison }));

describe('changes in the documents', () => {
  const after = revised();
  const changes = diffVisits(sample(), after);
  const comparison = { since: 2, changes };

  it('renders every document as before when there is no comparison', () => {
    for (const kind of DOC_KINDS.filter((k) => k !== 'changes')) {
      const markdown = render(kind, after);
      expect(markdown).not.toContain('<!--change:');
    }
  });

  it('marks each changed item where it starts', () => {
    expect(changes.map((c) => `${c.id} ${c.part} ${c.kind}`)).toEqual([
      'c1 programme moved',
      'c2 programme removed',
      'c3 facts changed',
      'c4 chronology added',
      'c5 talking_points changed',
    ]);
    const factsheet = render('factsheet', after, comparison);
    expect(factsheet).toContain('| <!--change:c1-->1 November 2017 | 13:30 | Working luncheon');
    expect(factsheet).toContain('| <!--change:c3-->NATO statements of condemnation | 28,');
    expect(factsheet).not.toContain('c2');
    expect(render('chronology', after, comparison)).toMatch(/\| <!--change:c4-->2 November 2017 \| Mr Stoltenberg/);
    expect(render('talking-points', after, comparison)).toContain('3. <!--change:c5-->China and Russia have a vital');
    const book = render('book', after, comparison);
    for (const id of ['c1', 'c3', 'c4', 'c5']) expect(book).toContain(`<!--change:${id}-->`);
  });

  it('lists the changes, removed items too, with where each is', () => {
    const page = render('changes', after, comparison);
    expect(page).toContain('# Changes since revision 2: Visit of NATO Secretary General');
    expect(page).toContain(
      '- **Moved:** 1 November 2017, 13:30: Working luncheon hosted by Speaker Chung Sye-kyun — Fact sheet<!--pageref:factsheet/c1-->\n  - Time: ~~12:00~~ **13:30**',
    );
    expect(page).toContain('- **Removed:** 2 November 2017: Press conference for Korean and foreign media\n');
    expect(page).toContain('  - Detail: ~~27~~ **28**, since North Korea');
    expect(page).toContain('— Talking points<!--pageref:talking-points/c5-->');
    const book = render('book', after, comparison);
    expect(book).toContain('## Contents\n\n- [Changes since revision 2](#changes-since-revision-2)\n- [');
    expect(book).toContain('# Changes since revision 2\n');
    expect(book).toContain('— Briefing book<!--pageref:book/c1-->');
  });

  it('keeps the marks valid Markdown when a change starts or ends with punctuation', () => {
    const before = sample();
    before.talking_points![0]!.points![1] = { text: 'The revised IPCP sets out our cooperation.', source: 'mofa-2017' };
    const now = sample();
    now.talking_points![0]!.points![1] = {
      text: 'The revised IPCP sets out our cooperation; we will work under it.',
      source: 'mofa-2017',
    };
    const page = render('changes', now, { since: 1, changes: diffVisits(before, now) });
    expect(page).toContain('  - Point: The revised IPCP sets out our cooperation; **we will work under it**.\n');
  });

  it("names a change to the visit itself in the document's language", () => {
    const before = sample();
    const now = sample();
    now.visit.host.city = 'Busan';
    const table = templates.labels.table('ko');
    const page = templates.render(
      'changes',
      buildContext('v', now, 'changes', table, { comparison: { since: 1, changes: diffVisits(before, now) } }),
    );
    expect(page).toContain('- **변경:** 장소 및 일시 — ');
    expect(page).toContain('  - 장소: ~~Seoul~~ **Busan**\n');
  });

  it('says when nothing changed, or when there is no release', () => {
    expect(render('changes', after, { since: 3, changes: [] })).toContain('*Nothing has changed since revision 3.*');
    expect(render('changes', after)).toContain('*No revision of this visit has been released yet');
    expect(render('book', after, { since: 3, changes: [] })).toBe(render('book', after));
  });

  it('has every new label in every language', () => {
    for (const lang of ['ar', 'de', 'es', 'fr', 'he', 'ja', 'ko', 'ru', 'zh-Hans', 'zh-Hant']) {
      const table = templates.labels.table(lang);
      expect(table.changes_since).toContain('{revision}');
      expect(render('changes', after, comparison)).toBeTruthy();
      const markdown = templates.render('changes', buildContext('v', after, 'changes', table, { comparison }));
      expect(markdown).not.toContain('{revision}');
    }
  });
});
