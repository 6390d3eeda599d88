/**
 * The incremental-build cache: for each PDF written, the key of what it was typeset from and
 * the size and hash of the file. Typesetting is a pure function of its key, so an output whose
 * key is unchanged and whose file is still the one we wrote need not be typeset again.
 * The cache lives in the output folder; a missing, corrupt or foreign cache means a cold build.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Diagnostic } from './diagnostics.js';
import { writeFileAtomic } from './output/atomic.js';
import { PATCHES_VARIABLE } from './pdf/patches.js';
import { FONT_FILES, FONT_PACKAGES } from './typeset/font-files.js';

export const CACHE_FILE = '.briefing-cache.json';
const FORMAT = 3;

export interface CacheEntry {
  key: string;
  bytes: number;
  sha256: string;
  pages?: number;
  /** The PDF's change marks and their pages (see PdfResult.marks), for a changes page built later. */
  marks?: Record<string, number>;
}

/** A visit whose every output is fresh need not even be rendered to Markdown. */
export interface VisitEntry {
  key: string;
}

/**
 * A visit file as last loaded: so that an unchanged file need not be parsed and validated
 * again (nor the parser and schema even loaded) when all its outputs are fresh.
 */
export interface SourceEntry {
  /** Hash of the file's bytes, the loader's code and the load options. */
  key: string;
  id: string;
  visitSha: string;
  /** Warnings found when it was loaded, printed again on every build. */
  diagnostics: Diagnostic[];
}

interface CacheFile {
  format: number;
  entries: Record<string, CacheEntry>;
  visits: Record<string, VisitEntry>;
  sources: Record<string, SourceEntry>;
}

export const sha256 = (data: string | Uint8Array): string => createHash('sha256').update(data).digest('hex');

/**
 * The installed packages whose code shapes what a build writes, each a chain of names: the last
 * as the one before it resolves it (pdfkit is pdfmake's, fontkit is pdfkit's).
 */
const OUTPUT_PACKAGES = [
  ['pdfmake'],
  ['pdfmake', 'pdfkit'],
  ['pdfmake', 'pdfkit', 'fontkit'],
  ['marked'],
  ['marked-footnote'],
  ['handlebars'],
  ['entities'],
  ['bidi-js'],
  ...FONT_PACKAGES.map((name) => [name]),
];

/** The installed packages that read a visit file (marked checks its Markdown fields). */
const LOADER_PACKAGES = [['yaml'], ['zod'], ['jsonc-parser'], ['marked'], ['marked-footnote']];

/** The folder of a package as Node would find it from `dir`, found from there like Node. */
function packageDir(name: string, dir: string): string | undefined {
  const paths = createRequire(join(dir, 'index.js')).resolve.paths(name) ?? [];
  return paths.map((path) => join(path, name)).find((found) => existsSync(join(found, 'package.json')));
}

/** name@version of each package of the chains, as installed where this code runs from. */
function installedVersions(chains: readonly (readonly string[])[]): string[] {
  return chains.map((chain) => {
    let dir: string | undefined = fileURLToPath(new URL('.', import.meta.url));
    for (const name of chain) dir = dir && packageDir(name, dir);
    const version =
      dir && (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version?: unknown }).version;
    return `${chain.join('>')}@${String(version ?? 'missing')}`;
  });
}

/**
 * The hash of the bundle this code runs in, written into it by scripts/bundle.mjs once bundled
 * (there is no such constant in the sources).
 */
declare const BRIEFING_BUNDLE_HASH: string | undefined;

/** A hash of every source file under `dir`, recursively: what runs when the code is not bundled. */
function sourcesHash(dir: string): string {
  const hash = createHash('sha256');
  const files = readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((file) => /\.[cm]?[jt]s$/.test(file))
    .sort();
  for (const file of files) hash.update(`${file}\0`).update(readFileSync(join(dir, file)));
  return hash.digest('hex');
}

