/**
 * The build: validated visits in, Markdown and PDF files out. Each visit's documents are all
 * rendered in memory first and written only when every one succeeded. PDFs whose inputs are
 * unchanged since the last build (see cache.ts) are not typeset again; the rest are typeset in
 * this thread or on a worker pool (see workers/pool.ts).
 */
import { basename, join, relative } from 'node:path';
import {
  type CacheEntry,
  htmlKey,
  loadedVisitHash,
  loaderKey,
  OutputCache,
  pdfKey,
  sha256,
  visitKey,
} from './cache.js';
import { type Diagnostic, diagnosticsOf, invalidInput } from './diagnostics.js';
import type { DocKind, Format } from './docs.js';
import { DOC_LAYOUT, inOutputOrder } from './docs.js';
import type { htmlDocument } from './html/document.js';
import type { ImageAsset } from './images/asset.js';
import { ImageCache } from './images/cache.js';
import { unchanged } from './images/load.js';
import { templateImageDigests } from './images/template-images.js';
import type { LoadedVisit } from './load/index.js';
import { readVisitFile } from './load/read-file.js';
import type { lex } from './markdown/lex.js';
import type { Paper } from './model/visit.js';
import { isVisitId } from './model/visit-id.js';
import { sameContent, writeFileAtomic } from './output/atomic.js';
import { buildContext, type Comparison } from './render/context.js';
import { labelTexts, resolveTemplates } from './render/template-files.js';
import type { TemplateSet } from './render/templates.js';
import { compareWithRelease } from './revisions/compare.js';
import { historyStamp } from './revisions/folder.js';
import { emblemRef, pageFrame } from './typeset/frame.js';
import type { ImageUse, PrintImage, PrintImages } from './typeset/images.js';
import { inThisThread, poolSize, TypesetPool, type Typesetter } from './workers/pool.js';
import type { PdfJob, PdfResult } from './workers/typeset-job.js';

export interface BuildOptions {
  out: string;
  formats: readonly Format[];
  docs: readonly DocKind[];
  /** Overrides each visit's own `paper:`. */
  paper?: Paper;
  /** The user's template folder, if any (see TemplateSet). */
  templates?: string;
  /** Render, typeset and write every output, even those the cache says are up to date. */
  force?: boolean;
  /** Typesetting threads to start for this build (see workers/pool.ts); default: this thread only. */
  jobs?: number;
  /** Worker threads already started (and warming up) for this build; they are not closed here. */
  pool?: Typesetter;
  /** The output folder's cache, if the caller has it open already. */
  cache?: OutputCache;
  /** Scaled images kept between builds (watch mode keeps one); default: the output folder's. */
  images?: ImageCache;
  /** The templates' and labels' texts (what outputs are keyed by), if the caller has read them already. */
  sourceTexts?: readonly string[];
  /** How many outputs the caller expects, for progress while visits are still arriving. */
  expectedOutputs?: number;
  /** Called as each output is ready, for a progress display. */
  onProgress?: (done: number, total: number) => void;
}

export interface OutputRecord {
  visit: string;
  doc: DocKind;
  format: Format;
  path: string;
  bytes: number;
  pages?: number;
  /** A PDF's marked changes: the first page of each, by change id (from the cache when not typeset). */
  marks?: Record<string, number>;
  ms: number;
  /** True when the file already held these bytes and was left alone. */
  skipped: boolean;
}

export interface BuildReport {
  outputs: OutputRecord[];
  diagnostics: Diagnostic[];
}

/**
 * Where an output goes: always a file inside its visit's folder inside `out`. Ids are validated
 * on load; this second check means no data can ever steer a write elsewhere.
 */
export function outputPath(out: string, id: string, name: string): string {
  const path = join(out, id, name);
  if (!isVisitId(id) || relative(out, path) !== join(id, name)) {
    throw new Error(`refusing to write outside the output folder: ${path}`);
  }
  return path;
}

export { countPages } from './workers/pages.js';

/** The build options every output of a visit depends on, for its cache key. */
function buildSettings(options: BuildOptions): object {
  const settings = { formats: options.formats, docs: options.docs, paper: options.paper ?? null };
  // HTML is made by its own stage, whose code is not in the renderer's key.
  return options.formats.includes('html') ? { ...settings, html: htmlKey() } : settings;
}

