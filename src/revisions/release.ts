/**
 * Releasing a revision: the visits are validated, built with the new revision in their
 * furniture, and only then is the release recorded, each visit's snapshot first and its history
 * last. The history's rename is the commit point: a release killed before it leaves the previous
 * release as it was (a snapshot no entry names is ignored, and overwritten by the next release);
 * its outputs say the new revision until the next build, which finds the history unchanged and
 * prints "draft after" the previous one again.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { BuildReport, FileBuildOptions } from '../build.js';
import { buildVisits } from '../build.js';
import { sha256 } from '../cache.js';
import { type Diagnostic, hasErrors, onPath, systemError } from '../diagnostics.js';
import { type LoadedVisit, loadVisitFile } from '../load/index.js';
import { readVisitFile } from '../load/read-file.js';
import { isRunning, writeFileAtomic } from '../output/atomic.js';
import { addedLanguages } from '../render/label-files.js';
import {
  HISTORY_FILE,
  HISTORY_FORMAT,
  type History,
  type ReleaseEntry,
  readHistory,
  releasesFolder,
  snapshotName,
  verifySnapshots,
} from './history.js';

export interface Released {
  visit: string;
  file: string;
  revision: number;
  released: string;
}

export interface ReleaseReport extends BuildReport {
  /** The revisions recorded. */
  released: Released[];
  /** Visits whose data equals their latest release: built, not released again. */
  unchanged: Released[];
  /** True when nothing was built or recorded because some visit or template is invalid. */
  refused: boolean;
}

/**
 * The release date: SOURCE_DATE_EPOCH's (UTC) when set, so that a release is reproducible, else
 * today's local date, which is what the person releasing calls today.
 */
export function releaseDate(now = new Date()): string {
  const epoch = process.env.SOURCE_DATE_EPOCH;
  if (epoch && /^\d+$/.test(epoch)) return new Date(Number(epoch) * 1000).toISOString().slice(0, 10);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/**
 * Test-only: BRIEFING_TEST_PAUSE=<step> stops the release at that step (after-build,
 * after-snapshot, after-history) for up to a minute, saying so on stderr, so that a test can
 * kill the process there. Not a user option; unset, it does nothing.
 */
function pauseForTest(step: string): void {
  if (process.env.BRIEFING_TEST_PAUSE !== step) return;
  process.stderr.write(`briefing: test pause at ${step}\n`);
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 60_000);
}

/** A visit to release, with the exact bytes it was validated from: those are its snapshot. */
interface Candidate {
  loaded: LoadedVisit;
  bytes: Uint8Array;
  history?: History;
}

/** Validates every file; any problem refuses the whole release (a set is released together or not at all). */
function loadCandidates(
  files: readonly string[],
  options: FileBuildOptions,
): { candidates: Candidate[]; diagnostics: Diagnostic[] } {
  const languages = addedLanguages(options.templates);
  const candidates: Candidate[] = [];
  const diagnostics: Diagnostic[] = [];
  const taken = new Map<string, string>();
  for (const file of files) {
    const read = readVisitFile(file);
    if ('problem' in read) {
      diagnostics.push(read.problem);
      continue;
    }
    const result = loadVisitFile(file, read.bytes, { strict: options.strict, languages });
    diagnostics.push(...result.diagnostics);
    const loaded = result.loaded;
    if (!loaded) continue;
    const first = taken.get(loaded.id);
    if (first) {
      diagnostics.push({
        file,
        line: 1,
        col: 1,
        message: `duplicate visit id "${loaded.id}" (also ${first})`,
        severity: 'error',
      });
      continue;
    }
    taken.set(loaded.id, file);
    // A release rewrites the history: every snapshot it names must be the one released.
    const { history, diagnostics: problems } = readHistory(file, loaded.id);
    diagnostics.push(...problems, ...(history ? verifySnapshots(file, loaded.id, history) : []));
    candidates.push({ loaded, bytes: read.bytes, history });
  }
  return { candidates, diagnostics };
}