let ownCode: string | undefined;

/** What our own code is: its bundle's hash, or every source file's (and package.json's version). */
function codeKey(): string {
  ownCode ??= sha256(
    JSON.stringify([
      readFileSync(fileURLToPath(new URL('../package.json', import.meta.url)), 'utf8'),
      typeof BRIEFING_BUNDLE_HASH === 'string'
        ? BRIEFING_BUNDLE_HASH
        : sourcesHash(fileURLToPath(new URL('.', import.meta.url))),
    ]),
  );
  return ownCode;
}

const keys = new Map<string, string>();
/** A key made once per process: what it covers cannot change while the process runs. */
const remembered = (name: string, make: () => unknown[]): string => {
  const key = keys.get(name) ?? sha256(JSON.stringify(make()));
  keys.set(name, key);
  return key;
};

/**
 * What turns Markdown into a document: our code (any change to it, the page design included,
 * invalidates every output) and the installed packages that shape output.
 */
const outputKey = (): string => remembered('output', () => [codeKey(), installedVersions(OUTPUT_PACKAGES)]);

/** What the typesetter itself is: the code and packages, its fonts, and the patches it runs with. */
export function typesetterKey(): string {
  return remembered('typesetter', () => [
    outputKey(),
    Object.values(FONT_FILES).flatMap((faces) => Object.values(faces).map((path) => `${path}:${statSync(path).size}`)),
    process.env[PATCHES_VARIABLE] ?? '',
  ]);
}

/** What loading a visit file depends on besides its bytes: our code and the parsers'. */
export function loaderKey(): string {
  return remembered('loader', () => [codeKey(), installedVersions(LOADER_PACKAGES)]);
}

/** The hash of a loaded visit: its id and validated content. */
export const visitHash = (id: string, visit: unknown): string => sha256(JSON.stringify([id, visit]));

/** The key of all of a visit's outputs: everything rendering and typesetting read. */
export function visitKey(visitSha: string, templates: readonly string[], options: unknown): string {
  return sha256(
    JSON.stringify([
      rendererKey(),
      typesetterKey(),
      visitSha,
      templates,
      options,
      process.env.SOURCE_DATE_EPOCH ?? null,
    ]),
  );
}

/** What turns a visit into Markdown besides the templates: our code and the packages it uses. */
const rendererKey = outputKey;

/** What turns Markdown into standalone HTML. */
export const htmlKey = outputKey;

/** The key of one PDF: everything typesetting reads. */
export function pdfKey(markdown: string, frame: unknown, options: unknown): string {
  return sha256(JSON.stringify([typesetterKey(), markdown, frame, options]));
}

export class OutputCache {
  private readonly entries: Map<string, CacheEntry>;
  private readonly visits: Map<string, VisitEntry>;
  private readonly sources: Map<string, SourceEntry>;
  private dirty = false;

  private constructor(
    private readonly dir: string,
    file: CacheFile,
  ) {
    this.entries = new Map(Object.entries(file.entries));
    this.visits = new Map(Object.entries(file.visits));
    this.sources = new Map(Object.entries(file.sources));
  }

  static load(dir: string): OutputCache {
    try {
      const file: unknown = JSON.parse(readFileSync(join(dir, CACHE_FILE), 'utf8'));
      if (isCacheFile(file)) return new OutputCache(dir, file);
    } catch {
      // No cache, or an unreadable one: build everything.
    }
    return new OutputCache(dir, { format: FORMAT, entries: {}, visits: {}, sources: {} });
  }

  /** The entries of a visit's output files if its key matches and every one of them is intact. */
  freshVisit(id: string, key: string, paths: readonly string[]): { path: string; entry: CacheEntry }[] | undefined {
    if (this.visits.get(id)?.key !== key) return undefined;
    const outputs = paths.map((path) => {
      const entry = this.entries.get(this.name(path));
      return entry && this.fresh(path, entry.key) ? { path, entry } : undefined;
    });
    return outputs.every(Boolean) ? (outputs as { path: string; entry: CacheEntry }[]) : undefined;
  }