/** One output of one visit, rendered to Markdown and waiting to be written or typeset. */
interface Planned {
  record: Omit<OutputRecord, 'skipped' | 'bytes' | 'ms'>;
  /** The Markdown text, or the PDF still to typeset (or found fresh in the cache). */
  data?: string;
  /** `afterOthers`: a changes page, typeset once the others' pages are known (see typesetVisit). */
  pdf?: { job: PdfJob; key: string; cached?: CacheEntry; afterOthers?: boolean };
  /** Time spent making `data` (rendering, converting); a PDF's is the typesetter's own. */
  ms: number;
}

interface VisitPlan {
  outputs: Planned[];
  /** The images the Markdown links, to write beside it (when Markdown is among the formats). */
  assets: { path: string; data: Uint8Array }[];
}

/** What rendering needs, loaded only when some visit is rendered: a fresh build loads neither. */
interface Renderers {
  templates: TemplateSet;
  /** The Markdown lexer, for the images a document shows. */
  lex: typeof lex;
  /** Loaded when HTML is asked for. */
  html?: typeof htmlDocument;
}

/** The images a visit's documents may show, by ref: its fields' (emblem, photos) and the templates'. */
function availableImages(loaded: LoadedVisit, templates: TemplateSet): Map<string, PrintImage> {
  const images = new Map<string, PrintImage>();
  const add = ({ ref, data, width, height, mime, sha }: ImageAsset, use: ImageUse) =>
    images.set(ref, { data, width, height, mime, use, sha });
  for (const asset of templates.images) add(asset, 'template');
  for (const { field, asset } of loaded.images ?? []) add(asset, field[0] === 'emblem' ? 'emblem' : 'photo');
  return images;
}

/** Every image ref the Markdown shows, in order of first use; read only when it may have one. */
export function imageRefs(markdown: string, lexer: typeof lex): string[] {
  if (!markdown.includes('![')) return [];
  const refs = new Set<string>();
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      const token = node as { type?: unknown; href?: unknown };
      if (token.type === 'image' && typeof token.href === 'string') refs.add(token.href);
      for (const value of Object.values(node)) if (value && typeof value === 'object') walk(value);
    }
  };
  walk(lexer(markdown));
  return [...refs];
}

/**
 * Renders a visit's Markdown (and HTML) and decides which PDFs must be typeset, each document's
 * outputs in output order. Throws an invalid-input error with every template error met, and
 * every image a document shows that is neither the visit's nor the templates'.
 */
function planVisit(
  loaded: LoadedVisit,
  { templates, html, lex }: Renderers,
  options: BuildOptions,
  cache: OutputCache,
  comparison?: Comparison,
): VisitPlan {
  const paper = options.paper ?? loaded.visit.paper ?? 'A4';
  // A changes page points at pages of the other documents built with it: it waits for them.
  const pointsAtOthers =
    Boolean(comparison?.changes.length) && options.docs.some((d) => d !== 'changes' && d !== 'book');
  const outputs: Planned[] = [];
  const problems: Diagnostic[] = [];
  const labels = templates.labels.table(loaded.visit.lang);
  const available = availableImages(loaded, templates);
  const emblem = emblemRef(loaded);
  const linked = new Set<string>();
  for (const kind of options.docs) {
    const started = performance.now();
    let markdown: string;
    try {
      markdown = templates.render(
        kind,
        buildContext(loaded.id, loaded.visit, kind, labels, { images: loaded.images, comparison }),
      );
    } catch (error) {
      // Every document's mistakes at once, not one fix and rebuild per document.
      problems.push(...diagnosticsOf(error));
      continue;
    }
    const refs = imageRefs(markdown, lex);
    const missing = refs.filter((ref) => !available.has(ref));
    for (const ref of missing)
      problems.push({
        file: loaded.file,
        message: `the ${kind} shows image "${ref}", which is not one of the visit's or the templates' images (a Markdown field cannot add one: use photo: or emblem:)`,
        severity: 'error',
      });
    if (missing.length) continue;
    for (const ref of refs) linked.add(ref);
    const shown = [...refs, ...(emblem && !refs.includes(emblem) ? [emblem] : [])];
    const images: PrintImages | undefined = shown.length
      ? Object.fromEntries(shown.map((ref) => [ref, available.get(ref)!]))
      : undefined;
    const rendered = performance.now() - started;
    const record = (format: Format) => ({
      visit: loaded.id,
      doc: kind,
      format,
      path: outputPath(options.out, loaded.id, `${kind}.${format}`),
    });
    const plan: Record<Format, () => Planned> = {
      md: () => ({ record: record('md'), data: markdown, ms: rendered }),
      pdf: () => {
        const job: PdfJob = {
          markdown,
          frame: pageFrame(loaded, kind, paper, labels),
          options: DOC_LAYOUT[kind],
          ...(images ? { images } : {}),
        };
        const key = pdfKey(job.markdown, job.frame, job.options, job.images, job.pageRefs);
        if (kind === 'changes' && pointsAtOthers)
          return { record: record('pdf'), pdf: { job, key, afterOthers: true }, ms: 0 };
        const cached = options.force ? undefined : cache.fresh(record('pdf').path, key);
        return { record: record('pdf'), pdf: { job, key, cached }, ms: 0 };
      },
      html: () => {
        const converting = performance.now();
        const data = html!(markdown, pageFrame(loaded, kind, paper, labels), images);
        return { record: record('html'), data, ms: rendered + performance.now() - converting };
      },
    };
    for (const format of inOutputOrder(options.formats)) outputs.push(plan[format]());
  }
  if (problems.length) throw invalidInput(problems);
  const assets = options.formats.includes('md')
    ? [...linked].map((ref) => ({ path: outputPath(options.out, loaded.id, ref), data: available.get(ref)!.data }))
    : [];
  return { outputs, assets };
}

