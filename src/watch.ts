/**
 * Watch mode: build once, then rebuild whatever an edit affects until closed. Modules, fonts
 * and templates stay loaded between rebuilds, and the output cache's content keys decide what
 * is typeset again: an edited visit re-renders its Markdown, and only the documents whose
 * Markdown changed are typeset; an edited template does the same for every visit, which
 * catches the book too, since it includes the other templates as partials.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';
import { type FSWatcher, watch } from 'chokidar';
import { type BuildOptions, buildVisits, type OutputRecord } from './build.js';
import { BriefingError, type Diagnostic, diagnosticsOf, hasErrors, systemError } from './diagnostics.js';
import type { NotesWords } from './html/render.js';
import { ImageCache } from './images/cache.js';
import { discoverVisitFiles, VISIT_FILE } from './load/discover.js';
import { imageFields } from './load/images.js';
import { type LoadedVisit, type LoadOptions, loadBatchFile, loadImages } from './load/index.js';
import { documentLang } from './model/lang.js';
import { addedLanguages } from './render/label-files.js';
import { BUNDLED_TEMPLATES, TemplateSet } from './render/templates.js';

export interface WatchOptions extends BuildOptions {
  /** How long to wait for an editor's burst of writes to settle before rebuilding (ms). */
  debounceMs?: number;
  /** Warnings count as errors (see --strict). */
  strict?: boolean;
}

export interface WatchEvent {
  kind: 'built' | 'failed';
  /** Files whose edit caused this build (all visit files for the first one). */
  changed: string[];
  outputs: OutputRecord[];
  diagnostics: Diagnostic[];
  /** Ids of visits whose files were deleted (their outputs stay on disk). */
  removed: string[];
  /** The title of each visit this build typeset, by id. */
  titles: Record<string, string>;
  /** The language of each visit this build typeset, and the words its HTML adds around the sources. */
  languages?: Record<string, { lang: string; notes?: NotesWords }>;
  ms: number;
}

/** Templates and the labels file beside them. */
const TEMPLATE_FILE = /(?:\.hbs|(?:^|[\\/])labels\.yaml)$/;
/** Past the watcher's window for folding quick successive changes to one file. */
const LATE_SAVE_MS = 100;

/** What the watcher knows between rebuilds: the last good templates and visits. */
interface State {
  templates?: TemplateSet;
  visits: Map<string, LoadedVisit>;
  /** Files refused because another file holds their visit id: tried again when a file goes. */
  refused: Set<string>;
  /** Each changed file's size and mtime when the rebuild that read it began. */
  readAs: Map<string, string>;
  /** Scaled images, kept between rebuilds. */
  images: ImageCache;
  /** The image paths of visit files refused for a bad or missing image: saving one retries the visit. */
  awaitingImages: Map<string, string[]>;
}

/** Size and mtime: what tells whether a file was saved again after it was read. */
function signature(file: string): string {
  try {
    const { size, mtimeMs } = statSync(file);
    return `${size}:${mtimeMs}`;
  } catch {
    return 'gone';
  }
}

async function loadTemplates(options: WatchOptions, state: State, diagnostics: Diagnostic[]): Promise<boolean> {
  try {
    state.templates = await TemplateSet.open(options.templates, state.images);
    return true;
  } catch (error) {
    diagnostics.push(...diagnosticsOf(error));
    return false;
  }
}

/**
 * Reloads the changed visit files; an invalid one keeps its place (and outputs) untouched.
 * The ids of visits whose files are gone go to `removed`.
 */
