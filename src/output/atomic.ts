/** Writes files so that a reader, or a crash, only ever sees the old file or the new one. */
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { onPath, systemError } from '../diagnostics.js';

/**
 * Writes to a temporary file beside the target, then renames it over the target. A failure is
 * said of the file asked for, not of the temporary one beside it (or of no file at all, as a
 * full disk's error is): `path: reason`.
 */
export function writeFileAtomic(path: string, data: string | Uint8Array): void {
  makeFolder(dirname(path));
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  try {
    writeFileSync(temporary, data);
    renameSync(temporary, path);
  } catch (error) {
    try {
      rmSync(temporary, { force: true });
    } catch {
      // Not even made (its folder is a file, say): the write's own error is the one to report.
    }
    throw systemError(path, error);
  }
  const dir = dirname(path);
  if (!swept.has(dir)) onPath(dir, () => removeStaleTemporaries(dir));
  swept.add(dir);
}

/**
 * `mkdir -p`, one level at a time: Node's own recursive mkdir never returns where a parent
 * cannot be made (under /proc, say); this fails with the first level that cannot.
 */
function makeFolder(dir: string): void {
  try {
    mkdirSync(dir);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return;
    if (code !== 'ENOENT' || dirname(dir) === dir) throw systemError(dir, error);
    makeFolder(dirname(dir));
    onPath(dir, () => mkdirSync(dir));
  }
}

/** Folders already cleared of stale temporaries by this process: once per folder is enough. */
const swept = new Set<string>();

const TEMPORARY = /^\..+\.(\d+)\.tmp$/;

/** Temporary files left in a folder by a build that was killed before it could rename them. */
function removeStaleTemporaries(dir: string): void {
  for (const entry of readdirSync(dir)) {
    const pid = Number(TEMPORARY.exec(entry)?.[1]);
    if (pid && pid !== process.pid && !isRunning(pid)) rmSync(join(dir, entry), { force: true });
  }
}

/** Whether a process with this id is alive (one we may not signal counts: it exists). */
export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** True when the file already holds exactly these bytes (so it need not be rewritten). */
export function sameContent(path: string, data: string | Uint8Array): boolean {
  try {
    const existing = readFileSync(path);
    return existing.equals(typeof data === 'string' ? Buffer.from(data) : data);
  } catch {
    return false;
  }
}
