/** Objectives, their objectives, press lines, press tags and who drafted: the data and the Markdown. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { DocKind } from '../src/docs.js';
import { loadVisitFile } from '../src/load/index.js';
import { buildContext } from '../src/render/context.js';
import { TemplateSet } from '../src/render/templates.js';

const dir = mkdtempSync(join(tmpdir(), 'briefing-brief-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const BASE = `title: Visit of A Person
visit:
  visitor: { name: A Person }
  host: { country: Republic of Korea }
  start: 2017-10-31
  end: 2017-11-01
programme:
  - { date: 2017-10-31, time: "10:00", item: Arrival }
sources:
  - { id: rel, title: A release }
`;

const FULL = `${BASE}objectives:
  - Sign the **revised** programme.
their_objectives:
  - Closer cooperation on cyber defence.
press_lines:
  lines:
    - Partners share values.
    - text: Sanctions must be enforced in full.
      source: rel
  if_asked:
    - question: Does NATO seek a presence in the region?
      answer: No; it seeks to *engage*.
drafted:
  name: Briefing unit
  unit: Protocol office
  date: 2017-10-30
  cleared_by: Head of office
  cleared: 2017-10-31
`;

let files = 0;
function load(text: string) {
  const file = join(dir, `visit-${++files}.yaml`);
  writeFileSync(file, text);
  return { file, ...loadVisitFile(file) };
}

const errors = (text: string) =>
  load(text)
    .diagnostics.filter((d) => d.severity === 'error')
    .map((d) => `${d.line}:${d.col}: ${d.message}`);

function render(text: string, kind: DocKind): string {
  const { loaded, diagnostics } = load(text);
  if (!loaded) throw new Error(diagnostics.map((d) => d.message).join('\n'));
  const set = TemplateSet.load();
  return set.render(kind, buildContext(loaded.id, loaded.visit, kind, set.labels.table(loaded.visit.lang)));
}

describe('the schema of objectives, press lines, press tags and drafted', () => {
  it('accepts every new field', () => {
    expect(errors(FULL)).toEqual([]);
  });

  it('names the three press values, at the value', () => {
    const text = BASE.replace('item: Arrival }', 'item: Arrival, press: public }');
    expect(errors(text)).toEqual(['8:62: programme[0].press: expected open, pool or closed, got "public"']);
  });

  it('wants a name for who drafted the brief', () => {
    expect(errors(`${BASE}drafted:\n  unit: Protocol office\n`)).toEqual([
      '12:3: drafted: missing required field "name"',
    ]);
  });

  it('wants real dates for drafted and cleared', () => {
    expect(errors(`${BASE}drafted:\n  name: Unit\n  cleared: 2017-13-01\n`)).toEqual([
      expect.stringMatching(/^13:12: drafted\.cleared: expected a real date YYYY-MM-DD/),
    ]);
  });

  it('checks a press line’s source like any citation', () => {
    const text = `${BASE}press_lines:\n  lines:\n    - text: A line.\n      source: nope\n`;
    expect(errors(text)).toEqual(['14:15: press_lines.lines[0].source: unknown source "nope"; expected one of: rel']);
  });

  it('counts a press line’s source as cited (no “never cited” warning)', () => {
    const { diagnostics } = load(`${BASE}press_lines:\n  lines:\n    - text: A line.\n      source: rel\n`);
    expect(diagnostics.map((d) => d.message)).not.toContainEqual(expect.stringContaining('never cited'));
    const { diagnostics: without } = load(BASE);
    expect(without.map((d) => d.message)).toContainEqual(expect.stringContaining('never cited'));
  });

  it('rejects an unknown field inside press_lines and drafted', () => {
    expect(errors(`${BASE}press_lines:\n  line: [A]\n`)).toHaveLength(1);
    expect(errors(`${BASE}drafted:\n  name: A\n  phone: "1"\n`)).toHaveLength(1);
  });
});

describe('the Markdown of the new sections', () => {
  it('the book has objectives, their objectives and press lines, with the press line’s citation', () => {
    const md = render(FULL, 'book');
    expect(md).toContain('# Objectives and press lines\n');
    expect(md).toContain('## Our objectives\n\n1. Sign the **revised** programme.\n');
    expect(md).toContain('## What the other side may raise\n\n- Closer cooperation on cyber defence.\n');
    expect(md).toContain(
      '## Press lines\n\n**Line to take:**\n\n1. Partners share values.\n2. Sanctions must be enforced in full.[^rel]\n',
    );
    expect(md).toContain('> **If asked:** Does NATO seek a presence in the region?\n>\n> No; it seeks to *engage*.');
    expect(md).toContain('- [Objectives and press lines](#objectives-and-press-lines)\n');
  });

  it('the book closes with who drafted and cleared it, once', () => {
    const md = render(FULL, 'book');
    const line =
      '*Drafted by Briefing unit, Protocol office, 30 October 2017*\\\n*Cleared by Head of office, 31 October 2017*';
    expect(md.split(line)).toHaveLength(2);
    expect(md.indexOf(line)).toBeGreaterThan(md.indexOf('# Chronology'));
  });

  it('each document closes with the drafted line; the talking points carry the press lines', () => {
    for (const kind of ['factsheet', 'chronology', 'talking-points'] as const)
      expect(render(FULL, kind)).toContain(
        '*Drafted by Briefing unit, Protocol office, 30 October 2017*\\\n*Cleared by',
      );
    const points = render(FULL, 'talking-points');
    expect(points).toContain('## Press lines\n\n**Line to take:**\n\n1. Partners share values.');
    expect(points).toContain('[^rel]: *A release*.');
  });

  it('shows no part, heading or line for fields that are absent', () => {
    for (const kind of ['book', 'factsheet', 'chronology', 'talking-points'] as const) {
      const md = render(BASE, kind);
      for (const word of ['Objectives', 'objectives', 'Press lines', 'Line to take', 'Drafted', 'Press:'])
        expect(md).not.toContain(word);
    }
  });

  it('titles the book’s part by what it has', () => {
    const onlyPress = `${BASE}press_lines:\n  if_asked:\n    - { question: Q?, answer: A. }\n`;
    expect(render(onlyPress, 'book')).toContain('# Press lines\n');
    expect(render(onlyPress, 'book')).not.toContain('Objectives');
    const onlyOurs = `${BASE}objectives: [Win.]\n`;
    expect(render(onlyOurs, 'book')).toContain('# Objectives\n\n## Our objectives\n\n1. Win.\n');
    expect(render(onlyOurs, 'book')).not.toContain('Press lines');
  });

  it('orders the book as a reader uses it', () => {
    const md = render(FULL, 'book');
    const parts = ['# Objectives and press lines', '# Fact sheet', '# Talking points', '# Chronology'].map((h) =>
      md.indexOf(`\n${h}\n`),
    );
    expect(parts.every((at) => at > 0)).toBe(true);
    expect([...parts].sort((a, b) => a - b)).toEqual(parts);
  });

  it('tags a programme item with its press access, in the fact sheet and on the card, in the document’s language', () => {
    const text = BASE.replace('item: Arrival }', 'item: Arrival, press: pool }');
    expect(render(text, 'factsheet')).toContain('| 10:00 | Arrival · *Press: pool* |');
    expect(render(text, 'card')).toContain('| 10:00 | **Arrival** · *Press: pool* |');
    const ko = `lang: ko\n${text}`;
    expect(render(ko, 'factsheet')).toContain('Arrival · *언론: 풀 취재*');
    expect(render(BASE, 'factsheet')).toContain('| 10:00 | Arrival |  |');
  });
});