async function reloadVisits(
  files: readonly string[],
  state: State,
  diagnostics: Diagnostic[],
  removed: string[],
  load: LoadOptions,
): Promise<LoadedVisit[]> {
  const reloaded: LoadedVisit[] = [];
  const gone = new Set<string>();
  // Deleted files first, so that their ids are free: a renamed file keeps its id under its new
  // name, and a file refused for a taken id gets it (no "duplicate id", no "removed"). Known
  // files count too, as the watcher may report the new name before the old one's deletion.
  const missing = [...new Set([...files, ...state.visits.keys()])].filter((file) => !existsSync(file));
  const waiting = missing.length ? [...state.refused].filter((file) => !files.includes(file)) : [];
  for (const file of [...missing, ...files.filter((file) => !missing.includes(file)), ...waiting]) {
    // Ids taken by the other files: the file loaded first keeps its id, as in a build.
    const taken = new Map(
      [...state.visits].filter(([other]) => other !== file).map(([other, visit]) => [visit.id, other]),
    );
    const result = loadBatchFile(file, load, taken);
    state.awaitingImages.delete(file);
    if (result.accepted) {
      const problems = await loadImages(result.accepted, state.images);
      result.diagnostics.push(...problems);
      // A bad image makes the visit invalid: it keeps its place (and outputs) as it was, and
      // is tried again when one of its images is saved (a missing photo put in place, say).
      if (hasErrors(problems)) {
        state.awaitingImages.set(file, localImagePaths(result.accepted));
        result.accepted = undefined;
      }
    }
    if (result.gone) {
      // Nothing left at its path: its visit goes, its outputs stay. (One that is there but
      // cannot be read is reported below, and keeps its place as an invalid file does.)
      const visit = state.visits.get(file);
      if (visit) gone.add(visit.id);
      state.visits.delete(file);
      state.refused.delete(file);
      continue;
    }
    diagnostics.push(...result.diagnostics);
    state.refused.delete(file);
    if (result.accepted) {
      state.visits.set(file, result.accepted);
      reloaded.push(result.accepted);
    } else if (result.refused === 'duplicate-id') {
      state.visits.delete(file); // its outputs, if any, stay as they were
      state.refused.add(file);
    }
  }
  const held = new Set([...state.visits.values()].map((visit) => visit.id));
  removed.push(...[...gone].filter((id) => !held.has(id)));
  return reloaded;
}

async function rebuild(changed: readonly string[], options: WatchOptions, state: State): Promise<WatchEvent> {
  const started = performance.now();
  for (const file of changed) state.readAs.set(file, signature(file));
  const diagnostics: Diagnostic[] = [];
  const removed: string[] = [];
  const images = imageUsers(changed, state);
  const templateEdit = changed.some((f) => TEMPLATE_FILE.test(f)) || images.templates || !state.templates;
  let visits: LoadedVisit[] = [];
  // Visits are read even while a template is broken, so that fixing it builds them all.
  const edited = await reloadVisits(
    [...new Set([...changed.filter((f) => VISIT_FILE.test(f)), ...images.visits])].sort(),
    state,
    diagnostics,
    removed,
    { strict: options.strict, languages: state.templates?.labels.added() ?? addedLanguages(options.templates) },
  );
  if (templateEdit && !(await loadTemplates(options, state, diagnostics))) {
    // A broken template: build nothing, so every output stays as it was.
  } else {
    visits = templateEdit ? [...state.visits.values()] : edited;
  }
  const report = visits.length
    ? await buildVisits(visits, state.templates, { ...options, images: state.images })
    : { outputs: [], diagnostics: [] };
  diagnostics.push(...report.diagnostics);
  return {
    kind: hasErrors(diagnostics) ? 'failed' : 'built',
    changed: [...changed],
    outputs: report.outputs,
    diagnostics,
    removed,
    titles: Object.fromEntries(visits.map((v) => [v.id, v.visit.title])),
    languages: Object.fromEntries(visits.map((v) => [v.id, documentWords(v, state.templates)])),
    ms: performance.now() - started,
  };
}

/**
 * Which visit files and whether the templates use one of the changed files as an image: an
 * edited photo rebuilds the visits that print it (or were refused for it), an edited template
 * image every visit.
 */
