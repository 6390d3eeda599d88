/** The template context's arrangements, and what the bundled templates make of edge cases. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadVisitFile } from '../src/load/index.js';
import { buildContext, programmeOrder } from '../src/render/context.js';
import { TemplateSet } from '../src/render/templates.js';

describe('programmeOrder', () => {
  const item = (date: string, item: string, time?: string) => ({ date, item, time });

  it('sorts by date, then time; an untimed item stays after the item it follows on its day', () => {
    const order = programmeOrder([
      item('2017-11-01', 'Meeting', '14:00'),
      item('2017-11-01', 'Lunch after the meeting'),
      item('2017-10-31', 'Arrival'),
      item('2017-11-01', 'Breakfast', '09:00'),
      item('2017-11-01', 'Dinner', '19:00'),
      item('2017-11-02', 'Departure'),
      item('2017-11-02', 'Press conference', '10:00'),
    ]).map((i) => i.item);
    expect(order).toEqual([
      'Arrival',
      'Breakfast',
      'Meeting',
      'Lunch after the meeting',
      'Dinner',
      'Departure',
      'Press conference',
    ]);
  });

  it('keeps file order among untimed items and among equal times', () => {
    const order = programmeOrder([
      item('2017-11-01', 'b'),
      item('2017-11-01', 'a'),
      item('2017-11-01', 'd', '10:00'),
      item('2017-11-01', 'c', '10:00'),
    ]).map((i) => i.item);
    expect(order).toEqual(['b', 'a', 'd', 'c']);
  });
});

describe('the bundled fact sheet', () => {
  it('gives a person without role, title or organization a dash, so the row is not taken for a group heading', () => {
    const dir = mkdtempSync(join(tmpdir(), 'briefing-context-'));
    try {
      const file = join(dir, 'no-role.yaml');
      writeFileSync(
        file,
        'title: T\nvisit:\n  visitor: { name: Ana Silva }\n  host: { country: Portugal }\n  start: 2024-05-01\npeople:\n  - name: Jo Kim\n  - name: Li Park\n    role: Minister\n',
      );
      const { loaded } = loadVisitFile(file);
      const set = TemplateSet.load();
      const md = set.render('factsheet', buildContext(loaded!.id, loaded!.visit, 'factsheet', set.labels.table('en')));
      expect(md).toContain('| **Jo Kim** | — |\n| **Li Park** | Minister |');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
