/** Writes files so that a reader, or a crash, only ever sees the old file or the new one. */
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/** Writes to a temporary file beside the target, then renames it over the target. */
export function writeFileAtomic(path: string, data: string | Uint8Array): void {
  mkdirSync(dirname(path), { recursive: true });
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  try {
    writeFileSync(temporary, data);
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
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
