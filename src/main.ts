/**
 * The command line: parses options and wires the stages together; no stage logic lives here.
 * `main` runs a command and maps whatever it throws to what is printed and the exit status.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { Argument, Command, CommanderError, Option } from 'commander';
import type { BuildReport, OutputRecord } from './build.js';
import {
  BriefingError,
  type Diagnostic,
  diagnosticsOf,
  EXIT,
  formatDiagnostic,
  hasErrors,
  invalidInput,
  onPath,
  usageError,
} from './diagnostics.js';
import { DEFAULT_DOCS, DEFAULT_FORMATS, DOC_KINDS, type DocKind, FORMATS, type Format } from './docs.js';
import { discoverVisitFiles } from './load/discover.js';
import type { Paper } from './model/visit.js';
import { templateName, USER_LABELS } from './render/template-files.js';
import { suggest } from './suggest.js';
import type { WatchEvent } from './watch.js';

// The stages are imported where used, so that `--help`, `check` and `schema` never load pdfmake.

const version = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string })
  .version;

function list<T extends string>(what: string, allowed: readonly T[]) {
  return (value: string): T[] => {
    const items = value
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    const unknown = items.filter((item) => !allowed.includes(item as T));
    if (unknown.length || items.length === 0) {
      throw usageError(
        `unknown ${what} "${unknown.join(',') || value}"; expected a comma list of: ${allowed.join(', ')}`,
      );
    }
    return [...new Set(items)] as T[];
  };
}

function paperSize(value: string): Paper {
  const upper = value.toUpperCase();
  if (upper !== 'A4' && upper !== 'LETTER') throw usageError(`unknown paper "${value}"; expected A4 or LETTER`);
  return upper;
}

/** The visit files or folders to read when the command line names none. */
const DEFAULT_PATHS = ['data'];

/** `[paths...]`, with its default as the help shows it. */
const pathsArgument = (description: string) =>
  new Argument('[paths...]', description).default(DEFAULT_PATHS, `${DEFAULT_PATHS.join(', ')}/`);

/** `-o`: a folder, made if missing; a file in its place would fail every write. */
function outFolder(value: string): string {
  if (onPath(value, () => statSync(value, { throwIfNoEntry: false }))?.isDirectory() === false) {
    throw usageError(`${value}: is a file; --out expects a folder (created if missing)`);
  }
  return value;
}

/** `-t`: an existing folder holding at least one of the documents' templates, or a labels file. */
function templatesFolder(value: string): string {
  const names = DOC_KINDS.map(templateName);
  const stat = onPath(value, () => statSync(value, { throwIfNoEntry: false }));
  if (!stat) throw usageError(`${value}: no such folder; --templates expects a folder of ${names.join(', ')}`);
  if (!stat.isDirectory()) throw usageError(`${value}: is a file; --templates expects a folder of ${names.join(', ')}`);
  const listed = onPath(value, () => readdirSync(value));
  const files = listed.filter((name) => name.endsWith('.hbs'));
  if (!files.some((name) => names.includes(name)) && !listed.includes(USER_LABELS)) {
    throw usageError(`${value}: holds none of ${names.join(', ')} nor ${USER_LABELS}; nothing would be overridden`);
  }
  for (const path of names.filter((known) => files.includes(known)).map((name) => join(value, name))) {
    if (!onPath(path, () => statSync(path)).isFile())
      throw usageError(`${path}: is not a file; a template is a file of Handlebars text`);
  }
  // A misspelt name would be silently ignored, and its document built from the bundled template.
  for (const name of files.filter((file) => !names.includes(file))) {
    const near = suggest(name.replace(/_/g, '-'), names);
    process.stderr.write(
      `briefing: warning: ${join(value, name)} is not used: templates are named ${names.join(', ')}${near ? `; did you mean ${near}?` : ''}\n`,
    );
  }
  return value;
}

/** Each problem as its line, said once: a template's mistake is met by every visit it renders. */
const problemLines = (diagnostics: readonly Diagnostic[]): string[] => [...new Set(diagnostics.map(formatDiagnostic))];

function printDiagnostics(diagnostics: readonly Diagnostic[], quiet: boolean): void {
  for (const line of problemLines(quiet ? diagnostics.filter((d) => d.severity === 'error') : diagnostics))
    process.stderr.write(`${line}\n`);
}

/** The problems of --json: each as its printed line, errors and warnings apart. */
function problemsBySeverity(diagnostics: readonly Diagnostic[]): { errors: string[]; warnings: string[] } {
  const lines = (severity: Diagnostic['severity']) => problemLines(diagnostics.filter((d) => d.severity === severity));
  return { errors: lines('error'), warnings: lines('warning') };
}