function imageUsers(changed: readonly string[], state: State): { visits: string[]; templates: boolean } {
  const edited = new Set(changed.map((file) => resolve(file)));
  const uses = (files: readonly { path: string; real: string }[]) =>
    files.some((f) => edited.has(f.path) || edited.has(f.real));
  const awaiting = [...state.awaitingImages].filter(([, paths]) => paths.some((path) => edited.has(path)));
  return {
    visits: [
      ...[...state.visits].filter(([, visit]) => uses(visit.imageFiles)).map(([file]) => file),
      ...awaiting.map(([file]) => file),
    ],
    templates: uses(state.templates?.imageFiles ?? []),
  };
}

/** The files a visit's image fields name, where they are local paths (an address names none). */
function localImagePaths(loaded: LoadedVisit): string[] {
  return imageFields(loaded.visit)
    .map(({ path }) => path)
    .filter((path) => !/^([a-z][a-z0-9+.-]*:|\/\/)/i.test(path) && !isAbsolute(path))
    .map((path) => resolve(dirname(loaded.file), path));
}

/**
 * A rebuild that failed (a file that cannot be written, say): its problems, each on its file.
 * An error that names no file is put on the first changed one.
 */
/** A visit's language and the words its HTML adds around the sources, as the build wrote them. */
function documentWords(loaded: LoadedVisit, templates?: TemplateSet): { lang: string; notes?: NotesWords } {
  const labels = templates?.labels.table(loaded.visit.lang);
  const notes = labels && { title: labels.sources, backToCitation: labels.back_to_citation };
  return { lang: documentLang(loaded.visit.lang), notes };
}

function failedEvent(changed: string[], error: unknown): WatchEvent {
  const diagnostics: Diagnostic[] =
    error instanceof BriefingError && error.diagnostics.length
      ? [...error.diagnostics]
      : [
          {
            file: changed[0] ?? '.',
            message: error instanceof Error ? error.message : String(error),
            severity: 'error',
          },
        ];
  return { kind: 'failed', changed, outputs: [], diagnostics, removed: [], titles: {}, ms: 0 };
}

/** Only visit files and templates are watched; never hidden files such as the output cache. */
const watchable = (path: string): boolean =>
  !basename(path).startsWith('.') && (VISIT_FILE.test(path) || TEMPLATE_FILE.test(path));

/**
 * Builds `paths` (visit files or folders), then rebuilds on every edit to them or to the
 * templates, reporting each build through `onEvent`. Resolves once watching has begun.
 */