  recordVisit(id: string, key: string): void {
    if (this.visits.get(id)?.key === key) return;
    this.visits.set(id, { key });
    this.dirty = true;
  }

  /** The record of a visit file if it was last loaded from the same bytes by the same loader. */
  source(file: string, key: string): SourceEntry | undefined {
    const entry = this.sources.get(resolve(file));
    return entry?.key === key ? entry : undefined;
  }

  recordSource(file: string, entry: SourceEntry): void {
    const name = resolve(file);
    if (JSON.stringify(this.sources.get(name)) === JSON.stringify(entry)) return;
    this.sources.set(name, entry);
    this.dirty = true;
  }

  /** The entry for `path` if its key matches and the file on disk is still the one recorded. */
  fresh(path: string, key: string): CacheEntry | undefined {
    const entry = this.entries.get(this.name(path));
    if (!entry || entry.key !== key) return undefined;
    try {
      if (statSync(path).size !== entry.bytes) return undefined;
      return sha256(readFileSync(path)) === entry.sha256 ? entry : undefined;
    } catch {
      return undefined;
    }
  }

  record(path: string, key: string, data: string | Uint8Array, pages?: number, marks?: Record<string, number>): void {
    const name = this.name(path);
    const bytes = typeof data === 'string' ? Buffer.byteLength(data) : data.length;
    const entry: CacheEntry = { key, bytes, sha256: sha256(data), pages };
    if (marks && Object.keys(marks).length) entry.marks = marks;
    const old = this.entries.get(name);
    if (old && old.key === entry.key && old.sha256 === entry.sha256) return;
    this.entries.set(name, entry);
    this.dirty = true;
  }

  save(): void {
    if (!this.dirty) return;
    const sorted = <T>(map: Map<string, T>) => Object.fromEntries([...map].sort(([a], [b]) => a.localeCompare(b)));
    const file: CacheFile = {
      format: FORMAT,
      entries: sorted(this.entries),
      visits: sorted(this.visits),
      sources: sorted(this.sources),
    };
    writeFileAtomic(join(this.dir, CACHE_FILE), `${JSON.stringify(file, null, 1)}\n`);
    this.dirty = false;
  }

  private name(path: string): string {
    return relative(this.dir, path);
  }
}

/** Whether a parsed cache file has the shape this version writes (a hand-edited one may not). */
function isCacheFile(file: unknown): file is CacheFile {
  return (
    isObject(file) &&
    file.format === FORMAT &&
    isRecordOf(
      file.entries,
      (e) =>
        isString(e.key) &&
        typeof e.bytes === 'number' &&
        isString(e.sha256) &&
        ['undefined', 'number'].includes(typeof e.pages) &&
        (e.marks === undefined || isRecordOf2(e.marks, (page) => typeof page === 'number')),
    ) &&
    isRecordOf(file.visits, (e) => isString(e.key)) &&
    isRecordOf(
      file.sources,
      (e) =>
        isString(e.key) &&
        isString(e.id) &&
        isString(e.visitSha) &&
        Array.isArray(e.diagnostics) &&
        e.diagnostics.every(isDiagnostic),
    )
  );
}

const isString = (value: unknown): value is string => typeof value === 'string';
const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const isRecordOf = (value: unknown, check: (entry: Record<string, unknown>) => boolean): boolean =>
  isObject(value) && Object.values(value).every((entry) => isObject(entry) && check(entry));
const isRecordOf2 = (value: unknown, check: (entry: unknown) => boolean): boolean =>
  isObject(value) && Object.values(value).every(check);
const isDiagnostic = (d: unknown): boolean =>
  isObject(d) && isString(d.file) && isString(d.message) && (d.severity === 'error' || d.severity === 'warning');
