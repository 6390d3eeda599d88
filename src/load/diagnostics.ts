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

export function formatDiagnostic(d: Diagnostic): string {
  const where =
    d.line !== undefined ? `${d.file}:${d.line}:${d.col ?? 1}` : d.path ? `${d.file}: ${d.path}` : d.file;
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
