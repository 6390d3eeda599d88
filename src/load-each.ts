/**
 * Visits loaded one at a time, so that a large batch can start typesetting its first visits
 * while the rest are still being parsed and validated. Same results as loadVisits (which
 * loads them all first), duplicate ids included.
 */
import type { Diagnostic } from './load/diagnostics.js';
import { loadVisitFile, type LoadedVisit, type LoadOptions } from './load/index.js';
import { diagnosticAt } from './load/validate.js';

/** Told of each file as it is loaded: the visit if it is valid and its id not taken. */
export type OnLoaded = (file: string, accepted: LoadedVisit | undefined, diagnostics: Diagnostic[]) => void;

/** `taken` holds ids already claimed (id → file), e.g. by files not loaded because unchanged. */
export async function* loadEach(
  files: readonly string[],
  options: LoadOptions,
  onLoaded: OnLoaded,
  taken: Map<string, string> = new Map(),
): AsyncGenerator<LoadedVisit> {
  for (const file of files) {
    const { loaded, diagnostics } = loadVisitFile(file, undefined, options);
    const first = loaded && taken.get(loaded.id);
    if (loaded && first) {
      diagnostics.push(diagnosticAt(loaded.source, loaded.visit.id ? ['id'] : [], `duplicate visit id "${loaded.id}" (also ${first})`));
    }
    const accepted = loaded && !first ? loaded : undefined;
    onLoaded(file, accepted, diagnostics);
    if (!accepted) continue;
    taken.set(accepted.id, file);
    yield accepted;
    // Let finished typesetting tasks report back (and new ones start) between files.
    await new Promise((resolve) => setImmediate(resolve));
  }
}
