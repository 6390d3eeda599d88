/**
 * The release history of a visit: which revisions were released, when, and the exact data each
 * was made from. It lives beside the visit file, not in the output folder, so that cleaning
 * output/ never loses it and a visit kept in git commits its history with it:
 *
 *   <visit folder>/.briefing/releases/<id>/history.json   the list of releases (the commit point)
 *   <visit folder>/.briefing/releases/<id>/r<N>.<ext>     revision N's visit file, byte for byte
 *
 * Keyed by the visit id, so a renamed file with the same id keeps its history and two visits in
 * one folder keep theirs apart. Plain text that diffs well: pretty JSON, one field a line, and
 * snapshots in the visit's own format, read back by the visit loader. Discovery skips dot-folders.
 * A snapshot that no history entry names (a release killed before its history was written) is
 * ignored, and overwritten by the next release.
 */

import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { type Diagnostic, invalidInput } from '../diagnostics.js';
import { DOC_KINDS, type DocKind } from '../docs.js';
import { VISIT_FILE_BYTES } from '../limits.js';
import { readBoundedFile } from '../load/read-file.js';
import { parseSourceFile, type SourceFile } from '../load/source-file.js';
import { validateVisit } from '../load/validate.js';
import { parsePartialDate } from '../model/dates.js';
import { HISTORY_FILE, releasesFolder, snapshotName } from './folder.js';

export { HISTORY_FILE, historyStamp, releasesFolder, snapshotName } from './folder.js';

import { sha256 } from '../cache.js';
import type { Visit } from '../model/visit.js';

// Hashed here, not through cache.ts: the loader reads histories, and must not load the typesetter's keys.

/** The version of history.json's shape this code writes and reads. */
export const HISTORY_FORMAT = 1;

/** One released revision, as history.json records it. */
export interface ReleaseEntry {
  revision: number;
  /** YYYY-MM-DD */
  released: string;
  /** The visit file's name when it was released (it may be renamed since). */
  file: string;
  /** The snapshot's name in the releases folder: r<revision> and the visit file's extension. */
  snapshot: string;
  /** sha256 of the snapshot's bytes: a snapshot edited by hand is found out. */
  sha256: string;
  /** The documents the release built. */
  docs: DocKind[];
}

export interface History {
  format: number;
  visit: string;
  releases: ReleaseEntry[];
}

/** Where a visit stands against its history, as a build needs it (absent: never released). */
export interface ReleaseState {
  /** The latest released revision. */
  revision: number;
  released: string;
  /** The data differs from that revision's: a draft after it. */
  draft: boolean;
  /** sha256 of the latest snapshot's bytes. */
  sha256: string;
  /** The latest revision's visit (the loaded visit itself when not a draft). */
  visit: Visit;
}

const SNAPSHOT = /^r([1-9]\d*)\.(yaml|yml|json)$/;

/** How to get out of a damaged history, said with every problem in one. */
const recovery = (folder: string) =>
  `restore it from version control (git checkout), or delete the folder ${folder} to start the history again`;