/** Every file a visit's build writes, in planVisit's order: each document in each format. */
function outputPaths(id: string, options: BuildOptions): string[] {
  const formats = inOutputOrder(options.formats);
  return options.docs.flatMap((kind) => formats.map((format) => outputPath(options.out, id, `${kind}.${format}`)));
}

/** Records for a visit found fresh in the cache: nothing to render, typeset or write. */
function skippedOutputs(id: string, fresh: { path: string; entry: CacheEntry }[]): OutputRecord[] {
  return fresh.map(({ path, entry }) => {
    const [doc, format] = basename(path).split('.') as [DocKind, Format];
    return {
      visit: id,
      doc,
      format,
      path,
      bytes: entry.bytes,
      pages: entry.pages,
      ...marksOf(entry),
      ms: 0,
      skipped: true,
    };
  });
}

/** Where each visit stands: already fresh, or rendered with its PDFs on their way. */
type Slot =
  | { skipped: OutputRecord[] }
  | {
      plan: Planned[];
      assets: VisitPlan['assets'];
      key: string;
      id: string;
      pdfs: Promise<Map<Planned, PdfResult>>;
    };

/**
 * Builds every visit. Visits may arrive one by one (an async iterable): each visit's PDFs are
 * handed to the typesetter as soon as it is rendered, so typesetting overlaps loading. Files are
 * written at the end, visit by visit, each visit only if all of its documents rendered.
 * `templates` may be given (watch mode keeps one warm); otherwise it is loaded from
 * `options.templates` only if some visit needs rendering.
 */
export async function buildVisits(
  visits: Iterable<LoadedVisit> | AsyncIterable<LoadedVisit>,
  templates: TemplateSet | undefined,
  options: BuildOptions,
): Promise<BuildReport> {
  const report: BuildReport = { outputs: [], diagnostics: [] };
  const cache = options.cache ?? OutputCache.load(options.out);
  const texts = options.sourceTexts ?? sourceTexts(options.templates, templates);
  const settings = buildSettings(options);
  const threads = options.pool ? 0 : poolSize(Infinity, Infinity, options.jobs ?? 1);
  const typesetter: Typesetter = options.pool ?? (threads > 0 ? await TypesetPool.start(threads) : inThisThread());
  let loadedTemplates: TemplateSet | undefined = templates;
  let html: typeof htmlDocument | undefined;
  let lexer: typeof lex | undefined;
  let done = 0;
  let expected = 0;
  const progress = () => options.onProgress?.(++done, Math.max(expected, options.expectedOutputs ?? 0));
  const slots: Slot[] = [];
  try {
    for await (const loaded of visits) {
      const key = visitKey(loadedVisitHash(loaded), texts, settings);
      const fresh = options.force ? undefined : cache.freshVisit(loaded.id, key, outputPaths(loaded.id, options));
      if (fresh) {
        slots.push({ skipped: skippedOutputs(loaded.id, fresh) });
        expected += fresh.length;
        fresh.forEach(progress);
        continue;
      }
      let plan: Planned[];
      let assets: VisitPlan['assets'];
      try {
        loadedTemplates ??= await (await import('./render/templates.js')).TemplateSet.open(
          options.templates,
          options.images ?? new ImageCache(options.out),
        );
        if (options.formats.includes('html')) html ??= (await import('./html/document.js')).htmlDocument;
        lexer ??= (await import('./markdown/lex.js')).lex;
        ({ outputs: plan, assets } = planVisit(
          loaded,
          { templates: loadedTemplates, html, lex: lexer },
          options,
          cache,
          compareWithRelease(loaded.visit, loaded.release),
        ));
      } catch (error) {
        report.diagnostics.push(...diagnosticsOf(error));
        // A broken template breaks every visit alike: report it once.
        if (!loadedTemplates) break;
        continue;
      }
      expected += plan.length;
      const pdfs = typesetVisit(plan, typesetter, cache, options, progress);
      pdfs.catch(() => undefined); // awaited below; not an unhandled rejection meanwhile
      slots.push({ plan, assets, key, id: loaded.id, pdfs });
    }
    for (const slot of slots) {
      if ('skipped' in slot) report.outputs.push(...slot.skipped);
      else {
        const typeset = await slot.pdfs;
        // The images first: the Markdown never links a file not yet there.
        for (const asset of slot.assets)
          if (!sameContent(asset.path, asset.data)) writeFileAtomic(asset.path, asset.data);
        report.outputs.push(...writeVisit(slot.plan, typeset, cache, options));
      }
      if ('plan' in slot) cache.recordVisit(slot.id, slot.key);
    }
  } finally {
    if (!options.pool) await typesetter.close();
  }
  cache.save();
  return report;
}