/** Releases the visits of `files`: see the module's comment for the order of the steps. */
export async function releaseFiles(files: readonly string[], options: FileBuildOptions): Promise<ReleaseReport> {
  const { candidates, diagnostics } = loadCandidates(files, options);
  const report: ReleaseReport = { outputs: [], diagnostics, released: [], unchanged: [], refused: false };
  if (hasErrors(diagnostics)) return { ...report, refused: true };
  const released = releaseDate();
  const toRecord: { candidate: Candidate; entry: ReleaseEntry }[] = [];
  const visits = candidates.map((candidate): LoadedVisit => {
    const { loaded } = candidate;
    const latest = loaded.release;
    if (latest && !latest.draft) {
      // The same data released again would tell readers a new revision changed something.
      report.unchanged.push({
        visit: loaded.id,
        file: loaded.file,
        revision: latest.revision,
        released: latest.released,
      });
      return loaded;
    }
    const revision = (latest?.revision ?? 0) + 1;
    const sha = sha256(candidate.bytes);
    const file = basename(loaded.file);
    const entry: ReleaseEntry = {
      revision,
      released,
      file,
      snapshot: snapshotName(revision, file),
      sha256: sha,
      docs: [...options.docs],
    };
    toRecord.push({ candidate, entry });
    return { ...loaded, release: { revision, released, draft: false, sha256: sha, visit: loaded.visit } };
  });
  const built = await buildVisits(visits, undefined, options);
  report.outputs = built.outputs;
  report.diagnostics.push(...built.diagnostics);
  // A template that fails for one visit refuses the release of all: nothing is recorded.
  if (hasErrors(built.diagnostics)) return { ...report, refused: true };
  pauseForTest('after-build');
  for (const { candidate, entry } of toRecord) {
    const problem = recordRelease(candidate, entry);
    if (problem) {
      report.diagnostics.push(problem);
      continue;
    }
    report.released.push({
      visit: candidate.loaded.id,
      file: candidate.loaded.file,
      revision: entry.revision,
      released: entry.released,
    });
  }
  return report;
}

const LOCK_FILE = '.lock';

/**
 * Holds the releases folder for this process while it records: two releases of one visit at
 * once would both take the same number. A lock left by a killed process is taken over.
 * Returns false when another running process holds it.
 */
function lockFolder(folder: string): { held: true } | { held: false; by: number } {
  const lock = join(folder, LOCK_FILE);
  mkdirSync(folder, { recursive: true });
  for (;;) {
    try {
      writeFileSync(lock, String(process.pid), { flag: 'wx' });
      return { held: true };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw systemError(lock, error);
    }
    const by = Number(readFileSync(lock, 'utf8'));
    if (by && by !== process.pid && isRunning(by)) return { held: false, by };
    rmSync(lock, { force: true });
  }
}

/**
 * Writes one visit's snapshot, then its history (the commit point), each temp + rename, under
 * the folder's lock; a problem instead when another release is recording or has recorded since
 * this one read the history.
 */
function recordRelease(candidate: Candidate, entry: ReleaseEntry): Diagnostic | undefined {
  const { loaded } = candidate;
  const folder = releasesFolder(loaded.file, loaded.id);
  const problem = (message: string): Diagnostic => ({
    file: join(folder, HISTORY_FILE),
    message: `${message}; revision ${entry.revision} of ${loaded.id} was not recorded (its outputs were built): run the release again`,
    severity: 'error',
  });
  const lock = onPath(folder, () => lockFolder(folder));
  if (!lock.held) return problem(`another release of this visit is recording (process ${lock.by})`);
  try {
    const now = readHistory(loaded.file, loaded.id).history?.releases.length ?? 0;
    if (now !== entry.revision - 1) return problem(`revision ${now} was released meanwhile`);
    writeRelease(candidate, entry, folder);
  } finally {
    rmSync(join(folder, LOCK_FILE), { force: true });
  }
  return undefined;
}

function writeRelease({ loaded, bytes, history }: Candidate, entry: ReleaseEntry, folder: string): void {
  writeFileAtomic(join(folder, entry.snapshot), bytes);
  pauseForTest('after-snapshot');
  const next: History = {
    format: HISTORY_FORMAT,
    visit: loaded.id,
    releases: [...(history?.releases ?? []), entry],
  };
  writeFileAtomic(join(folder, HISTORY_FILE), `${JSON.stringify(next, null, 2)}\n`);
  pauseForTest('after-history');
}
