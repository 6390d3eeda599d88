/**
 * A seeded fuzz test: thousands of mutations of the sample visit files (text and structure)
 * through the loader and, when valid, the Markdown build. Every run must end in either a
 * built visit or well-formed diagnostics; no exception escapes, and an invalid file writes nothing.
 * PDFs are left out to keep 5,000 runs fast; the Markdown is what the PDF is typeset from.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { buildVisits } from '../src/build.js';
import { formatDiagnostic } from '../src/diagnostics.js';
import { DOC_KINDS } from '../src/docs.js';
import { loadVisitFile } from '../src/load/index.js';
import { TemplateSet } from '../src/render/templates.js';
import { ROOT } from './helpers/cli.js';

/**
 * FUZZ_RUNS and FUZZ_SEED widen a local bug hunt (FUZZ_RUNS=20000 takes about a minute); the
 * test run keeps to 2,000 runs of the fixed seed, so that `npm test` stays quick.
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 2_000);
const SEED = Number(process.env.FUZZ_SEED ?? 20_171_031);

const dataDir = join(ROOT, 'data');
const seeds = [
  ...(existsSync(dataDir)
    ? readdirSync(dataDir)
        .filter((f) => /\.ya?ml$/.test(f))
        .map((f) => join(dataDir, f))
    : []),
  join(ROOT, 'tests/fixtures/unseen-visit.yaml'),
].map((path) => ({ text: readFileSync(path, 'utf8'), data: parse(readFileSync(path, 'utf8')) as unknown }));

const out = mkdtempSync(join(tmpdir(), 'briefing-fuzz-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));
const templates = TemplateSet.load();

type Path = (string | number)[];
function paths(value: unknown, at: Path = []): Path[] {
  if (Array.isArray(value)) return [at, ...value.flatMap((v, i) => paths(v, [...at, i]))];
  if (value && typeof value === 'object')
    return [at, ...Object.entries(value).flatMap(([k, v]) => paths(v, [...at, k]))];
  return [at];
}

const syntax = fc.constantFrom(
  ':',
  '-',
  '#',
  '"',
  "'",
  '[',
  ']',
  '{',
  '}',
  ',',
  '\n',
  '\t',
  ' ',
  '&',
  '*',
  '!',
  '|',
  '>',
  '%',
  '@',
  '`',
  '\\',
  '---',
  '<<: *a',
  '2017-02-30',
  '\u0000',
  '\uFEFF',
);
const garbage = fc.oneof(syntax, fc.string({ maxLength: 6 }), fc.string({ unit: 'binary', maxLength: 4 }));
const anyValue = fc.oneof(
  fc.string({ maxLength: 8 }),
  fc.constantFrom('', ' ', '2017-13', '25:00', 'Not-An-Id', '../x', 'mofa-2017', '2006'),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.string({ maxLength: 4 }), { maxLength: 2 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.string({ maxLength: 5 }), { maxKeys: 2 }),
);

/** A text mutation: insert garbage, delete a span, truncate, or break the encoding. */
const textMutation = fc.oneof(
  fc.record({ op: fc.constant('insert' as const), at: fc.double({ min: 0, max: 1, noNaN: true }), text: garbage }),
  fc.record({
    op: fc.constant('delete' as const),
    at: fc.double({ min: 0, max: 1, noNaN: true }),
    length: fc.integer({ min: 1, max: 40 }),
  }),
  fc.record({ op: fc.constant('truncate' as const), at: fc.double({ min: 0, max: 1, noNaN: true }) }),
  fc.record({
    op: fc.constant('bytes' as const),
    at: fc.double({ min: 0, max: 1, noNaN: true }),
    byte: fc.integer({ min: 0x80, max: 0xff }),
  }),
);

/** A structure mutation: delete a field, change its type, rename it, or duplicate a list item. */
const structureMutation = fc.record({
  op: fc.constantFrom('delete', 'replace', 'rename', 'duplicate'),
  pick: fc.nat(),
  value: anyValue,
  json: fc.boolean(),
});

type TextMutation = typeof textMutation extends fc.Arbitrary<infer T> ? T : never;

