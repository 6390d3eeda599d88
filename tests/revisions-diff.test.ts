/** The semantic diff: each kind of change found, by meaning; nothing for whitespace or key order. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { Visit } from '../src/model/visit.js';
import { type Change, diffVisits } from '../src/revisions/diff.js';
import { formatChanges, wantsColour } from '../src/revisions/report.js';
import { normalText, wordRuns } from '../src/revisions/words.js';
import { chronologyBench } from './helpers/chronology-changes.js';

const sample = (): Visit => parse(readFileSync('data/stoltenberg-2017-seoul.yaml', 'utf8')) as Visit;

/** The sample, edited by `edit` (on a deep copy). */
function edited(edit: (visit: Visit) => void): { before: Visit; after: Visit; changes: Change[] } {
  const before = sample();
  (before as Record<string, unknown>).extra = { a: 'c', b: [1, { x: 2, y: 'a b' }] };
  const after = structuredClone(before);
  edit(after);
  return { before, after, changes: diffVisits(before, after) };
}

const summary = (changes: Change[]) =>
  changes.map((c) => `${c.part} ${c.kind} ${(c.fields ?? []).map((f) => f.name).join(',')}`);

describe('diffVisits', () => {
  it('finds nothing between a visit and itself', () => {
    expect(diffVisits(sample(), sample())).toEqual([]);
  });

  it('finds nothing when only whitespace or the order of keys changed', () => {
    const { changes } = edited((v) => {
      // A part compared whole (here one this comparison has no rules for) is compared by value.
      (v as Record<string, unknown>).extra = { b: [1, { y: 'a  b', x: 2 }], a: 'c' };
      v.chronology![0]!.event = `  ${v.chronology![0]!.event.replace(/ /g, '   ').replace('Industry', 'Industry\n')}\n`;
      v.facts![0]!.items[0] = { source: 'mofa-2017', value: '2006', label: 'Global Partner of NATO since' };
      v.visit = {
        purpose: v.visit.purpose,
        end: v.visit.end,
        start: v.visit.start,
        host: v.visit.host,
        visitor: v.visit.visitor,
      } as Visit['visit'];
      v.talking_points![0]!.points![0] = {
        source: 'mofa-2017',
        text: 'Cooperation has grown in many fields over the ten years since the Republic of Korea became a Global\n  Partner in 2006.',
      };
    });
    expect(changes).toEqual([]);
  });

  it('reports a programme time moved as moved, with the time before and after', () => {
    const { changes } = edited((v) => {
      v.programme![1]!.time = '13:30';
    });
    expect(summary(changes)).toEqual(['programme moved time']);
    expect(changes[0]).toMatchObject({ id: 'c1', path: ['programme', 1], oldPath: ['programme', 1] });
    expect(changes[0]!.fields![0]).toMatchObject({ before: '12:00', after: '13:30' });
  });

  it('reports a changed place, and a retitled item at the same date and time as changed', () => {
    const { before, changes } = edited((v) => {
      v.programme![1]!.item = 'Lunch hosted by the Minister';
      v.programme![2]!.place = 'Ministry of Foreign Affairs, Seoul';
    });
    expect(before.programme![1]!.time).toBe('12:00');
    expect(summary(changes)).toEqual(['programme changed item', 'programme changed place']);
  });

  it('reports an item added and an item cancelled', () => {
    const { changes } = edited((v) => {
      v.programme!.splice(3, 1);
      v.programme!.push({ date: '2017-11-02', time: '16:00', item: 'Visit to the War Memorial of Korea' });
    });
    // In document order: the cancelled item (1 November) before the added one (2 November).
    expect(changes.map((c) => c.kind)).toEqual(['removed', 'added']);
    const removed = changes.find((c) => c.kind === 'removed')!;
    expect(removed.path).toBeUndefined();
    expect(removed.oldPath).toEqual(['programme', 3]);
  });

  it('tells apart items of the same text on different days', () => {
    // Before: the briefing on both days, the consultation in both years; after: a day and a year more, first.
    const base = sample();
    base.programme!.push(
      { date: '2017-11-01', time: '08:00', item: 'Security briefing' },
      { date: '2017-11-02', time: '08:00', item: 'Security briefing' },
    );
    base.chronology!.push(
      { date: '2010', event: 'Annual consultation.' },
      { date: '2011', event: 'Annual consultation.' },
    );
    const after = structuredClone(base);
    after.programme!.unshift({ date: '2017-10-31', time: '08:00', item: 'Security briefing' });
    after.chronology!.unshift({ date: '2009', event: 'Annual consultation.' });
    expect(summary(diffVisits(base, after))).toEqual(['programme added date,time,item', 'chronology added date,event']);
  });

  it('reports a fact value corrected, with its changed words', () => {
    const { changes } = edited((v) => {
      v.facts![1]!.items[0]!.value = "28, since North Korea's first nuclear test in 2006";
    });
    expect(summary(changes)).toEqual(['facts changed value']);
    expect(changes[0]!.path).toEqual(['facts', 1, 'items', 0]);
    expect(changes[0]!.fields![0]!.words!.filter((w) => w.op !== 'equal')).toEqual([
      { op: 'delete', text: '27' },
      { op: 'insert', text: '28' },
    ]);
  });

  it('reports a relabelled fact as changed, not removed and added', () => {
    const { changes } = edited((v) => {
      v.facts![0]!.items[3]!.label = 'Military cooperation so far';
    });
    expect(summary(changes)).toEqual(['facts changed label']);
  });

  it('reports chronology entries added and edited', () => {
    const { changes } = edited((v) => {
      v.chronology![3]!.event = 'The Republic of Korea and NATO hold their first yearly policy consultation.';
      v.chronology!.push({ date: '2017-11-02', event: 'Mr Stoltenberg visits the Joint Security Area.' });
    });
    expect(summary(changes)).toEqual(['chronology changed event', 'chronology added date,event']);
    expect(changes[0]!.path).toEqual(['chronology', 3]);
  });

  it('reports a talking point and an if-asked answer edited', () => {
    const { changes } = edited((v) => {
      const topic = v.talking_points![1]!;
      topic.points![2] = {
        text: 'China and Russia have a vital part in making the sanctions effective.',
        source: 'mofa-2017',
      };
      topic.if_asked![0]!.answer =
        'It has condemned every nuclear and missile provocation, in **27 statements** since 2006.';
    });
    expect(summary(changes)).toEqual(['talking_points changed text', 'talking_points changed answer']);
    expect(changes.map((c) => c.path)).toEqual([
      ['talking_points', 1, 'points', 2],
      ['talking_points', 1, 'if_asked', 0],
    ]);
  });

  it('reports a person added and a role changed', () => {
    const { changes } = edited((v) => {
      v.people![0]!.role = 'Foreign Minister';
      v.people!.push({ name: 'Moon Jae-in', role: 'President of the Republic of Korea' });
    });
    expect(summary(changes)).toEqual(['people changed role', 'people added name,role']);
  });

  it('reports a source changed', () => {
    const { changes } = edited((v) => {
      v.sources![1]!.title = 'First visit by a NATO Secretary General to the Republic of Korea';
    });
    expect(summary(changes)).toEqual(['sources changed title']);
  });

  it('numbers changes c1… in document order', () => {
    const { changes } = edited((v) => {
      v.sources![0]!.publisher = 'MOFA';
      v.title = 'Visit of the NATO Secretary General';
      v.chronology![0]!.source = 'nato-2013';
    });
    expect(changes.map((c) => `${c.id} ${c.part}`)).toEqual(['c1 visit', 'c2 chronology', 'c3 sources']);
  });

  it('reads the newer parts (objectives, press lines, drafted) when they are there', () => {
    // The sample without the parts this test gives it.
    const { objectives: _o, their_objectives: _t, press_lines: _p, drafted: _d, ...base } = sample();
    const before = { ...base, objectives: ['Sign the revised IPCP.'], drafted: { name: 'A. Officer' } } as Visit;
    const after = {
      ...base,
      objectives: ['Sign the revised IPCP.', 'Agree a cyber dialogue.'],
      drafted: { name: 'A. Officer', unit: 'NATO desk' },
      press_lines: { lines: ['We welcome the Secretary General.'] },
    } as Visit;
    expect(summary(diffVisits(before, after))).toEqual([
      'objectives added text',
      'press_lines added text',
      'drafted changed unit',
    ]);
  });
});

