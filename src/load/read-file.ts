/**
 * Input files read safely: only a regular file, and only up to a size limit. A FIFO would block
 * the read forever and a device (a link to /dev/zero) would never end; both are refused before
 * anything is read, and a file that grows past its limit while read is cut off there. A visit
 * file that cannot be read (a folder named like one, a link to nothing or a loop of links, no
 * permission) is a problem of that file alone: the rest of the batch is still built.
 */
import { closeSync, constants, fstatSync, lstatSync, openSync, readlinkSync, readSync, type Stats } from 'node:fs';
import { BriefingError, type Diagnostic, invalidInput, onPath, unusableFile } from '../diagnostics.js';
import { shownBytes, VISIT_FILE_BYTES } from '../limits.js';

/** What a path is, when it is not a regular file. */
function kindOf(stat: Stats): string {
  if (stat.isDirectory()) return 'a folder';
  if (stat.isFIFO()) return 'a named pipe (FIFO)';
  if (stat.isCharacterDevice() || stat.isBlockDevice()) return 'a device';
  if (stat.isSocket()) return 'a socket';
  return 'not a regular file';
}

function tooLarge(path: string, what: string, limit: number): BriefingError {
  return invalidInput([
    {
      file: path,
      line: 1,
      col: 1,
      message: `${what} is larger than the limit of ${shownBytes(limit)}; split it or shorten it`,
      severity: 'error',
    },
  ]);
}

/**
 * The bytes of the regular file at `path`, at most `limit` of them. `what` names the file in
 * the error for a larger one ("visit file"), an invalid input at its first line; any other
 * kind of file is a usage error `path: is a named pipe (FIFO); …`.
 */
export function readBoundedFile(path: string, limit: number, what: string): Buffer {
  // Non-blocking: opening a FIFO with no writer would otherwise wait for one.
  const fd = onPath(path, () => openSync(path, constants.O_RDONLY | constants.O_NONBLOCK));
  try {
    const stat = onPath(path, () => fstatSync(fd));
    if (!stat.isFile()) throw unusableFile(path, `is ${kindOf(stat)}, not a ${what}`);
    if (stat.size > limit) throw tooLarge(path, what, limit);
    const bytes = readUpTo(path, fd, limit + 1, stat.size);
    // A file that grew past the limit while it was read.
    if (bytes.length > limit) throw tooLarge(path, what, limit);
    return bytes;
  } finally {
    closeSync(fd);
  }
}

/** Up to `most` bytes, to the end of the file; `expected` is its size when it was opened. */
function readUpTo(path: string, fd: number, most: number, expected: number): Buffer {
  const chunks: Buffer[] = [];
  let total = 0;
  for (;;) {
    const chunk = Buffer.allocUnsafe(Math.min(most - total, Math.max(expected - total + 1, 64 * 1024)));
    const read = onPath(path, () => readSync(fd, chunk, 0, chunk.length, null));
    if (read === 0) break;
    chunks.push(chunk.subarray(0, read));
    total += read;
    if (total >= most) break;
  }
  return Buffer.concat(chunks, total);
}

/** A visit file's bytes, or why they cannot be read; `gone` when nothing is left at its path. */
export type ReadResult = { bytes: Uint8Array } | { problem: Diagnostic; gone: boolean };

/** A visit file's bytes (see readBoundedFile), or the problem that keeps it from being read. */
export function readVisitFile(file: string): ReadResult {
  try {
    return { bytes: readBoundedFile(file, VISIT_FILE_BYTES, 'visit file') };
  } catch (error) {
    if (!(error instanceof BriefingError)) throw error; // not the file system's: a bug
    const entry = lstatSync(file, { throwIfNoEntry: false });
    const code = (error.cause as NodeJS.ErrnoException | undefined)?.code;
    const problem = error.diagnostics[0]!;
    const reason = plainReason(file, problem.message, code, entry?.isSymbolicLink() ?? false);
    return { problem: { ...problem, message: reason }, gone: !entry };
  }
}

/** The system's reason in a visit file's terms, where it has one. */
function plainReason(file: string, reason: string, code: string | undefined, isLink: boolean): string {
  if (reason.startsWith('is ')) return `${reason}; rename it, or move it out of the folder of visit files`;
  switch (code) {
    case 'ENOENT':
      return isLink ? `is a link to "${linkTarget(file)}", which does not exist` : 'no such file';
    case 'ELOOP':
      return 'is a link that leads back to itself (a loop of links); it names no file';
    case 'EACCES':
    case 'EPERM':
      return 'cannot be read: permission denied';
    default:
      return reason;
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
