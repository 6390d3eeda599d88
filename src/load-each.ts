/**
 * Visits loaded one at a time, so that a large batch can start typesetting its first visits
 * while the rest are still being parsed and validated. Same results as loadVisits (which
 * loads them all first), duplicate ids included; diagnostics are collected into `diagnostics`.
 */
import type { Diagnostic } from './load/diagnostics.js';
import { loadVisitFile, type LoadedVisit, type LoadOptions } from './load/index.js';
import { diagnosticAt } from './load/validate.js';

export async function* loadEach(files: readonly string[], options: LoadOptions, diagnostics: Diagnostic[]): AsyncGenerator<LoadedVisit> {
  const byId = new Map<string, LoadedVisit>();
  for (const file of files) {
    const { loaded, diagnostics: found } = loadVisitFile(file, undefined, options);
    diagnostics.push(...found);
    if (!loaded) continue;
    const first = byId.get(loaded.id);
    if (first) {
      diagnostics.push(diagnosticAt(loaded.source, loaded.visit.id ? ['id'] : [], `duplicate visit id "${loaded.id}" (also ${first.file})`));
      continue;
    }
    byId.set(loaded.id, loaded);
    yield loaded;
    // Let finished typesetting tasks report back (and new ones start) between files.
    await new Promise((resolve) => setImmediate(resolve));
  }
}
