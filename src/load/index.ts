/** Loading stage: visit files in, validated visits and diagnostics out. */
import { basename } from 'node:path';
import { byPosition, type Diagnostic, hasErrors } from '../diagnostics.js';
import type { ImageCache } from '../images/cache.js';
import type { ImageFile } from '../images/load.js';
import type { Visit } from '../model/visit.js';
import { isVisitId, VISIT_ID, VISIT_ID_MAX_LENGTH } from '../model/visit-id.js';
import { type ReleaseState, releaseState } from '../revisions/history.js';
import type { VisitImage } from './images.js';
import { readVisitFile } from './read-file.js';
import { parseSourceFile, type SourceFile } from './source-file.js';
import { diagnosticAt, validateVisit } from './validate.js';

export type { VisitImage } from './images.js';

export interface LoadedVisit {
  /** Output folder name: the `id` field, else the file name without extension. */
  id: string;
  file: string;
  visit: Visit;
  source: SourceFile;
  /** The images its fields name, scaled: filled by loadImages (the loaders here that return a promise). */
  images: VisitImage[];
  /** The image files read for them, once each (see loadImages). */
  imageFiles: ImageFile[];
  /** Where the visit stands against its latest release (see revisions/history.ts); absent: never released. */
  release?: ReleaseState;
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
  /** Documents' languages a user's labels file adds to the bundled ones (see render/labels.ts). */
  languages?: readonly string[];
  /** Where scaled images are kept between builds (see images/cache.ts); default: in memory only. */
  images?: ImageCache;
}

/** Loads a visit file (read here unless `bytes` are given); `gone` when it no longer exists. */
export function loadVisitFile(
  file: string,
  bytes?: Uint8Array,
  options: LoadOptions = {},
): {
  loaded?: LoadedVisit;
  diagnostics: Diagnostic[];
  gone?: boolean;
} {
  if (!bytes) {
    const read = readVisitFile(file);
    if ('problem' in read) return { diagnostics: [read.problem], gone: read.gone };
    bytes = read.bytes;
  }
  const parsed = parseSourceFile(file, bytes);
  if (!parsed.ok) return { diagnostics: parsed.diagnostics };
  const validated = validateVisit(parsed.source, options.languages);
  const visit = validated.visit;
  const diagnostics = options.strict ? validated.diagnostics.map(promoteWarning) : validated.diagnostics;
  if (!visit || diagnostics.some((d) => d.severity === 'error')) return { diagnostics };
  const id = visit.id ?? basename(file).replace(/\.[^.]+$/, '');
  if (!isVisitId(id)) return { diagnostics: [...diagnostics, fileNameIdProblem(file, id)] };
  // A damaged history is this visit's error: its furniture cannot say which revision it is.
  const release = releaseState(file, id, bytes, visit, options.languages);
  if (!release.state && release.diagnostics.length) return { diagnostics: [...diagnostics, ...release.diagnostics] };
  const loaded: LoadedVisit = { id, file, visit, source: parsed.source, images: [], imageFiles: [] };
  if (release.state) loaded.release = release.state;
  return { loaded, diagnostics };
}

/** A visit without an `id:` whose file name does not make one. */
function fileNameIdProblem(file: string, id: string): Diagnostic {
  const name = basename(file);
  const message = VISIT_ID.test(id)
    ? `file name "${name}" makes an id of ${id.length} characters, more than ${VISIT_ID_MAX_LENGTH}; add a shorter "id:" (e.g. kim-2024-seoul)`
    : `file name "${name}" does not make a valid id; add an "id:" of a-z, 0-9 and - (e.g. kim-2024-seoul)`;
  return { file, line: 1, col: 1, message, severity: 'error' };
}

function promoteWarning(d: Diagnostic): Diagnostic {
  return d.severity === 'warning' ? { ...d, severity: 'error', message: `${d.message} (error under --strict)` } : d;
}

/** One file of a batch: its visit if accepted; `refused` when its visit is valid but another file holds its id. */
export interface BatchFileResult {
  accepted?: LoadedVisit;
  refused?: 'duplicate-id';
  /** Nothing is left at the file's path (deleted, say); its diagnostics say so. */
  gone?: boolean;
  diagnostics: Diagnostic[];
}

/**
 * Loads one file of a batch: its visit is accepted if valid and its id is not already in
 * `taken` (id → file), which it then claims.
 */
export function loadBatchFile(file: string, options: LoadOptions, taken: Map<string, string>): BatchFileResult {
  const { loaded, diagnostics, gone } = loadVisitFile(file, undefined, options);
  if (!loaded) return gone ? { gone, diagnostics } : { diagnostics };
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

/**
 * Loads the images a visit's fields name into it (see load/images.ts), and returns their
 * problems: any error makes the visit invalid. Reading and scaling are asynchronous (sharp
 * is), so the loaders above leave `images` empty and the build's loaders call this.
 */
export async function loadImages(loaded: LoadedVisit, cache?: ImageCache): Promise<Diagnostic[]> {
  const { visit } = loaded;
  // A visit without images never loads the image code (nor sharp).
  if (!visit.emblem && !visit.visit.visitor.photo && !visit.people?.some((p) => p.photo)) return [];
  const { loadVisitImages } = await import('./images.js');
  const { ImageCache } = await import('../images/cache.js');
  const found = await loadVisitImages(loaded.source, visit, cache ?? new ImageCache());
  loaded.images = found.images;
  loaded.imageFiles = found.files;
  return found.diagnostics;
}

/** loadBatchFile, with the visit's images (see loadImages): a visit with a bad image is not accepted. */
export async function loadBatchVisit(
  file: string,
  options: LoadOptions,
  taken: Map<string, string>,
): Promise<BatchFileResult> {
  const result = loadBatchFile(file, options, taken);
  if (!result.accepted) return result;
  const problems = await loadImages(result.accepted, options.images);
  if (!hasErrors(problems)) return { ...result, diagnostics: [...result.diagnostics, ...problems] };
  // Not accepted after all: its id is free for a later file, as an invalid file's is.
  if (taken.get(result.accepted.id) === file) taken.delete(result.accepted.id);
  return { diagnostics: [...result.diagnostics, ...problems].sort(byPosition) };
}

/** loadVisits, with each visit's images (see loadImages). */
export async function loadVisitsWithImages(files: readonly string[], options: LoadOptions = {}): Promise<LoadResult> {
  const result: LoadResult = { visits: [], failed: [], diagnostics: [] };
  const taken = new Map<string, string>();
  for (const file of files) {
    const { accepted, diagnostics } = await loadBatchVisit(file, options, taken);
    result.diagnostics.push(...diagnostics);
    if (accepted) result.visits.push(accepted);
    else result.failed.push(file);
  }
  return result;
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
