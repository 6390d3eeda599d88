/**
 * Reading a visit file. One that cannot be read (a folder named like a visit file, a link to
 * nothing or a loop of links, no permission) is a problem of that file alone: the rest of the
 * batch is still built.
 */
import { lstatSync, readFileSync, readlinkSync } from 'node:fs';
import { BriefingError, type Diagnostic, systemError } from '../diagnostics.js';

/** The file's bytes, or why they cannot be read; `gone` when nothing is left at its path. */
export type ReadResult = { bytes: Uint8Array } | { problem: Diagnostic; gone: boolean };

export function readVisitFile(file: string): ReadResult {
  try {
    return { bytes: readFileSync(file) };
  } catch (error) {
    const failure = systemError(file, error);
    if (!(failure instanceof BriefingError)) throw failure; // not the file system's: a bug
    const entry = lstatSync(file, { throwIfNoEntry: false });
    const reason = plainReason(file, (error as NodeJS.ErrnoException).code, entry?.isSymbolicLink() ?? false);
    const problem = reason ? { ...failure.diagnostics[0]!, message: reason } : failure.diagnostics[0]!;
    return { problem, gone: !entry };
  }
}

/** The system's reason in a visit file's terms, where it has one. */
function plainReason(file: string, code: string | undefined, isLink: boolean): string | undefined {
  switch (code) {
    case 'EISDIR':
      return 'is a folder, not a visit file; rename it, or move it out of the folder of visit files';
    case 'ENOENT':
      return isLink ? `is a link to "${linkTarget(file)}", which does not exist` : 'no such file';
    case 'ELOOP':
      return 'is a link that leads back to itself (a loop of links); it names no file';
    case 'EACCES':
    case 'EPERM':
      return 'cannot be read: permission denied';
    default:
      return undefined;
  }
}

/** Where a link points, as written in it (gone already, it points nowhere to say). */
function linkTarget(file: string): string {
  try {
    return readlinkSync(file);
  } catch {
    return '';
  }
}