describe('the terminal report', () => {
  it('colours on a terminal unless NO_COLOR, and marks words in brackets elsewhere', () => {
    expect(wantsColour({ isTTY: true }, {})).toBe(true);
    expect(wantsColour({ isTTY: true }, { NO_COLOR: '1' })).toBe(false);
    expect(wantsColour({ isTTY: false }, {})).toBe(false);
    const { changes } = edited((v) => {
      v.facts![1]!.items[0]!.value = "28, since North Korea's first nuclear test in 2006";
    });
    expect(formatChanges('a', 'b', changes, { colour: true })).toContain('\x1b[31m\x1b[9m27\x1b[0m\x1b[32m28\x1b[0m,');
    expect(formatChanges('a', 'b', changes, { colour: false })).toContain('[-27-]{+28+},');
  });
});

describe('word runs', () => {
  it('spell both texts and mark what changed', () => {
    const runs = wordRuns('Working luncheon hosted by the Minister', 'Working lunch hosted by the Foreign Minister');
    expect(
      runs
        .filter((r) => r.op !== 'insert')
        .map((r) => r.text)
        .join(''),
    ).toBe('Working luncheon hosted by the Minister');
    expect(
      runs
        .filter((r) => r.op !== 'delete')
        .map((r) => r.text)
        .join(''),
    ).toBe('Working lunch hosted by the Foreign Minister');
    expect(runs.filter((r) => r.op !== 'equal')).toEqual([
      { op: 'delete', text: 'luncheon' },
      { op: 'insert', text: 'lunch' },
      { op: 'insert', text: 'Foreign ' },
    ]);
  });

  it('find words in every script: whole words, also where no spaces separate them', () => {
    const changed = (a: string, b: string) => wordRuns(a, b).filter((r) => r.op !== 'equal');
    expect(changed('外相会談を行った', '外相会議を行った')).toEqual([
      { op: 'delete', text: '会談' },
      { op: 'insert', text: '会議' },
    ]);
    expect(changed('Министр провёл переговоры', 'Министр провёл встречу')).toEqual([
      { op: 'delete', text: 'переговоры' },
      { op: 'insert', text: 'встречу' },
    ]);
    expect(changed('장관 회담', '장관 회의')).toEqual([
      { op: 'delete', text: '회담' },
      { op: 'insert', text: '회의' },
    ]);
  });

  it('settle whitespace Markdown ignores, keeping paragraph breaks', () => {
    expect(normalText('  a   b\n c \n\n  d ')).toBe('a b c\n\nd');
  });
});

describe('a long chronology', () => {
  it('finds exactly the 20 changes among 2,000 entries, quickly', () => {
    const { before, after } = chronologyBench();
    diffVisits(before, after); // warm
    const started = performance.now();
    const changes = diffVisits(before, after);
    const ms = performance.now() - started;
    console.log(`diffVisits, 2,000-entry chronology with 20 changes: ${ms.toFixed(1)} ms`);
    expect(changes).toHaveLength(20);
    expect(changes.filter((c) => c.kind === 'changed')).toHaveLength(12);
    expect(changes.filter((c) => c.kind === 'added')).toHaveLength(4);
    expect(changes.filter((c) => c.kind === 'removed')).toHaveLength(4);
  });
});