/** A history's problems, each at its place in history.json, with the way out. */
class Problems {
  readonly list: Diagnostic[] = [];
  constructor(
    private readonly source: SourceFile | undefined,
    readonly file: string,
    private readonly folder: string,
  ) {}
  add(path: (string | number)[], message: string, at: 'key' | 'value' = 'value'): void {
    const where = this.source?.locate(path, at);
    const field = path.length ? `${path.join('.')}: ` : '';
    this.list.push({
      file: this.file,
      ...(where ?? { line: 1, col: 1 }),
      message: `${field}${message}; ${recovery(this.folder)}`,
      severity: 'error',
    });
  }
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const ENTRY_FIELDS = ['revision', 'released', 'file', 'snapshot', 'sha256', 'docs'] as const;

/**
 * A visit's history, checked: its shape, revisions 1, 2, 3… without a gap, and each snapshot
 * present. Undefined when the visit was never released. Problems are errors on history.json.
 */
export function readHistory(visitFile: string, id: string): { history?: History; diagnostics: Diagnostic[] } {
  const folder = releasesFolder(visitFile, id);
  const file = join(folder, HISTORY_FILE);
  let bytes: Uint8Array;
  try {
    statSync(file);
  } catch {
    return { diagnostics: [] };
  }
  try {
    bytes = readBoundedFile(file, VISIT_FILE_BYTES, 'release history');
  } catch (error) {
    return {
      diagnostics: [{ file, message: `cannot be read (${String((error as Error).message)})`, severity: 'error' }],
    };
  }
  const parsed = parseSourceFile(file, bytes);
  if (!parsed.ok) {
    const problems = new Problems(undefined, file, folder);
    for (const d of parsed.diagnostics)
      problems.list.push({ ...d, message: `release history: ${d.message}; ${recovery(folder)}` });
    return problems.list.length ? { diagnostics: problems.list } : { diagnostics: [] };
  }
  const problems = new Problems(parsed.source, file, folder);
  const data = parsed.source.data as Record<string, unknown>;
  for (const key of Object.keys(data))
    if (!['format', 'visit', 'releases'].includes(key)) problems.add([key], `unknown field "${key}"`, 'key');
  if (data.format !== HISTORY_FORMAT)
    problems.add(['format'], `expected "format": ${HISTORY_FORMAT} (a history this version of briefing writes)`);
  if (data.visit !== id) problems.add(['visit'], `expected "visit": "${id}", the id of the visit whose folder this is`);
  const releases: ReleaseEntry[] = [];
  if (!Array.isArray(data.releases) || data.releases.length === 0) {
    problems.add(['releases'], 'expected a list of one or more releases');
  } else {
    data.releases.forEach((entry: unknown, index) => {
      const checked = checkEntry(entry, index, problems, folder);
      if (checked) releases.push(checked);
    });
  }
  if (problems.list.length) return { diagnostics: problems.list };
  return { history: { format: HISTORY_FORMAT, visit: id, releases }, diagnostics: [] };
}

function checkEntry(entry: unknown, index: number, problems: Problems, folder: string): ReleaseEntry | undefined {
  const at = (field?: string) => (field ? ['releases', index, field] : ['releases', index]);
  if (!isObject(entry)) {
    problems.add(at(), 'expected a release: revision, released, file, snapshot, sha256, docs');
    return undefined;
  }
  const before = problems.list.length;
  for (const key of Object.keys(entry))
    if (!(ENTRY_FIELDS as readonly string[]).includes(key)) problems.add(at(key), `unknown field "${key}"`, 'key');
  for (const key of ENTRY_FIELDS) if (!(key in entry)) problems.add(at(), `missing field "${key}"`);
  const { revision, released, file, snapshot, sha256: sha, docs } = entry;
  if ('revision' in entry && revision !== index + 1)
    problems.add(
      at('revision'),
      `expected revision ${index + 1} here (revisions are numbered 1, 2, 3… in order, without a gap)`,
    );
  if (
    'released' in entry &&
    !(
      typeof released === 'string' &&
      /^\d{4}-\d{2}-\d{2}$/.test(released) &&
      parsePartialDate(released)?.precision === 'day'
    )
  )
    problems.add(at('released'), 'expected the release date as YYYY-MM-DD');
  if ('file' in entry && !(typeof file === 'string' && /^[^/\\]+$/.test(file) && /\.(ya?ml|json)$/i.test(file)))
    problems.add(at('file'), 'expected the name of a visit file (.yaml, .yml, .json)');
  if ('snapshot' in entry && (typeof snapshot !== 'string' || snapshot !== snapshotName(index + 1, String(file))))
    problems.add(at('snapshot'), `expected "${snapshotName(index + 1, String(file))}"`);
  if ('sha256' in entry && !(typeof sha === 'string' && /^[0-9a-f]{64}$/.test(sha)))
    problems.add(at('sha256'), 'expected 64 hexadecimal digits');
  if (
    'docs' in entry &&
    !(Array.isArray(docs) && docs.length > 0 && docs.every((d) => (DOC_KINDS as readonly unknown[]).includes(d)))
  )
    problems.add(at('docs'), `expected a list of: ${DOC_KINDS.join(', ')}`);
  if (problems.list.length > before) return undefined;
  const checked = entry as unknown as ReleaseEntry;
  try {
    if (!statSync(join(folder, checked.snapshot)).isFile()) throw new Error('not a file');
  } catch {
    problems.add(
      at('snapshot'),
      `the snapshot ${join(folder, checked.snapshot)} of revision ${checked.revision} is missing`,
    );
    return undefined;
  }
  return checked;
}

/** A snapshot's bytes, checked against the sha256 its history recorded. */
export function readSnapshot(
  visitFile: string,
  id: string,
  entry: ReleaseEntry,
): { bytes?: Uint8Array; diagnostics: Diagnostic[] } {
  const folder = releasesFolder(visitFile, id);
  const file = join(folder, entry.snapshot);
  let bytes: Uint8Array;
  try {
    bytes = readBoundedFile(file, VISIT_FILE_BYTES, 'snapshot');
  } catch (error) {
    const message = `the snapshot of revision ${entry.revision} cannot be read (${String((error as Error).message)}); ${recovery(folder)}`;
    return { diagnostics: [{ file, message, severity: 'error' }] };
  }
  if (sha256(bytes) !== entry.sha256) {
    const message = `the snapshot of revision ${entry.revision} is not the one released: its sha256 differs from the one in ${HISTORY_FILE} (edited by hand?); ${recovery(folder)}`;
    return { diagnostics: [{ file, line: 1, col: 1, message, severity: 'error' }] };
  }
  return { bytes, diagnostics: [] };
}

/** A snapshot read back as the visit it was; its problems (a loader grown stricter since) say how to recover. */
export function snapshotVisit(
  file: string,
  bytes: Uint8Array,
  folder: string,
  languages: readonly string[] = [],
): { visit?: Visit; diagnostics: Diagnostic[] } {
  const parsed = parseSourceFile(file, bytes);
  const validated = parsed.ok ? validateVisit(parsed.source, languages) : { diagnostics: parsed.diagnostics };
  const errors = validated.diagnostics
    .filter((d) => d.severity === 'error')
    .map((d) => ({ ...d, message: `released snapshot: ${d.message}; ${recovery(folder)}` }));
  if (!validated.visit || errors.length) return { diagnostics: errors };
  return { visit: validated.visit, diagnostics: [] };
}

/**
 * Where a loaded visit stands against its latest release; undefined when never released.
 * `bytes` and `visit` are the visit file's as just loaded.
 */
export function releaseState(
  visitFile: string,
  id: string,
  bytes: Uint8Array,
  visit: Visit,
  languages: readonly string[] = [],
): { state?: ReleaseState; diagnostics: Diagnostic[] } {
  const { history, diagnostics } = readHistory(visitFile, id);
  if (!history) return { diagnostics };
  const latest = history.releases.at(-1)!;
  const snapshot = readSnapshot(visitFile, id, latest);
  if (!snapshot.bytes) return { diagnostics: snapshot.diagnostics };
  const base = { revision: latest.revision, released: latest.released, sha256: latest.sha256 };
  // The same bytes are the same data: no need to read the snapshot as a visit.
  if (sha256(bytes) === latest.sha256) return { state: { ...base, draft: false, visit }, diagnostics: [] };
  const folder = releasesFolder(visitFile, id);
  const old = snapshotVisit(join(folder, latest.snapshot), snapshot.bytes, folder, languages);
  if (!old.visit) return { diagnostics: old.diagnostics };
  // Only comments, layout or key order changed: still the released data.
  const draft = JSON.stringify(old.visit) !== JSON.stringify(visit);
  return { state: { ...base, draft, visit: draft ? old.visit : visit }, diagnostics: [] };
}

/**
 * The latest release of a visit, its snapshot read back as a visit, for comparing the visit with
 * it; undefined when never released. A damaged history throws an invalid-input error saying how
 * to recover.
 */
export function lastRelease(
  visitFile: string,
  id: string,
  languages: readonly string[] = [],
): { revision: number; released: string; visit: Visit } | undefined {
  const { history, diagnostics } = readHistory(visitFile, id);
  if (!history) {
    if (diagnostics.length) throw invalidInput(diagnostics);
    return undefined;
  }
  const latest = history.releases.at(-1)!;
  const snapshot = readSnapshot(visitFile, id, latest);
  if (!snapshot.bytes) throw invalidInput(snapshot.diagnostics);
  const folder = releasesFolder(visitFile, id);
  const old = snapshotVisit(join(folder, latest.snapshot), snapshot.bytes, folder, languages);
  if (!old.visit) throw invalidInput(old.diagnostics);
  return { revision: latest.revision, released: latest.released, visit: old.visit };
}

/** Every snapshot of a history checked against its sha256: what a release verifies first. */
export function verifySnapshots(visitFile: string, id: string, history: History): Diagnostic[] {
  return history.releases.flatMap((entry) => readSnapshot(visitFile, id, entry).diagnostics);
}

/** Snapshot names in a releases folder that no entry of `history` names: leftovers of killed releases. */
export function straySnapshots(folder: string, history: History | undefined): string[] {
  const named = new Set(history?.releases.map((r) => r.snapshot));
  try {
    return readdirSync(folder).filter((name) => SNAPSHOT.test(name) && !named.has(name));
  } catch {
    return [];
  }
}
