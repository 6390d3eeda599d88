/**
 * Input files read safely: only a regular file, and only up to a size limit. A FIFO would block
 * the read forever and a device (a link to /dev/zero) would never end; both are refused before
 * anything is read, and a file that grows past its limit while read is cut off there.
 */
import { closeSync, constants, fstatSync, openSync, readSync, type Stats } from 'node:fs';
import { BriefingError, type Diagnostic, formatDiagnostic, invalidInput, onPath } from '../diagnostics.js';
import { shownBytes, VISIT_FILE_BYTES } from '../limits.js';

/** What a path is, when it is not a regular file. */
function kindOf(stat: Stats): string {
  if (stat.isDirectory()) return 'a folder';
  if (stat.isFIFO()) return 'a named pipe (FIFO)';
  if (stat.isCharacterDevice() || stat.isBlockDevice()) return 'a device';
  if (stat.isSocket()) return 'a socket';
  return 'not a regular file';
}

/** `path: reason`, a file that cannot be read, as the other read failures are said (see systemError). */
function unreadable(path: string, reason: string): BriefingError {
  const diagnostic: Diagnostic = { file: path, message: reason, severity: 'error' };
  return new BriefingError('usage', formatDiagnostic(diagnostic), [diagnostic]);
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
    if (!stat.isFile()) throw unreadable(path, `is ${kindOf(stat)}; expected a ${what}`);
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

/** A visit file's bytes (see readBoundedFile); one over the size limit is an invalid input. */
export function readVisitFile(file: string): Buffer {
  return readBoundedFile(file, VISIT_FILE_BYTES, 'visit file');
}