/**
 * Typesets a visit's PDFs: all at once, except a changes page that points at the others' pages,
 * which waits for them and gets the page of each change from their marks (`pageRefs`).
 */
async function typesetVisit(
  plan: Planned[],
  typesetter: Typesetter,
  cache: OutputCache,
  options: BuildOptions,
  progress: () => void,
): Promise<Map<Planned, PdfResult>> {
  const one = async (o: Planned): Promise<[Planned, PdfResult] | undefined> => {
    const result = o.pdf && !o.pdf.cached ? await typesetter.typeset(o.pdf.job) : undefined;
    progress();
    return result && [o, result];
  };
  const waiting = plan.filter((o) => o.pdf?.afterOthers);
  const pairs = await Promise.all(plan.filter((o) => !o.pdf?.afterOthers).map(one));
  const typeset = new Map(pairs.filter((p) => p !== undefined));
  if (waiting.length) {
    const pageRefs: Record<string, number> = {};
    for (const o of plan) {
      if (!o.pdf || o.pdf.afterOthers) continue;
      const marks = typeset.get(o)?.marks ?? o.pdf.cached?.marks ?? {};
      for (const [id, page] of Object.entries(marks)) pageRefs[`${o.record.doc}/${id}`] = page;
    }
    for (const o of waiting) {
      const pdf = o.pdf!;
      if (Object.keys(pageRefs).length) {
        pdf.job = { ...pdf.job, pageRefs };
        pdf.key = pdfKey(pdf.job.markdown, pdf.job.frame, pdf.job.options, pdf.job.images, pageRefs);
      }
      pdf.cached = options.force ? undefined : cache.fresh(o.record.path, pdf.key);
    }
    for (const pair of await Promise.all(waiting.map(one))) if (pair) typeset.set(pair[0], pair[1]);
  }
  return typeset;
}

/** Writes one visit's outputs (those whose bytes changed) and records them in the cache. */
function writeVisit(
  plan: Planned[],
  typeset: Map<Planned, PdfResult>,
  cache: OutputCache,
  options: BuildOptions,
): OutputRecord[] {
  return plan.map((o) => {
    const result = typeset.get(o);
    const data = o.data ?? result?.pdf;
    if (data === undefined) {
      const cached = o.pdf!.cached!;
      return { ...o.record, bytes: cached.bytes, pages: cached.pages, ...marksOf(cached), ms: 0, skipped: true };
    }
    const skipped = !options.force && sameContent(o.record.path, data);
    if (!skipped) writeFileAtomic(o.record.path, data);
    cache.record(o.record.path, o.pdf?.key ?? '', data, result?.pages, result?.marks);
    const bytes = typeof data === 'string' ? Buffer.byteLength(data) : data.length;
    const ms = result ? result.ms : o.ms;
    return { ...o.record, bytes, pages: result?.pages, ...marksOf(result), ms, skipped };
  });
}

/** A PDF's marks for its record, only when it marks some changes. */
function marksOf(from: { marks?: Record<string, number> } | undefined): { marks?: Record<string, number> } {
  return from?.marks && Object.keys(from.marks).length > 0 ? { marks: from.marks } : {};
}

