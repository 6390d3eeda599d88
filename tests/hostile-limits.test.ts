/**
 * Hostile and huge input ends in time: work grows linearly with the input (an input four times
 * as long takes about four times the CPU time, never sixteen), and what is past a limit (src/limits.ts) is an error naming
 * the limit and where it was hit, never a hang or an exhausted machine.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { formatDiagnostic } from '../src/diagnostics.js';
import { FIELD_CHARS, VISIT_FILE_BYTES } from '../src/limits.js';
import { loadVisitFile } from '../src/load/index.js';
import { lex } from '../src/markdown/lex.js';
import { escapeMarkdown, tableCell } from '../src/render/escape.js';
import { resolveTemplates, TemplateSet } from '../src/render/templates.js';
import type { PageFrame } from '../src/typeset/frame.js';
import { threadsAllowed } from '../src/workers/pool.js';
import { runPdfJob } from '../src/workers/typeset-job.js';
import { testFrame } from './helpers/frame.js';

const dir = mkdtempSync(join(tmpdir(), 'briefing-limits-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** CPU time of `work` in ms (user and system, this process). */
async function cpuMs(work: () => unknown): Promise<number> {
  const start = process.cpuUsage();
  await work();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}

/**
 * The stage run on an input four times `size` takes at most `bound` times as long as on `size`
 * (linear: about 4; quadratic: about 16 — far enough apart for CPU time on a shared machine, where
 * a doubling's 2 against 4 is not). Each measure repeats the stage until one takes at least
 * MEASURABLE_MS (the same count for both sizes), so that timer granularity and noise cannot
 * decide the ratio while the input stays as large as real input gets; each repeat gets its own
 * `variant` of the input (the engine may keep results for a text it has seen); each size is
 * measured `runs` times and the fastest taken.
 */
async function expectLinear(
  stage: (size: number, variant: number) => unknown,
  size: number,
  runs = 2,
  bound = 8,
): Promise<void> {
  await stage(size / 4, 0); // warm-up: compiled code and loaded fonts for both runs
  let repeats = 1;
  const best = async (n: number) => {
    let fastest = Infinity;
    for (let i = 0; i < runs; i++)
      fastest = Math.min(
        fastest,
        await cpuMs(async () => {
          for (let r = 0; r < repeats; r++) await stage(n, r);
        }),
      );
    return fastest;
  };
  let once = await best(size);
  while (once < MEASURABLE_MS && repeats < 64) {
    repeats *= 2;
    once = await best(size);
  }
  const fourfold = await best(size * 4);
  const what = `${Math.round(once)} ms for ${size} (×${repeats}), ${Math.round(fourfold)} ms for ${size * 4}`;
  expect(fourfold / once, what).toBeLessThan(bound);
}

/** A measure shorter than this is mostly timer granularity and scheduling noise. */
const MEASURABLE_MS = 25;

const VISIT = 'title: T\nvisit:\n  visitor: {name: Ana}\n  host: {country: B}\n  start: 2020-01-01\n';
const FRAME: PageFrame = testFrame({ title: 'T' });
const WORDS = 'the delegation will discuss trade, security and the exchange of students ';

describe('work grows linearly with the input', () => {
  it('escapes a plain field with a long unbroken word, a long run of spaces or of brackets', async () => {
    await expectLinear((n, v) => escapeMarkdown(`x${'a'.repeat(n)}${v}`), FIELD_CHARS / 4);
    await expectLinear((n, v) => tableCell(`${' '.repeat(n)}x${v}`), FIELD_CHARS / 4);
    await expectLinear((n, v) => escapeMarkdown(`www.x.org${')'.repeat(n)}${v}`), FIELD_CHARS / 4);
  });

  it('reads a Markdown field holding a long word: brackets, letters, a web address', async () => {
    await expectLinear((n, v) => lex(`${'['.repeat(n)}${v}`), 20_000);
    // At most a field's length (FIELD_CHARS) once grown: the lexer never sees longer text.
    await expectLinear((n, v) => lex(`x ${'a'.repeat(n)} y${v}`), FIELD_CHARS / 4);
    await expectLinear((n, v) => lex(`see https://example.org/${'a'.repeat(n)}[^s1] here ${v}`), FIELD_CHARS / 4);
  });

  it('breaks a long paragraph into lines (typesetting a long purpose)', async () => {
    const paragraph = (n: number) => WORDS.repeat(Math.ceil(n / WORDS.length));
    await expectLinear((n) => runPdfJob({ markdown: paragraph(n), frame: FRAME, options: {} }), FIELD_CHARS / 4, 1);
  });
});