function mutateText(text: string, m: TextMutation): { name: string; bytes: Uint8Array } {
  const at = Math.floor(m.at * text.length);
  if (m.op === 'insert') return { name: 'fuzz.yaml', bytes: Buffer.from(text.slice(0, at) + m.text + text.slice(at)) };
  if (m.op === 'delete')
    return { name: 'fuzz.yaml', bytes: Buffer.from(text.slice(0, at) + text.slice(at + m.length)) };
  if (m.op === 'truncate') return { name: 'fuzz.yaml', bytes: Buffer.from(text.slice(0, at)) };
  if (m.op !== 'bytes') throw new Error('unreachable');
  const bytes = Buffer.from(text);
  bytes[Math.floor(m.at * (bytes.length - 1))] = m.byte;
  return { name: 'fuzz.yaml', bytes };
}

function mutateStructure(data: unknown, m: { op: string; pick: number; value: unknown; json: boolean }) {
  const copy = structuredClone(data) as Record<string, unknown>;
  const all = paths(copy).filter((p) => p.length > 0);
  const path = all[m.pick % all.length]!;
  const parent = path
    .slice(0, -1)
    .reduce<Record<string | number, unknown>>(
      (node, key) => node[key] as Record<string | number, unknown>,
      copy as Record<string | number, unknown>,
    );
  const key = path.at(-1)!;
  if (m.op === 'delete') {
    if (Array.isArray(parent)) parent.splice(key as number, 1);
    else delete parent[key];
  } else if (m.op === 'replace') parent[key] = m.value;
  else if (m.op === 'rename' && !Array.isArray(parent)) {
    const renamed = `${String(key).slice(1)}${String(key)[0] ?? 'x'}`;
    parent[renamed] = parent[key];
    delete parent[key];
  } else if (Array.isArray(parent)) parent.push(structuredClone(parent[key as number]));
  const text = m.json ? JSON.stringify(copy, null, 2) : stringify(copy);
  return { name: m.json ? 'fuzz.json' : 'fuzz.yaml', bytes: Buffer.from(text ?? '') };
}

const WELL_FORMED = (name: string) => new RegExp(`^${name.replace('.', '\\.')}(:\\d+:\\d+: |: [\\w.[\\]]+: |: )\\S`);

it(`survives ${RUNS} mutations of the sample visits`, async () => {
  const started = performance.now();
  const tally = { valid: 0, invalid: 0, warnings: 0 };
  await fc.assert(
    fc.asyncProperty(
      fc.nat({ max: seeds.length - 1 }),
      fc.oneof(
        textMutation.map((m) => ({ kind: 'text' as const, m })),
        structureMutation.map((m) => ({ kind: 'structure' as const, m })),
      ),
      fc.array(textMutation, { maxLength: 1 }),
      async (seedIndex, first, more) => {
        const seed = seeds[seedIndex]!;
        let input = first.kind === 'text' ? mutateText(seed.text, first.m) : mutateStructure(seed.data, first.m);
        for (const m of more) input = { ...mutateText(Buffer.from(input.bytes).toString('utf8'), m), name: input.name };

        const { loaded, diagnostics } = loadVisitFile(input.name, input.bytes);
        for (const d of diagnostics) {
          const line = formatDiagnostic(d);
          expect(line).toMatch(WELL_FORMED(input.name));
          expect(line.split('\n').length).toBeLessThanOrEqual(2);
        }
        rmSync(out, { recursive: true, force: true });
        if (!loaded) {
          expect(diagnostics.some((d) => d.severity === 'error')).toBe(true);
          tally.invalid++;
          const report = await buildVisits([], templates, { out, formats: ['md'], docs: DOC_KINDS, force: true });
          expect(report.outputs).toEqual([]);
          expect(existsSync(out) ? readdirSync(out).filter((f) => !f.startsWith('.')) : []).toEqual([]);
          return;
        }
        tally.valid++;
        if (diagnostics.length) tally.warnings++;
        const report = await buildVisits([loaded], templates, { out, formats: ['md'], docs: DOC_KINDS, force: true });
        expect(report.diagnostics).toEqual([]);
        expect(report.outputs).toHaveLength(DOC_KINDS.length);
        for (const o of report.outputs) expect(readFileSync(o.path, 'utf8')).not.toMatch(/&(amp|lt|gt);/);
      },
    ),
    { seed: SEED, numRuns: RUNS },
  );
  const seconds = (performance.now() - started) / 1000;
  console.log(
    `fuzz: ${RUNS} runs in ${seconds.toFixed(1)} s (${tally.valid} valid, ${tally.warnings} with warnings, ${tally.invalid} invalid), seed ${SEED}`,
  );
  expect(tally.valid).toBeGreaterThan(RUNS / 20);
  expect(tally.invalid).toBeGreaterThan(RUNS / 10);
}, 120_000);