export interface FileBuildOptions extends BuildOptions {
  /** Warnings count as errors (see loadVisits). */
  strict?: boolean;
}

/**
 * The templates' and labels' texts, and the templates' images' hashes: with the visit and the
 * settings, what an output is made from.
 */
function sourceTexts(dir: string | undefined, templates?: TemplateSet, labels = labelTexts(dir)): string[] {
  const files = templates?.files ?? resolveTemplates(dir);
  return [...files.map((f) => f.text), ...labels, ...templateImageDigests(files)];
}

/**
 * Builds visit files. A file whose bytes (and the loader) are unchanged since it was last
 * built, and whose outputs are all intact, is not even parsed: a rebuild with nothing changed
 * loads neither the parser nor the schema. Its warnings from then are reported again.
 */
export async function buildFiles(files: readonly string[], options: FileBuildOptions): Promise<BuildReport> {
  const cache = OutputCache.load(options.out);
  const labels = labelTexts(options.templates);
  const texts = sourceTexts(options.templates, undefined, labels);
  // Which languages a visit may be written in depends on the user's labels file.
  const languagesKey = sha256(labels.join('\0'));
  const settings = buildSettings(options);
  const sourceKeys = new Map<string, string>();
  const perFile = new Map<string, Diagnostic[]>();
  const order = new Map<string, number>();
  const taken = new Map<string, string>();
  const skipped: OutputRecord[] = [];
  const stale: string[] = [];
  for (const [index, file] of files.entries()) {
    const read = readVisitFile(file);
    if ('problem' in read) {
      perFile.set(file, [read.problem]);
      continue;
    }
    const key = sha256(JSON.stringify([loaderKey(), sha256(read.bytes), options.strict ?? false, languagesKey]));
    sourceKeys.set(file, key);
    const recorded = options.force ? undefined : cache.source(file, key);
    // The file's bytes are the same, but an image it names may have been edited or removed, or a
    // release recorded since (or a history restored from git) changes the furniture: load it again.
    const source =
      recorded?.images?.every(unchanged) === false || (recorded && historyStamp(file, recorded.id) !== recorded.history)
        ? undefined
        : recorded;
    const fresh =
      source && !taken.has(source.id)
        ? cache.freshVisit(source.id, visitKey(source.visitSha, texts, settings), outputPaths(source.id, options))
        : undefined;
    if (source && fresh) {
      skipped.push(...skippedOutputs(source.id, fresh));
      // Its warnings name the file as this build was given it (from another folder, another path).
      perFile.set(
        file,
        source.diagnostics.map((d) => ({ ...d, file })),
      );
      order.set(source.id, index);
      taken.set(source.id, file);
    } else stale.push(file);
  }

  const loaded = new Map<string, LoadedVisit>();
  let report: BuildReport = { outputs: [], diagnostics: [] };
  if (stale.length) {
    const { loadEach } = await import('./load/each.js');
    const onLoaded = (file: string, visit: LoadedVisit | undefined, diagnostics: Diagnostic[]) => {
      perFile.set(file, diagnostics);
      if (!visit) return;
      loaded.set(file, visit);
      order.set(visit.id, files.indexOf(file));
    };
    const { addedLanguages } = await import('./render/label-files.js');
    const images = options.images ?? new ImageCache(options.out);
    const load = { strict: options.strict, languages: addedLanguages(options.templates), images };
    report = await buildVisits(loadEach(stale, load, onLoaded, taken), undefined, {
      ...options,
      cache,
      images,
      sourceTexts: texts,
    });
  }
  const built = new Set(report.outputs.map((o) => o.visit));
  for (const [file, visit] of loaded) {
    if (!built.has(visit.id)) continue; // not built (a template error): nothing to skip next time
    const entry = {
      key: sourceKeys.get(file)!,
      id: visit.id,
      visitSha: loadedVisitHash(visit),
      diagnostics: perFile.get(file)!,
      ...(visit.imageFiles.length ? { images: visit.imageFiles } : {}),
      history: historyStamp(file, visit.id),
    };
    cache.recordSource(file, entry);
  }
  cache.save();
  const outputs = [...skipped, ...report.outputs].sort((a, b) => order.get(a.visit)! - order.get(b.visit)!);
  return { outputs, diagnostics: [...files.flatMap((file) => perFile.get(file) ?? []), ...report.diagnostics] };
}