describe('escaping is unchanged for ordinary text', () => {
  it.each([
    [
      'mail a.b+c@example.org, or see www.example.org/x).',
      'mail [a.b+c@example.org](<mailto:a.b+c@example.org>), or see [www.example.org/x](<http://www.example.org/x>)).',
    ],
    ['x@y.com_z@w.org', '[x@y.com](<mailto:x@y.com>)[\\_z@w.org](<mailto:_z@w.org>)'],
    ['lines\n  joined   \n here', 'lines joined here'],
  ])('%j', (text, escaped) => expect(escapeMarkdown(text)).toBe(escaped));
});

/** The lines a visit file's problems print as. */
const problems = (file: string, bytes?: Uint8Array) =>
  loadVisitFile(file, bytes).diagnostics.map((d) => formatDiagnostic(d));

describe('limits on what comes in', () => {
  it('refuses a field longer than the limit, at its place', () => {
    const text = `${VISIT}  purpose: "${'word '.repeat(FIELD_CHARS / 5)}x"\n`;
    expect(problems('long.yaml', Buffer.from(text))).toEqual([
      'long.yaml:6:12: visit.purpose: 100,001 characters is more than the limit of 100,000 for one field; shorten it',
    ]);
  });

  it('refuses a visit file larger than the limit before parsing it', () => {
    const file = join(dir, 'large.yaml');
    writeFileSync(file, `${VISIT}# ${'x'.repeat(VISIT_FILE_BYTES)}\n`);
    expect(problems(file)).toEqual([
      `${file}:1:1: visit file is larger than the limit of 10 MB; split it or shorten it`,
    ]);
  });

  it('reads only regular files: a FIFO or a link to a device is an error at its path, not a hang', () => {
    const fifo = join(dir, 'fifo.yaml');
    execFileSync('mkfifo', [fifo]);
    const zero = join(dir, 'zero.yaml');
    symlinkSync('/dev/zero', zero);
    const refusal = (file: string) => loadVisitFile(file).diagnostics.map(formatDiagnostic);
    const elsewhere = 'rename it, or move it out of the folder of visit files';
    expect(refusal(fifo)).toEqual([`${fifo}: is a named pipe (FIFO), not a visit file; ${elsewhere}`]);
    expect(refusal(zero)).toEqual([`${zero}: is a device, not a visit file; ${elsewhere}`]);
  });

  it('starts no more typesetting threads than there are cores', () => {
    expect(threadsAllowed(64)).toBe(availableParallelism());
    expect(threadsAllowed(99_999_999_999)).toBe(availableParallelism());
    expect(threadsAllowed(1)).toBe(1);
  });
});

describe('limits on what is made', () => {
  it('stops a template whose nested blocks grow without end, naming the template and the limit', async () => {
    const templates = join(dir, 'templates');
    mkdirSync(templates);
    writeFileSync(
      join(templates, 'factsheet.hbs'),
      '# {{title}}\n{{#each people}}{{#each ../people}}{{#each ../../people}}{{#each ../../../people}}- {{name}}\n{{/each}}{{/each}}{{/each}}{{/each}}\n',
    );
    const set = new TemplateSet(resolveTemplates(templates));
    const people = Array.from({ length: 40 }, (_, i) => ({ name: `Person ${i}` }));
    let message = '';
    const cpu = await cpuMs(() => {
      try {
        set.render('factsheet', { title: 'T', people, sources: [] } as never);
      } catch (error) {
        message = (error as Error).message;
      }
    });
    expect(message).toBe(
      `${join(templates, 'factsheet.hbs')}:2:58: {{#each}}: the document grows past the limit of 1,000,000 repetitions for one document; check the nesting of repeated blocks`,
    );
    expect(cpu).toBeLessThan(5000);
  });
});
