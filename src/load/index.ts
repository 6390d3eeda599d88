/** Loading stage: visit files in, validated visits and diagnostics out. */
import { basename } from 'node:path';
import { BriefingError, type Diagnostic } from '../diagnostics.js';
import type { Visit } from '../model/visit.js';
import { VISIT_ID } from '../model/visit-id.js';
import { readVisitFile } from './read-file.js';
import { parseSourceFile, type SourceFile } from './source-file.js';
import { diagnosticAt, validateVisit } from './validate.js';

export interface LoadedVisit {
  /** Output folder name: the `id` field, else the file name without extension. */
  id: string;
  file: string;
  visit: Visit;
  source: SourceFile;
}

export interface LoadResult {
  visits: LoadedVisit[];
  /** Files that failed, so their outputs are left untouched. */
  failed: string[];
  diagnostics: Diagnostic[];
}

export interface LoadOptions {
  /** Treat warnings as errors: a visit with any warning is not built. */
  strict?: boolean;
}

export function loadVisitFile(
  file: string,
  given?: Uint8Array,
  options: LoadOptions = {},
): {
  loaded?: LoadedVisit;
  diagnostics: Diagnostic[];
} {
  let bytes = given;
  try {
    bytes ??= readVisitFile(file);
  } catch (error) {
    if (error instanceof BriefingError && error.status === 'invalid') return { diagnostics: [...error.diagnostics] };
    throw error;
  }
  const parsed = parseSourceFile(file, bytes);
  if (!parsed.ok) return { diagnostics: parsed.diagnostics };
  const validated = validateVisit(parsed.source);
  const visit = validated.visit;
  const diagnostics = options.strict ? validated.diagnostics.map(promoteWarning) : validated.diagnostics;
  if (!visit || diagnostics.some((d) => d.severity === 'error')) return { diagnostics };
  const id = visit.id ?? basename(file).replace(/\.[^.]+$/, '');
  if (!VISIT_ID.test(id)) {
    return {
      diagnostics: [
        ...diagnostics,
        {
          file,
          line: 1,
          col: 1,
          message: `file name "${basename(file)}" does not make a valid id; add an "id:" of a-z, 0-9 and - (e.g. kim-2024-seoul)`,
          severity: 'error',
        },
      ],
    };
  }
  return { loaded: { id, file, visit, source: parsed.source }, diagnostics };
}

function promoteWarning(d: Diagnostic): Diagnostic {
  return d.severity === 'warning' ? { ...d, severity: 'error', message: `${d.message} (error under --strict)` } : d;
}

/** One file of a batch: its visit if accepted; `refused` when its visit is valid but another file holds its id. */
export interface BatchFileResult {
  accepted?: LoadedVisit;
  refused?: 'duplicate-id';
  diagnostics: Diagnostic[];
}

/**
 * Loads one file of a batch: its visit is accepted if valid and its id is not already in
 * `taken` (id → file), which it then claims.
 */
export function loadBatchFile(file: string, options: LoadOptions, taken: Map<string, string>): BatchFileResult {
  const { loaded, diagnostics } = loadVisitFile(file, undefined, options);
  if (!loaded) return { diagnostics };
  const first = taken.get(loaded.id);
  if (first) {
    diagnostics.push(
      diagnosticAt(loaded.source, loaded.visit.id ? ['id'] : [], `duplicate visit id "${loaded.id}" (also ${first})`),
    );
    return { refused: 'duplicate-id', diagnostics };
  }
  taken.set(loaded.id, file);
  return { accepted: loaded, diagnostics };
}

export function loadVisits(files: readonly string[], options: LoadOptions = {}): LoadResult {
  const result: LoadResult = { visits: [], failed: [], diagnostics: [] };
  const taken = new Map<string, string>();
  for (const file of files) {
    const { accepted, diagnostics } = loadBatchFile(file, options, taken);
    result.diagnostics.push(...diagnostics);
    if (accepted) result.visits.push(accepted);
    else result.failed.push(file);
  }
  return result;
}