interface BuildFlags {
  out: string;
  format: Format[];
  doc: DocKind[];
  templates?: string;
  paper?: Paper;
  quiet?: boolean;
  json?: boolean;
  watch?: boolean;
  force?: boolean;
  jobs?: number;
  strict?: boolean;
}

function positiveInteger(value: string): number {
  if (!/^[1-9]\d*$/.test(value)) throw usageError(`--jobs expects a whole number of 1 or more, not "${value}"`);
  return Number(value);
}

function buildOptions(flags: BuildFlags) {
  return {
    out: flags.out,
    formats: flags.format,
    docs: flags.doc,
    paper: flags.paper,
    templates: flags.templates,
    force: flags.force,
    jobs: flags.jobs,
    strict: flags.strict,
  };
}

/** One line per rebuild (or one JSON object), errors as they come. */
function reportRebuild(event: WatchEvent, flags: { out: string; quiet?: boolean; json?: boolean }): void {
  printDiagnostics(event.diagnostics, Boolean(flags.quiet));
  const built = event.outputs.filter((o) => !o.skipped);
  if (flags.json)
    process.stdout.write(`${JSON.stringify({ ...event, diagnostics: event.diagnostics.map(formatDiagnostic) })}\n`);
  else if (!flags.quiet) {
    const what = event.changed.length > 3 ? `${event.changed.length} files` : event.changed.join(', ');
    const names = built.map((o) => relative(flags.out, o.path)).join(', ');
    const result =
      event.removed.length && !event.outputs.length
        ? `removed (outputs kept in ${flags.out})`
        : event.kind === 'failed' && built.length === 0
          ? 'not rebuilt (errors above)'
          : `${built.length} of ${event.outputs.length} outputs rebuilt${names ? `: ${names}` : ''}`;
    process.stdout.write(`${what} → ${result} in ${Math.round(event.ms)} ms\n`);
  }
}

/** Watch mode: one line per rebuild, errors as they come, until Ctrl-C (exit 0). */
async function watchMode(paths: string[], flags: BuildFlags): Promise<number> {
  const interrupted = new Promise<void>((stop) => process.once('SIGINT', stop));
  const { watchBuild } = await import('./watch.js');
  const watcher = await watchBuild(paths, buildOptions(flags), (event) => reportRebuild(event, flags));
  if (!flags.quiet && !flags.json) process.stdout.write('watching for changes; Ctrl-C to stop\n');
  await interrupted;
  await watcher.close();
  return EXIT.ok;
}

async function build(paths: string[], flags: BuildFlags): Promise<number> {
  if (flags.watch) return watchMode(paths, flags);
  const files = discoverVisitFiles(paths);
  const { buildFiles } = await import('./build.js');
  const { createProgress } = await import('./progress.js');
  const { poolSize, TypesetPool } = await import('./workers/pool.js');
  // Workers start before the visits load, so that their warm-up overlaps the loading.
  const inputBytes = files.reduce((sum, file) => sum + sizeOf(file), 0);
  const threads = flags.format.includes('pdf') ? poolSize(inputBytes, files.length * flags.doc.length, flags.jobs) : 0;
  const pool = threads > 0 ? await TypesetPool.start(threads) : undefined;
  const progress = await createProgress(process.stderr, Boolean(flags.quiet || flags.json));
  const expectedOutputs = files.length * flags.doc.length * flags.format.length;
  let report: BuildReport;
  try {
    report = await buildFiles(files, { ...buildOptions(flags), pool, expectedOutputs, onProgress: progress.update });
  } finally {
    progress.stop();
    await pool?.close();
  }
  const diagnostics = report.diagnostics;
  printDiagnostics(diagnostics, Boolean(flags.quiet));
  if (flags.json) {
    process.stdout.write(
      `${JSON.stringify({ outputs: report.outputs, ...problemsBySeverity(diagnostics) }, null, 2)}\n`,
    );
  } else if (!flags.quiet) {
    for (const o of report.outputs) {
      const pages = o.pages !== undefined ? `, ${o.pages} ${o.pages === 1 ? 'page' : 'pages'}` : '';
      process.stdout.write(`${o.skipped ? 'unchanged' : 'wrote'} ${o.path} (${o.bytes} bytes${pages})\n`);
    }
    const errors = problemLines(diagnostics.filter((d) => d.severity === 'error')).length;
    const above = errors ? `; ${errors} ${errors === 1 ? 'error' : 'errors'} above` : '';
    // Time since the process started: what the user waited.
    process.stdout.write(`${buildSummary(report.outputs)} in ${(performance.now() / 1000).toFixed(1)} s${above}\n`);
  }
  return hasErrors(diagnostics) ? EXIT.invalid : EXIT.ok;
}

