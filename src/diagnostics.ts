/**
 * Problems and failures, for every stage: a problem found in an input file is a Diagnostic,
 * printed as `file:line:col: message`; a failure that stops a command is a BriefingError,
 * which says what to print and with which exit status. Anything else thrown is a bug.
 */

/**
 * A problem with a file: in an input, printed as `file:line:col: message` (or `file: field.path:
 * message`); or a file that cannot be read or written, printed as `file: reason`.
 */
export interface Diagnostic {
  file: string;
  line?: number;
  col?: number;
  /** Field path such as `visit.start`, used where no position applies. */
  path?: string;
  message: string;
  severity: 'error' | 'warning';
}

/** A place in a text: 1-based line and column, columns in UTF-16 units, as editors count. */
export interface Position {
  line: number;
  col: number;
}

/** The exit statuses of the command line. */
export const EXIT = {
  ok: 0,
  /** A visit file or template is invalid. */
  invalid: 1,
  /** The command cannot run as given: an unknown option, a missing path, an unwritable output. */
  usage: 2,
  /** A bug: an error that none of the others accounts for. */
  internal: 3,
} as const;

/**
 * A failure that stops a command, said to the user as it is (no stack), with its exit status.
 * `diagnostics` are its problems, each on its file: those of an invalid input, or the path a
 * system call failed on; a usage error about the command line itself has none.
 */
export class BriefingError extends Error {
  override name = 'BriefingError';

  constructor(
    readonly status: 'invalid' | 'usage',
    message: string,
    readonly diagnostics: readonly Diagnostic[] = [],
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** Input that cannot be built: a visit file or template with these problems. */
export function invalidInput(diagnostics: readonly Diagnostic[]): BriefingError {
  return new BriefingError('invalid', diagnostics.map(formatDiagnostic).join('\n'), diagnostics);
}

/** A command that cannot run as given. */
export function usageError(message: string): BriefingError {
  return new BriefingError('usage', message);
}

/**
 * A system call's failure on `path` (no such file, no permission, a full disk) as `path: reason`,
 * a usage error; anything else thrown by the call (a bug) is returned as it is.
 */
export function systemError(path: string, error: unknown): unknown {
  if (!(error instanceof Error && 'syscall' in error)) return error;
  // "EACCES: permission denied, open '/x'", "EISDIR: illegal operation on a directory, read" → the words between.
  const reason = error.message.replace(/^[A-Z]+: /, '').replace(/, \w+( '.*')?$/, '');
  return unusableFile(path, reason, error);
}

/** A file that cannot be used as it is, as `path: reason`: a usage error (see systemError). */
export function unusableFile(path: string, reason: string, cause?: unknown): BriefingError {
  const diagnostic: Diagnostic = { file: path, message: reason, severity: 'error' };
  return new BriefingError('usage', formatDiagnostic(diagnostic), [diagnostic], cause ? { cause } : undefined);
}

/** Runs a system call on `path`, its failure turned into `path: reason` (see systemError). */
export function onPath<T>(path: string, call: () => T): T {
  try {
    return call();
  } catch (error) {
    throw systemError(path, error);
  }
}

/** The problems an input was rejected with; any other error goes on up. */
export function diagnosticsOf(error: unknown): readonly Diagnostic[] {
  if (error instanceof BriefingError && error.status === 'invalid') return error.diagnostics;
  throw error;
}

/** One line per problem, whatever its file is named and its message holds. */
export function formatDiagnostic(d: Diagnostic): string {
  const file = quotedFileName(d.file);
  const where = d.line !== undefined ? `${file}:${d.line}:${d.col ?? 1}` : d.path ? `${file}: ${d.path}` : file;
  return `${where}: ${d.severity === 'warning' ? 'warning: ' : ''}${escapeControls(d.message)}`;
}

/**
 * Characters that would break a line or change how it reads: controls other than the tab (a
 * newline, an escape sequence), the line and paragraph separators, the bidirectional controls.
 */
const CONTROL = /(?!\t)[\p{Cc}\p{Zl}\p{Zp}\p{Bidi_Control}]/u;
const CONTROLS = new RegExp(CONTROL.source, 'gu');

const escapeControls = (text: string): string =>
  text.replace(CONTROLS, (c) =>
    c === '\n' ? '\\n' : c === '\r' ? '\\r' : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );

/**
 * A file name holding such characters, quoted with them escaped: a name with a newline in it
 * could otherwise print a line of its own that looks like another file's problem.
 */
const quotedFileName = (file: string): string =>
  CONTROL.test(file) ? `"${escapeControls(file.replace(/["\\]/g, '\\$&'))}"` : file;

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}

/** Orders diagnostics by their place in the file; those without one first. */
export const byPosition = (a: Diagnostic, b: Diagnostic): number =>
  (a.line ?? 0) - (b.line ?? 0) || (a.col ?? 0) - (b.col ?? 0);

/** The position of an offset in a text. */
export function positionAt(text: string, offset: number): Position {
  return positionsIn(text)(offset);
}

/**
 * positionAt for many offsets in one text. Its line starts are found once, at the first
 * position asked for: most texts never have a problem to report.
 */
export function positionsIn(text: string): (offset: number) => Position {
  let starts: number[] | undefined;
  return (offset) => {
    starts ??= lineStarts(text);
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (starts[mid]! <= offset) low = mid;
      else high = mid - 1;
    }
    return { line: low + 1, col: offset - starts[low]! + 1 };
  };
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}
