/**
 * The incremental-build cache: for each PDF written, the key of what it was typeset from and
 * the size and hash of the file. Typesetting is a pure function of its key, so an output whose
 * key is unchanged and whose file is still the one we wrote need not be typeset again.
 * The cache lives in the output folder; a missing, corrupt or foreign cache means a cold build.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Diagnostic } from './diagnostics.js';
import { writeFileAtomic } from './output/atomic.js';
import { FONT_FILES } from './typeset/fonts.js';

export const CACHE_FILE = '.briefing-cache.json';
const FORMAT = 3;

export interface CacheEntry {
  key: string;
  bytes: number;
  sha256: string;
  pages?: number;
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

const codeKeys = new Map<string, string>();

/** A hash of our own compiled code in these folders and modules (a few KB), and of package.json. */
function codeKey(parts: readonly string[], extra: (hash: ReturnType<typeof createHash>) => void = () => {}): string {
  const name = parts.join(',');
  const known = codeKeys.get(name);
  if (known) return known;
  const hash = createHash('sha256');
  hash.update(readFileSync(fileURLToPath(new URL('../package.json', import.meta.url))));
  for (const part of parts) {
    // A folder, or a module named without its extension (.js when built, .ts in the sources).
    const path = fileURLToPath(new URL(`./${part}`, import.meta.url));
    const files = existsSync(path)
      ? readdirSync(path)
          .sort()
          .filter((f) => /\.[cm]?[jt]s$/.test(f))
          .map((f) => join(path, f))
      : ['.js', '.ts'].map((ext) => path + ext).filter((f) => existsSync(f));
    for (const file of files) hash.update(part).update(file.slice(path.length)).update(readFileSync(file));
  }
  extra(hash);
  const key = hash.digest('hex');
  codeKeys.set(name, key);
  return key;
}

/**
 * What the typesetter itself is: its version, its code and its fonts. Hashing the compiled
 * typesetting code means a change to the page design invalidates every PDF.
 */
export function typesetterKey(): string {
  return codeKey(['typeset', 'output', 'markdown'], (hash) => {
    for (const faces of Object.values(FONT_FILES)) {
      for (const path of Object.values(faces)) hash.update(`${path}:${statSync(path).size}`);
    }
  });
}

/** What loading a visit file depends on besides its bytes: the loader's and the schema's code. */
export function loaderKey(): string {
  return codeKey(['load', 'model', 'suggest']);
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

/**
 * What turns a visit into Markdown besides the templates: the helpers and the template
 * context, with the date formats and document titles they use.
 */
const rendererKey = (): string => codeKey(['render', 'model', 'docs', 'markdown']);

/** What turns Markdown into standalone HTML: that stage's code. */
export const htmlKey = (): string => codeKey(['html', 'markdown']);

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

  record(path: string, key: string, data: string | Uint8Array, pages?: number): void {
    const name = this.name(path);
    const bytes = typeof data === 'string' ? Buffer.byteLength(data) : data.length;
    const entry: CacheEntry = { key, bytes, sha256: sha256(data), pages };
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
        ['undefined', 'number'].includes(typeof e.pages),
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
const isDiagnostic = (d: unknown): boolean =>
  isObject(d) && isString(d.file) && isString(d.message) && (d.severity === 'error' || d.severity === 'warning');
