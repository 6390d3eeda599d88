#!/usr/bin/env node
/** The command line: parses options and wires the stages together; no stage logic lives here. */
import { readFileSync } from 'node:fs';
import { Command, CommanderError, Option } from 'commander';
import { z } from 'zod';
import { buildVisits, type BuildReport } from './build.js';
import { DEFAULT_DOCS, DOC_KINDS, FORMATS, type DocKind, type Format } from './docs.js';
import { DiagnosticError, formatDiagnostic, hasErrors, type Diagnostic } from './load/diagnostics.js';
import { discoverVisitFiles, UsageError } from './load/discover.js';
import { loadVisits } from './load/index.js';
import { VisitSchema, type Paper } from './model/visit.js';
import { TemplateSet } from './render/templates.js';

const EXIT = { ok: 0, invalid: 1, usage: 2 } as const;

const version = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;

function list<T extends string>(what: string, allowed: readonly T[]) {
  return (value: string): T[] => {
    const items = value.split(',').map((s) => s.trim()).filter(Boolean);
    const unknown = items.filter((item) => !allowed.includes(item as T));
    if (unknown.length || items.length === 0) {
      throw new UsageError(`unknown ${what} "${unknown.join(',') || value}"; expected a comma list of: ${allowed.join(', ')}`);
    }
    return [...new Set(items)] as T[];
  };
}

function paperSize(value: string): Paper {
  const upper = value.toUpperCase();
  if (upper !== 'A4' && upper !== 'LETTER') throw new UsageError(`unknown paper "${value}"; expected A4 or LETTER`);
  return upper;
}

function printDiagnostics(diagnostics: readonly Diagnostic[], quiet: boolean): void {
  for (const d of diagnostics) {
    if (quiet && d.severity === 'warning') continue;
    process.stderr.write(`${formatDiagnostic(d)}\n`);
  }
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
}

async function build(paths: string[], flags: BuildFlags): Promise<number> {
  const files = discoverVisitFiles(paths.length ? paths : ['data']);
  const templates = TemplateSet.load(flags.templates);
  const loaded = loadVisits(files);
  const report: BuildReport = await buildVisits(loaded.visits, templates, {
    out: flags.out,
    formats: flags.format,
    docs: flags.doc,
    paper: flags.paper,
  });
  const diagnostics = [...loaded.diagnostics, ...report.diagnostics];
  printDiagnostics(diagnostics, Boolean(flags.quiet));
  if (flags.json) {
    process.stdout.write(`${JSON.stringify({ outputs: report.outputs, errors: diagnostics.filter((d) => d.severity === 'error').map(formatDiagnostic) }, null, 2)}\n`);
  } else if (!flags.quiet) {
    for (const o of report.outputs) {
      const pages = o.pages !== undefined ? `, ${o.pages} ${o.pages === 1 ? 'page' : 'pages'}` : '';
      process.stdout.write(`${o.skipped ? 'unchanged' : 'wrote'} ${o.path} (${o.bytes} bytes${pages})\n`);
    }
  }
  return hasErrors(diagnostics) ? EXIT.invalid : EXIT.ok;
}

function check(paths: string[], flags: { templates?: string; quiet?: boolean }): number {
  const files = discoverVisitFiles(paths.length ? paths : ['data']);
  const diagnostics: Diagnostic[] = [];
  try {
    TemplateSet.load(flags.templates);
  } catch (error) {
    if (!(error instanceof DiagnosticError)) throw error;
    diagnostics.push(...error.diagnostics);
  }
  const loaded = loadVisits(files);
  diagnostics.push(...loaded.diagnostics);
  printDiagnostics(diagnostics, Boolean(flags.quiet));
  if (!flags.quiet && !hasErrors(diagnostics)) {
    process.stdout.write(`${loaded.visits.length} visit ${loaded.visits.length === 1 ? 'file' : 'files'} valid\n`);
  }
  return hasErrors(diagnostics) ? EXIT.invalid : EXIT.ok;
}

function program(setExit: (code: number) => void): Command {
  const cli = new Command('briefing')
    .description('Turn structured visit data into printable briefing documents (Markdown and PDF).')
    .version(version, '-V, --version')
    .exitOverride()
    .showHelpAfterError('(run briefing --help for usage)');

  cli
    .command('build')
    .description('build briefing documents from visit files or folders of them')
    .argument('[paths...]', 'visit files (.yaml, .yml, .json) or folders of them', [])
    .option('-o, --out <dir>', 'output folder', 'output')
    .option('-f, --format <list>', `comma list of: ${FORMATS.join(', ')}`, list('format', FORMATS), [...FORMATS])
    .option('-d, --doc <list>', `comma list of: ${DOC_KINDS.join(', ')}`, list('doc', DOC_KINDS), [...DEFAULT_DOCS])
    .option('-t, --templates <dir>', 'folder of <doc>.hbs templates overriding the bundled ones')
    .addOption(new Option('--paper <size>', 'A4 or LETTER (default: the visit file’s, else A4)').argParser(paperSize))
    .option('-w, --watch', 'rebuild what an edit affects, until interrupted')
    .option('-q, --quiet', 'print errors only')
    .option('--json', 'print a machine-readable summary on stdout')
    .action(async (paths: string[], flags: BuildFlags) => setExit(await build(paths, flags)));

  cli
    .command('check')
    .description('validate visit files and templates; writes nothing')
    .argument('[paths...]', 'visit files or folders', [])
    .option('-t, --templates <dir>', 'folder of <doc>.hbs templates to check too')
    .option('-q, --quiet', 'print errors only')
    .action((paths: string[], flags: { templates?: string; quiet?: boolean }) => setExit(check(paths, flags)));

  cli
    .command('schema')
    .description('print the JSON Schema of a visit file')
    .action(() => {
      process.stdout.write(`${JSON.stringify(z.toJSONSchema(VisitSchema, { io: 'input', unrepresentable: 'any' }), null, 2)}\n`);
      setExit(EXIT.ok);
    });
  return cli;
}

export async function main(argv: string[]): Promise<number> {
  let code: number = EXIT.ok;
  try {
    await program((c) => (code = c)).parseAsync(argv, { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      const benign = ['commander.helpDisplayed', 'commander.version', 'commander.help'].includes(error.code);
      return benign ? EXIT.ok : EXIT.usage;
    }
    if (error instanceof UsageError) {
      process.stderr.write(`briefing: ${error.message}\n`);
      return EXIT.usage;
    }
    if (error instanceof DiagnosticError) {
      printDiagnostics(error.diagnostics, false);
      return EXIT.invalid;
    }
    process.stderr.write(`briefing: internal error: ${error instanceof Error ? (process.env.BRIEFING_DEBUG ? error.stack : error.message) : String(error)}\n`);
    return 3;
  }
  return code;
}

process.exitCode = await main(process.argv.slice(2));
