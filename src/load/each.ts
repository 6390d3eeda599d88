/**
 * Visits loaded one at a time, so that a large batch can start typesetting its first visits
 * while the rest are still being parsed and validated. Same results as loadVisits (which
 * loads them all first), duplicate ids included.
 */
import type { Diagnostic } from '../diagnostics.js';
import { type LoadedVisit, type LoadOptions, loadBatchVisit } from './index.js';

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
    const { accepted, diagnostics } = await loadBatchVisit(file, options, taken);
    onLoaded(file, accepted, diagnostics);
    if (!accepted) continue;
    yield accepted;
    // Let finished typesetting tasks report back (and new ones start) between files.
    await new Promise((resolve) => setImmediate(resolve));
  }
}