/** A visit file's size, to size the thread pool; one that cannot be read is reported by the build. */
function sizeOf(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
}

/** The last line of a build: "12 outputs of 2 visits: 10 written, 2 unchanged,". */
function buildSummary(outputs: OutputRecord[]): string {
  if (outputs.length === 0) return 'nothing built';
  const visits = new Set(outputs.map((o) => o.visit)).size;
  const written = outputs.filter((o) => !o.skipped).length;
  const count = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
  return `${count(outputs.length, 'output', 'outputs')} of ${count(visits, 'visit', 'visits')}: ${written} written, ${outputs.length - written} unchanged,`;
}

/**
 * Releases the visits: validated, built with the new revision in their furniture, then
 * recorded beside each visit file (see revisions/history.ts). An invalid visit refuses all.
 */
async function release(paths: string[], flags: BuildFlags): Promise<number> {
  const files = discoverVisitFiles(paths);
  const { releaseFiles } = await import('./revisions/release.js');
  const { formatDate } = await import('./model/dates.js');
  const report = await releaseFiles(files, { ...buildOptions(flags), force: false });
  printDiagnostics(report.diagnostics, Boolean(flags.quiet));
  if (flags.json) {
    const { outputs, released, unchanged, refused } = report;
    process.stdout.write(
      `${JSON.stringify({ outputs, released, unchanged, refused, ...problemsBySeverity(report.diagnostics) }, null, 2)}\n`,
    );
  } else if (report.refused) {
    process.stderr.write('briefing: release refused (errors above); nothing was recorded\n');
  } else if (!flags.quiet) {
    for (const o of report.outputs) {
      const pages = o.pages !== undefined ? `, ${o.pages} ${o.pages === 1 ? 'page' : 'pages'}` : '';
      process.stdout.write(`${o.skipped ? 'unchanged' : 'wrote'} ${o.path} (${o.bytes} bytes${pages})\n`);
    }
    for (const r of report.unchanged)
      process.stdout.write(
        `${r.visit}: unchanged since revision ${r.revision} (${formatDate(r.released)}); not released again\n`,
      );
    for (const r of report.released)
      process.stdout.write(`${r.visit}: released revision ${r.revision} (${formatDate(r.released)})\n`);
  }
  return hasErrors(report.diagnostics) ? EXIT.invalid : EXIT.ok;
}

interface ServeFlags {
  out: string;
  doc: DocKind[];
  templates?: string;
  paper?: Paper;
  port: number;
  host: string;
  quiet?: boolean;
  strict?: boolean;
}

function port(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) > 65535)
    throw usageError(`--port expects a port number from 0 to 65535, not "${value}"`);
  return Number(value);
}

