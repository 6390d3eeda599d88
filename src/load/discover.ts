/** Turns the paths on the command line into the visit files they name. */
import { readdirSync, type Stats, statSync } from 'node:fs';
import { join } from 'node:path';
import { onPath, usageError } from '../diagnostics.js';

export const VISIT_FILE = /\.(ya?ml|json)$/i;

/** Files as given, folders expanded to their visit files (sorted, not recursive). */
export function discoverVisitFiles(paths: readonly string[]): string[] {
  const files: string[] = [];
  for (const path of paths) {
    let stat: Stats;
    try {
      stat = statSync(path);
    } catch {
      throw usageError(`${path}: no such file or folder`);
    }
    if (stat.isDirectory()) {
      const found = onPath(path, () => readdirSync(path))
        .filter((name) => VISIT_FILE.test(name) && !name.startsWith('.'))
        .sort()
        .map((name) => join(path, name));
      if (found.length === 0) throw usageError(`${path}: folder has no visit files (.yaml, .yml, .json)`);
      files.push(...found);
    } else files.push(path);
  }
  return [...new Set(files)];
}
