/** A broken user template is reported at its line and column, naming what is missing; exit 1. */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { diagnosticsOf, formatDiagnostic } from '../../src/diagnostics.js';
import { TemplateSet } from '../../src/render/templates.js';
import { ROOT, runCli } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'briefing-templates-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function problems(template: string): string[] {
  const folder = mkdtempSync(join(dir, 'set-'));
  writeFileSync(join(folder, 'chronology.hbs'), template);
  try {
    TemplateSet.load(folder);
  } catch (error) {
    return diagnosticsOf(error).map((d) => formatDiagnostic(d).slice(folder.length + 1));
  }
  return [];
}

describe('template errors', () => {
  it.each([
    [
      '# T\n\n{{#each chronology}}\n- {{event}}\n',
      'chronology.hbs:3:1: template syntax error: {{#each}} is never closed; add {{/each}}',
    ],
    [
      '# T\r\r{{#each chronology}}\r- {{event}}\r',
      'chronology.hbs:3:1: template syntax error: {{#each}} is never closed; add {{/each}}',
    ],
    [
      '# T\n{{#if title}}\nx\n{{/each}}\n',
      'chronology.hbs:2:4: template syntax error: {{/each}} does not close {{#if}}',
    ],
    ['# {{title}\n', 'chronology.hbs:1:1: template syntax error: malformed {{…}} tag (check the braces)'],
    [
      '# T\n\n{{> nope}}\n',
      'chronology.hbs:3:1: unknown partial "nope"; partials are: factsheet, chronology, talking-points, book, card, changes',
    ],
    [
      '# T\n\n- {{nohelper title}}\n',
      'chronology.hbs:3:3: unknown helper "nohelper"; helpers are: each, if, unless, lookup, with, date, dateRange, label, nativeName, pressTag, cite, sourceNotes, slug, cell, quote, listItem, upper, join, eq, inc, changeMark, pageRef',
    ],
    [
      '{{#each chronology}}\n{{date (fmt date)}}\n{{/each}}\n',
      'chronology.hbs:2:8: unknown helper "fmt"; helpers are: each, if, unless, lookup, with, date, dateRange, label, nativeName, pressTag, cite, sourceNotes, slug, cell, quote, listItem, upper, join, eq, inc, changeMark, pageRef',
    ],
    [
      '{{#each chronology}}\n{{date}}\n{{/each}}\n',
      'chronology.hbs:2:1: {{date}} calls the helper "date", which takes 1 argument; to print a field named date, write {{this.date}}',
    ],
    ['# T\n{{sourceNotes 1 2}}\n', 'chronology.hbs:2:1: helper "sourceNotes" takes 0 arguments, not 2'],
    ['{{#if (eq title)}}x{{/if}}\n', 'chronology.hbs:1:7: helper "eq" takes 2 arguments, not 1'],
    [
      '# T\n{{> chronology}}\n',
      'chronology.hbs:2:1: {{> chronology}} makes chronology include itself (chronology → chronology); a template cannot include itself',
    ],
    [
      '{{lookup}}\n',
      'chronology.hbs:1:1: {{lookup}} calls the helper "lookup", which takes 2 arguments; to print a field named lookup, write {{this.lookup}}',
    ],
  ])('%j', (template, expected) => {
    expect(problems(template)).toEqual([expected]);
  });

  it('names a source id a template cites that the visit does not have, at its place', () => {
    mkdirSync(join(dir, 'cite', 'templates'), { recursive: true });
    writeFileSync(join(dir, 'cite', 'templates', 'chronology.hbs'), '# {{title}}\n\nSee {{cite "nope"}}.\n');
    cpSync(join(ROOT, 'tests/fixtures/unseen-visit.yaml'), join(dir, 'cite', 'visit.yaml'));
    const result = runCli(['build', 'visit.yaml', '-t', 'templates', '-o', 'out', '-d', 'chronology'], {
      cwd: join(dir, 'cite'),
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /^templates\/chronology\.hbs:3:5: cite "nope": no source has that id; sources are: \S+/,
    );
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('names a helper given a list or a set of fields instead of text, at its place, once', () => {
    mkdirSync(join(dir, 'typed', 'templates'), { recursive: true });
    writeFileSync(
      join(dir, 'typed', 'templates', 'chronology.hbs'),
      '# {{title}}\n\n{{#each chronology}}\n- {{dateRange date ../people}}\n{{/each}}\n',
    );
    writeFileSync(
      join(dir, 'typed', 'templates', 'factsheet.hbs'),
      '# {{upper title}}\n\n{{join visit.host.city (upper visit)}}\n',
    );
    const out = join(dir, 'typed', 'out');
    const result = runCli([
      'build',
      'data',
      '-t',
      join(dir, 'typed', 'templates'),
      '-o',
      out,
      '-d',
      'chronology,factsheet,book',
    ]);
    expect(result.code).toBe(1);
    // Met by both sample visits, and again where the book includes each document: said once each.
    expect(result.stderr.trim().split('\n').sort()).toEqual([
      `${join(dir, 'typed', 'templates', 'chronology.hbs')}:4:3: dateRange: expected a date as text, such as "2017-11-01", "2017-11" or "2017", got a list`,
      `${join(dir, 'typed', 'templates', 'factsheet.hbs')}:3:24: upper: expected text, got a set of fields`,
    ]);
    expect(existsSync(out) ? readdirSync(out).filter((f) => !f.startsWith('.')) : []).toEqual([]); // nothing written
  });

  it('check renders the templates with each visit, finding what only the data reveals', () => {
    mkdirSync(join(dir, 'check', 'templates'), { recursive: true });
    writeFileSync(join(dir, 'check', 'templates', 'chronology.hbs'), '# {{title}}\n\nSee {{cite "nope"}}.\n');
    const result = runCli(['check', 'data', '-t', join(dir, 'check', 'templates')]);
    expect(result.code).toBe(1);
    // Said once, though both sample visits and the book (which includes it) meet it.
    expect(result.stderr.trim().split('\n')).toEqual([
      expect.stringMatching(/chronology\.hbs:3:5: cite "nope": no source has that id/),
    ]);
  });

  it('accepts the bundled templates and sections without arguments', () => {
    expect(problems('{{#visit}}{{visitor.name}}{{/visit}}\n{{> factsheet}}\n')).toEqual([]);
  });

  it('exits 1 through the CLI, names templates/<doc>.hbs:line:col and writes nothing', () => {
    mkdirSync(join(dir, 'cli', 'templates'), { recursive: true });
    writeFileSync(join(dir, 'cli', 'templates', 'factsheet.hbs'), '# {{title}}\n\n{{#each facts}}\n');
    cpSync(join(ROOT, 'tests/fixtures/unseen-visit.yaml'), join(dir, 'cli', 'visit.yaml'));
    for (const command of [
      ['build', 'visit.yaml', '-t', 'templates', '-o', 'out'],
      ['check', 'visit.yaml', '-t', 'templates'],
    ]) {
      const result = runCli(command, { cwd: join(dir, 'cli') });
      expect(result.code).toBe(1);
      expect(result.stderr).toBe(
        'templates/factsheet.hbs:3:1: template syntax error: {{#each}} is never closed; add {{/each}}\n',
      );
    }
    expect(readdirSync(join(dir, 'cli')).sort()).toEqual(['templates', 'visit.yaml']);
  });
});