/** The live preview: builds like `build --watch` and serves the results until Ctrl-C (exit 0). */
async function serve(paths: string[], flags: ServeFlags): Promise<number> {
  const interrupted = new Promise<void>((stop) => {
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  discoverVisitFiles(paths); // a missing path is a usage error before anything starts
  const { LOOPBACK, startPreview } = await import('./serve/server.js');
  const options = {
    out: flags.out,
    docs: flags.doc,
    paper: flags.paper,
    templates: flags.templates,
    strict: flags.strict,
    host: flags.host,
    port: flags.port,
  };
  const preview = await startPreview(paths, options, (event) =>
    reportRebuild(event, { out: flags.out, quiet: flags.quiet }),
  );
  process.stdout.write(`preview at ${preview.url} (Ctrl-C to stop)\n`);
  if (!LOOPBACK.has(flags.host)) {
    process.stderr.write(
      `briefing: warning: listening on ${flags.host}: anyone who can reach this machine can read the documents\n`,
    );
  }
  await interrupted;
  await preview.close();
  return EXIT.ok;
}

interface CheckFlags {
  templates?: string;
  quiet?: boolean;
  strict?: boolean;
  json?: boolean;
}

async function check(paths: string[], flags: CheckFlags): Promise<number> {
  const files = discoverVisitFiles(paths);
  const { TemplateSet } = await import('./render/templates.js');
  const { loadVisitsWithImages } = await import('./load/index.js');
  const { buildContext } = await import('./render/context.js');
  const diagnostics: Diagnostic[] = [];
  const collect = (into: Diagnostic[], work: () => void) => {
    try {
      work();
    } catch (error) {
      into.push(...diagnosticsOf(error));
    }
  };
  let templates: InstanceType<typeof TemplateSet> | undefined;
  try {
    templates = await TemplateSet.open(flags.templates);
  } catch (error) {
    diagnostics.push(...diagnosticsOf(error));
  }
  const loaded = await loadVisitsWithImages(files, { strict: flags.strict, languages: templates?.labels.added() });
  diagnostics.push(...loaded.diagnostics);
  // Render each valid visit's documents too (no typesetting): what only shows when a template
  // meets the data, such as a cited id the visit lacks, is found here as a build would find it.
  const rendering: Diagnostic[] = [];
  for (const visit of templates ? loaded.visits : []) {
    for (const kind of DOC_KINDS)
      collect(rendering, () =>
        templates!.render(kind, buildContext(visit.id, visit.visit, kind, templates!.labels.table(visit.visit.lang))),
      );
  }
  // A template's mistake is met once per visit and per document including it: said once.
  const places = new Set<string>();
  diagnostics.push(
    ...rendering.filter(
      (d) => !places.has(`${d.file}:${d.line}:${d.col}`) && places.add(`${d.file}:${d.line}:${d.col}`),
    ),
  );
  printDiagnostics(diagnostics, Boolean(flags.quiet));
  if (flags.json) process.stdout.write(`${JSON.stringify(problemsBySeverity(diagnostics), null, 2)}\n`);
  else if (!flags.quiet && !hasErrors(diagnostics)) {
    process.stdout.write(`${loaded.visits.length} visit ${loaded.visits.length === 1 ? 'file' : 'files'} valid\n`);
  }
  return hasErrors(diagnostics) ? EXIT.invalid : EXIT.ok;
}

interface DiffFlags {
  git?: string;
  json?: boolean;
}

/**
 * `briefing diff A B`, or `briefing diff A --git REV` (A as REV has it, against A now). Exit 0
 * whether or not anything changed: 1 means invalid input here as everywhere (diff(1)'s "1 =
 * differences" would make a changed visit look like a broken one).
 */
async function diff(first: string, second: string | undefined, flags: DiffFlags): Promise<number> {
  if (flags.git !== undefined && second !== undefined)
    throw usageError('diff takes one visit file with --git (compared with itself at that revision), or two without it');
  if (flags.git === undefined && second === undefined)
    throw usageError('diff needs two visit files (before, after), or one and --git <revision>');
  const before = flags.git !== undefined ? `${flags.git}:${first}` : first;
  const after = second ?? first;
  const { readSide } = await import('./revisions/sides.js');
  const { diffVisits } = await import('./revisions/diff.js');
  // Both sides' problems in one run.
  const sides = [before, after].map((name) => {
    try {
      return readSide(name);
    } catch (error) {
      return diagnosticsOf(error);
    }
  });
  const problems = sides.flatMap((side) => ('visit' in side ? [] : side));
  if (problems.length) throw invalidInput(problems);
  const [old, now] = sides as { name: string; visit: import('./model/visit.js').Visit }[];
  const changes = diffVisits(old!.visit, now!.visit);
  if (flags.json) process.stdout.write(`${JSON.stringify({ before, after, changes }, null, 2)}\n`);
  else {
    const { formatChanges, wantsColour } = await import('./revisions/report.js');
    process.stdout.write(formatChanges(before, after, changes, { colour: wantsColour(process.stdout) }));
  }
  return EXIT.ok;
}

/** What `build` and `serve` both take: the visits, where to write, which documents, how. */
function withBuildInputs(command: Command): Command {
  return command
    .addArgument(pathsArgument('visit files (.yaml, .yml, .json) or folders of them'))
    .addOption(new Option('-o, --out <dir>', 'output folder').argParser(outFolder).default('output'))
    .addOption(
      new Option('-d, --doc <list>', `comma list of: ${DOC_KINDS.join(', ')}`)
        .argParser(list('doc', DOC_KINDS))
        .default([...DEFAULT_DOCS], DEFAULT_DOCS.join(',')),
    )
    .addOption(
      new Option('-t, --templates <dir>', 'folder of <doc>.hbs templates overriding the bundled ones').argParser(
        templatesFolder,
      ),
    )
    .addOption(new Option('--paper <size>', 'A4 or LETTER (default: the visit file’s, else A4)').argParser(paperSize));
}

function program(setExit: (code: number) => void): Command {
  const cli = new Command('briefing')
    .description('Turn structured visit data into printable briefing documents (Markdown and PDF).')
    .version(version, '-V, --version')
    .exitOverride()
    .showHelpAfterError('(run briefing --help for usage)');

  withBuildInputs(cli.command('build').description('build briefing documents from visit files or folders of them'))
    .option('-f, --format <list>', `comma list of: ${FORMATS.join(', ')}`, list('format', FORMATS), [
      ...DEFAULT_FORMATS,
    ])
    .option('-w, --watch', 'rebuild what an edit affects, until interrupted')
    .option('-q, --quiet', 'print errors only')
    .option('--json', 'print a machine-readable summary on stdout')
    .option('--strict', 'treat warnings as errors (a visit with warnings is not built)')
    .option('--force', 'typeset every document, even those unchanged since the last build')
    .addOption(
      new Option('-j, --jobs <n>', 'typesetting threads, at most the cores (default: by batch size)').argParser(
        positiveInteger,
      ),
    )
    .action(async (paths: string[], flags: BuildFlags) => setExit(await build(paths, flags)));

  withBuildInputs(
    cli
      .command('release')
      .description(
        'release the visits as their next revision: build them, numbered and dated, and keep a snapshot of their data',
      ),
  )
    .option('-f, --format <list>', `comma list of: ${FORMATS.join(', ')}`, list('format', FORMATS), [
      ...DEFAULT_FORMATS,
    ])
    .option('-q, --quiet', 'print errors only')
    .option('--json', 'print a machine-readable summary on stdout')
    .option('--strict', 'treat warnings as errors (a visit with warnings refuses the release)')
    .action(async (paths: string[], flags: BuildFlags) => setExit(await release(paths, flags)));

  withBuildInputs(
    cli
      .command('serve')
      .description('build, then preview the documents in a browser, rebuilding and refreshing on every save'),
  )
    .addOption(new Option('--port <n>', 'port to listen on (0: any free port)').argParser(port).default(4173))
    .option(
      '--host <address>',
      'address to listen on; anything but loopback exposes the preview to the network',
      '127.0.0.1',
    )
    .option('-q, --quiet', 'print errors only')
    .option('--strict', 'treat warnings as errors')
    .action(async (paths: string[], flags: ServeFlags) => setExit(await serve(paths, flags)));

  cli
    .command('check')
    .description('validate visit files and templates; writes nothing')
    .addArgument(pathsArgument('visit files or folders'))
    .addOption(
      new Option('-t, --templates <dir>', 'folder of <doc>.hbs templates to check too').argParser(templatesFolder),
    )
    .option('-q, --quiet', 'print errors only')
    .option('--strict', 'treat warnings as errors')
    .option('--json', 'print the problems found on stdout as { errors, warnings }')
    .action(async (paths: string[], flags: CheckFlags) => setExit(await check(paths, flags)));

  cli
    .command('diff')
    .description('print what changed between two versions of a visit, item by item (exit 0 with or without changes)')
    .argument('<before>', 'the earlier visit file, or REV:PATH for a file as a git revision has it')
    .argument('[after]', 'the later visit file (with --git: the file compared with its revision)')
    .option('--git <revision>', 'compare the visit file with the same file at this git revision (e.g. HEAD~1)')
    .option('--json', 'print { before, after, changes } on stdout')
    .action(async (before: string, after: string | undefined, flags: DiffFlags) =>
      setExit(await diff(before, after, flags)),
    );

  cli
    .command('schema')
    .description('print the JSON Schema of a visit file')
    .action(async () => {
      const { z } = await import('zod');
      const { VisitSchema } = await import('./model/visit.js');
      process.stdout.write(
        `${JSON.stringify(z.toJSONSchema(VisitSchema, { io: 'input', unrepresentable: 'any' }), null, 2)}\n`,
      );
      setExit(EXIT.ok);
    });
  return cli;
}

/** Runs the command `argv` names; resolves to its exit status, having printed any failure. */
export async function main(argv: string[]): Promise<number> {
  let code: number = EXIT.ok;
  try {
    await program((c) => (code = c)).parseAsync(argv, { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      // Commander has printed the usage error, or the help or version asked for.
      const benign = ['commander.helpDisplayed', 'commander.version', 'commander.help'].includes(error.code);
      return benign ? EXIT.ok : EXIT.usage;
    }
    if (!(error instanceof BriefingError)) {
      const said = error instanceof Error ? (process.env.BRIEFING_DEBUG ? error.stack : error.message) : String(error);
      process.stderr.write(`briefing: internal error: ${said}\n`);
      return EXIT.internal;
    }
    if (error.status === 'invalid') printDiagnostics(error.diagnostics, false);
    else process.stderr.write(`briefing: ${error.message}\n`);
    return EXIT[error.status];
  }
  return code;
}
