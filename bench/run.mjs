#!/usr/bin/env node
/**
 * `npm run bench`: times the built CLI (dist/cli.js) on inputs generated in a temporary folder
 * and compares the medians with their targets. Every figure is a separate cold process
 * (except the watch scenario, which times one long-lived process), measured as wall time; peak
 * RSS comes from /usr/bin/time when present. Writes bench/results.json.
 *
 *   npm run bench                 # all scenarios
 *   BENCH_RUNS=3 npm run bench    # fewer runs per scenario
 */
import { spawn, spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chronologyEdits, generateVisit, photoVisit, sampleSized, scriptsVisit } from './generate.mjs';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const CLI = join(ROOT, 'dist/cli.js');
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;

if (!existsSync(CLI)) {
  console.error('bench: dist/cli.js is missing; run `npm run build` first');
  process.exit(2);
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/** Runs the CLI once; returns wall ms, peak RSS (MB) and the --json summary. */
function run(args, env = {}) {
  const rssFile = join(work, 'rss.txt');
  const command = TIME
    ? [TIME, '-f', '%M %U %S', '-o', rssFile, process.execPath, CLI, ...args]
    : [process.execPath, CLI, ...args];
  const started = performance.now();
  const result = spawnSync(command[0], command.slice(1), {
    encoding: 'utf8',
    env: { ...process.env, ...env },
    maxBuffer: 64 << 20,
  });
  const ms = performance.now() - started;
  if (result.status !== 0) throw new Error(`briefing ${args.join(' ')} exited ${result.status}:\n${result.stderr}`);
  const [kb, user, system] = TIME ? readFileSync(rssFile, 'utf8').trim().split('\n').at(-1).split(' ').map(Number) : [];
  const summary = args.includes('--json') ? JSON.parse(result.stdout) : undefined;
  return {
    ms,
    rss: kb && kb / 1024,
    cpu: user !== undefined ? (user + system) * 1000 : undefined,
    summary,
    stdout: result.stdout,
  };
}

function totals(summary) {
  const pdfs = summary.outputs.filter((o) => o.format === 'pdf');
  return {
    pages: pdfs.reduce((n, o) => n + (o.pages ?? 0), 0),
    bytes: summary.outputs.reduce((n, o) => n + o.bytes, 0),
    files: summary.outputs.length,
  };
}

/** Every output file under `dir` with its mtime. */
function mtimes(dir) {
  const found = {};
  for (const visit of readdirSync(dir)) {
    const sub = join(dir, visit);
    if (!statSync(sub).isDirectory()) continue;
    for (const file of readdirSync(sub)) found[`${visit}/${file}`] = statSync(join(sub, file)).mtimeMs;
  }
  return found;
}

/** Runs a cold build RUNS times into a fresh output folder each time. */
function coldBuilds(name, inputs, extra = [], runs = RUNS) {
  const times = [];
  const rss = [];
  const cpu = [];
  let summary;
  for (let i = 0; i < runs; i++) {
    const out = join(work, `out-${name}`);
    rmSync(out, { recursive: true, force: true });
    const r = run(['build', inputs, '-o', out, '--json', ...extra]);
    times.push(r.ms);
    if (r.rss) rss.push(r.rss);
    if (r.cpu !== undefined) cpu.push(r.cpu);
    summary = r.summary;
  }
  return { times, rss, cpu, ...totals(summary) };
}

/** `briefing diff A B --json` in a cold process, RUNS times; checks it finds the twenty changes. */
function diffs(before, after) {
  const times = [];
  const cpu = [];
  for (let i = 0; i < RUNS; i++) {
    const r = run(['diff', before, after, '--json']);
    times.push(r.ms);
    if (r.cpu !== undefined) cpu.push(r.cpu);
    const found = JSON.parse(r.stdout).changes.length;
    if (found !== 20) throw new Error(`diff: expected 20 changes, found ${found}`);
  }
  return { times, cpu, rss: [], files: 0 };
}

function noChangeBuilds(inputs) {
  const out = join(work, 'out-nochange');
  rmSync(out, { recursive: true, force: true });
  run(['build', inputs, '-o', out]);
  const before = mtimes(out);
  const times = [];
  const cpu = [];
  let summary;
  for (let i = 0; i < RUNS; i++) {
    const r = run(['build', inputs, '-o', out, '--json']);
    times.push(r.ms);
    if (r.cpu !== undefined) cpu.push(r.cpu);
    summary = r.summary;
  }
  const after = mtimes(out);
  const rewritten = Object.keys(before).filter((f) => before[f] !== after[f]);
  return { times, cpu, rewritten, ...totals(summary) };
}

/** Edits one fact value, then times until the fact sheet PDF on disk has changed. */
async function watchEdits(inputs, visitFile, id) {
  const out = join(work, 'out-watch');
  rmSync(out, { recursive: true, force: true });
  const child = spawn(process.execPath, [CLI, 'build', inputs, '-o', out, '--watch', '--quiet'], { stdio: 'ignore' });
  const pdf = join(out, id, 'factsheet.pdf');
  const until = async (ok, ms = 30_000) => {
    const deadline = Date.now() + ms;
    while (!ok()) {
      if (Date.now() > deadline) throw new Error('watch: timed out');
      await new Promise((r) => setTimeout(r, 1));
    }
  };
  const bytes = () => (existsSync(pdf) ? readFileSync(pdf) : Buffer.alloc(0));
  await until(() => existsSync(pdf));
  await new Promise((r) => setTimeout(r, 1500)); // let the initial build and warm-up finish
  const original = readFileSync(visitFile, 'utf8');
  const times = [];
  try {
    for (let i = 0; i < RUNS + 1; i++) {
      const before = bytes();
      const value = `bench edit ${i} ${Date.now()}`;
      // The first fact's value, in YAML or in JSON.
      const edited = original
        .replace(/^(\s*value:\s*).*$/m, `$1"${value}"`)
        .replace(/"value":\s*"[^"]*"/, `"value":"${value}"`);
      if (edited === original) throw new Error(`watch: no fact value to edit in ${visitFile}`);
      const started = performance.now();
      writeFileSync(visitFile, edited);
      await until(() => !bytes().equals(before));
      if (i > 0) times.push(performance.now() - started); // the first edit warms the watcher
      await new Promise((r) => setTimeout(r, 200));
    }
  } finally {
    child.kill('SIGINT');
    writeFileSync(visitFile, original);
  }
  return { times, rss: [], pages: undefined, bytes: statSync(pdf).size, files: 1 };
}

/**
 * A fixed JavaScript workload (many small objects, strings, a sort, JSON), timed in this
 * process: machines of the same kind differ, and this says by how much, so figures taken on
 * different machines can be compared.
 */
function machineReference() {
  const times = [];
  for (let run = 0; run < 7; run++) {
    const started = performance.now();
    const words = [];
    for (let i = 0; i < 200_000; i++) words.push({ text: `word ${(i * 7919) % 100_003}`, width: i % 97 });
    words.sort((a, b) => (a.text < b.text ? -1 : a.text > b.text ? 1 : a.width - b.width));
    JSON.parse(JSON.stringify(words));
    times.push(performance.now() - started);
  }
  return Math.round(median(times));
}

// ---- inputs -----------------------------------------------------------------------------------
const work = mkdtempSync(join(tmpdir(), 'briefing-bench-'));
const samples = join(work, 'samples');
const batch = join(work, 'batch');
const chronology = join(work, 'chronology');
const latinOnly = join(work, 'latin-only');
const scripts = join(work, 'scripts');
const photos = join(work, 'photos');
const revised = join(work, 'revised');
for (const d of [samples, batch, chronology, latinOnly, scripts, photos, revised]) mkdirSync(d);
const dataFiles = existsSync(join(ROOT, 'data'))
  ? readdirSync(join(ROOT, 'data')).filter((f) => /\.(ya?ml|json)$/.test(f))
  : [];
let sampleNote = 'data/*.yaml';
if (dataFiles.length) for (const f of dataFiles) cpSync(join(ROOT, 'data', f), join(samples, f));
else {
  sampleNote = 'generated (data/ was empty)';
  writeFileSync(join(samples, 'sample-a.json'), JSON.stringify(sampleSized('sample-a', 1)));
  writeFileSync(join(samples, 'sample-b.json'), JSON.stringify(sampleSized('sample-b', 2)));
}
for (let i = 1; i <= 100; i++)
  writeFileSync(join(batch, `visit-${String(i).padStart(3, '0')}.json`), JSON.stringify(sampleSized(`visit-${i}`, i)));
writeFileSync(join(latinOnly, 'latin.json'), JSON.stringify(scriptsVisit('latin-only', true)));
writeFileSync(join(scripts, 'scripts.json'), JSON.stringify(scriptsVisit('scripts', false)));
const longVisit = generateVisit('long-chronology', 7, { chronology: 2000 });
writeFileSync(join(chronology, 'long.json'), JSON.stringify(longVisit));
writeFileSync(join(photos, 'photos.json'), JSON.stringify(await photoVisit(photos, 'ten-photos')));
// The long chronology released as revision 1, then edited: twenty changes to compare and mark.
const revisedFile = join(revised, 'long.json');
writeFileSync(revisedFile, JSON.stringify({ ...longVisit, id: 'long-revised' }));
const released = join(revised, 'released.json');
cpSync(revisedFile, released);
run(['release', revisedFile, '-o', join(work, 'out-release'), '-d', 'chronology', '-f', 'md'], {
  SOURCE_DATE_EPOCH: '1509667200',
});
writeFileSync(revisedFile, JSON.stringify({ ...chronologyEdits(longVisit), id: 'long-revised' }));
const firstSample = join(samples, readdirSync(samples).sort()[0]);
const firstId = (() => {
  const text = readFileSync(firstSample, 'utf8');
  return /^\s*"?id"?\s*:\s*"?([a-z0-9-]+)/m.exec(text)?.[1] ?? basename(firstSample).replace(/\.[^.]+$/, '');
})();

// ---- scenarios --------------------------------------------------------------------------------
const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
const loadBefore = load();
const referenceMs = machineReference();
console.log(
  `briefing bench: ${RUNS} runs per scenario, ${availableParallelism()} cores, Node ${process.version}; samples: ${sampleNote}; load average ${loadBefore}`,
);
console.log(
  `machine reference: ${referenceMs} ms (a fixed JavaScript workload: a machine that takes longer for it takes longer for everything below)`,
);
const results = [];
const add = (id, name, r, target, rssTarget) => {
  const ms = median(r.times);
  const rss = r.rss?.length ? Math.max(...r.rss) : undefined;
  const pass =
    ms <= target && (rssTarget === undefined || rss === undefined || rss <= rssTarget) && !r.rewritten?.length;
  const cpu = r.cpu?.length ? Math.round(median(r.cpu)) : undefined;
  results.push({
    id,
    name,
    medianMs: Math.round(ms),
    targetMs: target,
    medianCpuMs: cpu,
    runsMs: r.times.map(Math.round),
    pages: r.pages,
    bytes: r.bytes,
    files: r.files,
    peakRssMb: rss && Math.round(rss),
    rssTargetMb: rssTarget,
    rewritten: r.rewritten,
    pass,
  });
  process.stderr.write(`  done: ${name}\n`);
};

add(1, `cold build, ${readdirSync(samples).length} samples`, coldBuilds('samples', samples), 800, 200);
add(2, 'watch: one-field edit to PDF', await watchEdits(samples, firstSample, firstId), 150);
add(3, 'rebuild, nothing changed', noChangeBuilds(samples), 300);
add(4, '100 visits, cold', coldBuilds('batch', batch, [], Math.min(RUNS, 3)), 12_000);
add(5, '2,000-entry chronology', coldBuilds('chronology', chronology, ['-d', 'chronology']), 1_500, 300);
add(6, 'factsheet, Latin only (cold)', coldBuilds('latin-only', latinOnly, ['-d', 'factsheet', '-f', 'pdf']), 800, 200);
add(
  7,
  'factsheet, names in 12 scripts (cold)',
  coldBuilds('scripts', scripts, ['-d', 'factsheet', '-f', 'pdf']),
  1_200,
  250,
);

add(
  8,
  'book, ten 12-MP photos (cold)',
  coldBuilds('photos', photos, ['-d', 'book', '-f', 'pdf'], Math.min(RUNS, 3)),
  4_000,
  400,
);
add(
  9,
  'chronology + changes, 20 changes (cold)',
  coldBuilds('revised', revisedFile, ['-d', 'chronology,changes', '-f', 'pdf'], Math.min(RUNS, 3)),
  2_500,
  400,
);
add(10, 'diff of 2,000 entries, 20 changes', diffs(released, revisedFile), 1_500);

// ---- report -----------------------------------------------------------------------------------
const row = (cells) => cells.map((c, i) => String(c ?? '').padEnd([42, 9, 9, 9, 6, 10, 9, 8, 5][i])).join(' ');
console.log(row(['scenario', 'median', 'target', 'CPU', 'pages', 'bytes', 'peak RSS', 'RSS tgt', 'ok']));
for (const r of results) {
  const extra = r.rewritten ? ` (${r.rewritten.length} rewritten)` : '';
  console.log(
    row([
      `${r.id}. ${r.name}`,
      `${r.medianMs} ms`,
      `${r.targetMs} ms`,
      r.medianCpuMs !== undefined ? `${r.medianCpuMs} ms` : '',
      r.pages,
      r.bytes,
      r.peakRssMb ? `${r.peakRssMb} MB` : '',
      r.rssTargetMb ? `${r.rssTargetMb} MB` : '',
      r.pass ? 'pass' : 'FAIL',
    ]) + extra,
  );
}
const file = join(ROOT, 'bench/results.json');
const loadAfter = load();
writeFileSync(
  file,
  `${JSON.stringify({ date: new Date().toISOString(), node: process.version, cores: availableParallelism(), referenceMs, runs: RUNS, samples: sampleNote, loadAverage: { before: loadBefore, after: loadAfter }, results }, null, 2)}\n`,
);
console.log(
  `CPU = user + system time of the process (median); wall times rise when other work shares the cores (load average now ${loadAfter})`,
);
console.log(`wrote ${file}`);
rmSync(work, { recursive: true, force: true });
process.exitCode = results.every((r) => r.pass) ? 0 : 1;