export async function watchBuild(
  paths: string[],
  options: WatchOptions,
  onEvent: (event: WatchEvent) => void,
): Promise<{ close(): Promise<void> }> {
  const files = discoverVisitFiles(paths);
  const state: State = {
    visits: new Map(),
    refused: new Set(),
    readAs: new Map(),
    images: new ImageCache(options.out),
    awaitingImages: new Map(),
  };
  const first = await rebuild(files, options, state);
  onEvent(first);
  if (!first.outputs.some((o) => o.format === 'pdf' && !o.skipped) && options.formats.includes('pdf')) {
    // Ahead of the first edit, so that it is fast too.
    await (await import('./workers/typeset-job.js')).warmUp();
  }

  const templateDirs = [BUNDLED_TEMPLATES, ...(options.templates ? [options.templates] : [])];
  // A file named on its own is watched through its folder: an editor's safe save replaces the
  // file, and a watch on the file itself can lose track of it after a few quick saves.
  const folders = new Set(paths.filter((p) => statSync(p).isDirectory()).map((p) => resolve(p)));
  const named = new Set(paths.filter((p) => !folders.has(resolve(p))).map((p) => resolve(p)));
  const wanted = (path: string) =>
    TEMPLATE_FILE.test(path) ||
    named.has(resolve(path)) ||
    folders.has(dirname(resolve(path))) ||
    imagePaths.has(resolve(path));
  const targets = [...new Set([...paths.map((p) => (named.has(resolve(p)) ? dirname(p) : p)), ...templateDirs])];
  // A watched folder that is deleted is no longer watched, even once made again: its parent
  // is watched too (its own entries only), to watch the folder again when it comes back.
  const rewatch = new Map(targets.filter((t) => t !== BUNDLED_TEMPLATES).map((t) => [resolve(t), t]));
  const parents = [...new Set([...rewatch.values()].map((t) => dirname(t)))].filter((p) => !rewatch.has(resolve(p)));
  const watcher: FSWatcher = watch([...targets, ...parents], {
    ignoreInitial: true,
    depth: 0,
    ignored: (path, stats) => Boolean(stats?.isFile()) && !watchable(path) && !imagePaths.has(resolve(path)),
  });
  // The image files in use are watched through their folders too (an editor's safe save
  // replaces the file), from the first build on and as visits and templates name new ones.
  const imagePaths = new Set<string>();
  const imageFolders = new Set<string>();
  const watchImages = () => {
    const files = [...state.visits.values()].flatMap((v) => v.imageFiles).concat(state.templates?.imageFiles ?? []);
    for (const path of [...files.map((f) => f.path), ...[...state.awaitingImages.values()].flat()]) {
      imagePaths.add(path);
      const folder = dirname(path);
      // A folder not there yet is watched once a build finds it (its parent's files are not watched).
      if (imageFolders.has(folder) || !existsSync(folder)) continue;
      watcher.add(folder);
      imageFolders.add(folder);
    }
  };
  watchImages();

  const pending = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  let running = Promise.resolve();
  let closed = false;
  const flush = () => {
    const changed = [...pending].sort();
    pending.clear();
    // As read so far: a queued rebuild is not queued again by the late recheck.
    for (const file of changed) state.readAs.set(file, signature(file));
    running = running
      .then(async () => {
        if (closed) return;
        onEvent(await rebuild(changed, options, state));
        watchImages();
        recheck(changed);
      })
      // A failure to write (a full disk, a folder without permission) is reported, and
      // watching goes on: the next save tries again.
      .catch((error: unknown) => onEvent(failedEvent(changed, error)));
  };
  const onChange = (path: string) => {
    if (closed || !wanted(path)) return;
    pending.add(path);
    clearTimeout(timer);
    timer = setTimeout(flush, options.debounceMs ?? 15);
    clearTimeout(lateTimer);
    lateTimer = setTimeout(() => recheck([...state.readAs.keys()]), LATE_SAVE_MS);
  };
  // The watcher reports no second change within ~50 ms of the first, so a quick second save
  // can go unreported after the rebuild read the first: build again if a file differs from
  // what was read, both after each rebuild and once the watcher's quiet window has passed.
  let lateTimer: NodeJS.Timeout | undefined;
  const recheck = (files: readonly string[]) => {
    for (const file of files) if (!pending.has(file) && signature(file) !== state.readAs.get(file)) onChange(file);
  };
  // Back again: watched anew, and whatever it holds by then is built (its files' own "add"
  // events may have passed before it was watched).
  const onFolder = (path: string) => {
    const folder = rewatch.get(resolve(path));
    if (closed || folder === undefined) return;
    watcher.add(folder);
    let names: string[] = [];
    try {
      names = readdirSync(folder);
    } catch {
      // Gone again already: nothing to build.
    }
    for (const name of names.filter(watchable)) onChange(join(folder, name));
  };
  watcher.on('add', onChange).on('change', onChange).on('unlink', onChange).on('addDir', onFolder);
  // An entry the watcher cannot follow (a loop of links, no permission) is the build's to
  // report; anything else (no more watches left, say) is reported as a failed rebuild is.
  watcher.on('error', (error) => {
    const { code, path } = error as NodeJS.ErrnoException;
    if (code === 'ELOOP' || code === 'EACCES' || code === 'EPERM') return;
    onEvent(failedEvent([], systemError(path ?? '.', error)));
  });
  await new Promise<void>((ready) => watcher.once('ready', () => ready()));

  return {
    async close() {
      closed = true;
      clearTimeout(timer);
      clearTimeout(lateTimer);
      await watcher.close();
      await running;
    },
  };
}
