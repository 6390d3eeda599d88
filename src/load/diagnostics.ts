/** A problem found in an input file, printed as `file:line:col: message`. */
export interface Diagnostic {
  file: string;
  line?: number;
  col?: number;
  /** Field path such as `visit.start`, used where no position applies. */
  path?: string;
  message: string;
  severity: 'error' | 'warning';
}

/** Line and column (1-based; columns in UTF-16 units, as editors count) of an offset in a text. */
export function positionAt(text: string, offset: number): { line: number; col: number } {
  return positionsIn(text)(offset);
}

/** positionAt for many offsets in one text: its line starts are found once. */
export function positionsIn(text: string): (offset: number) => { line: number; col: number } {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return (offset) => {
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

export function formatDiagnostic(d: Diagnostic): string {
  const where = d.line !== undefined ? `${d.file}:${d.line}:${d.col ?? 1}` : d.path ? `${d.file}: ${d.path}` : d.file;
  return `${where}: ${d.severity === 'warning' ? 'warning: ' : ''}${d.message}`;
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}

/** An error that carries a diagnostic to the CLI, which prints it without a stack trace. */
export class DiagnosticError extends Error {
  constructor(readonly diagnostics: Diagnostic[]) {
    super(diagnostics.map(formatDiagnostic).join('\n'));
  }
}
