/**
 * The build: validated visits in, Markdown and PDF files out. Each visit's documents are all
 * rendered in memory first and written only when every one succeeded.
 */
import { join } from 'node:path';
import type { DocKind, Format } from './docs.js';
import { DOC_TITLES } from './docs.js';
import type { Diagnostic } from './load/diagnostics.js';
import { DiagnosticError } from './load/diagnostics.js';
import type { LoadedVisit } from './load/index.js';
import { formatDate } from './model/dates.js';
import type { Paper } from './model/visit.js';
import { sameContent, writeFileAtomic } from './output/atomic.js';
import { renderPdf } from './output/pdf.js';
import { buildContext } from './render/context.js';
import type { TemplateSet } from './render/templates.js';
import { typeset } from './typeset/index.js';
import type { PageFrame } from './typeset/layout.js';

export interface BuildOptions {
  out: string;
  formats: readonly Format[];
  docs: readonly DocKind[];
  /** Overrides each visit's own `paper:`. */
  paper?: Paper;
}

export interface OutputRecord {
  visit: string;
  doc: DocKind;
  format: Format;
  path: string;
  bytes: number;
  pages?: number;
  ms: number;
  /** True when the file already held these bytes and was left alone. */
  skipped: boolean;
}

export interface BuildReport {
  outputs: OutputRecord[];
  diagnostics: Diagnostic[];
}

interface Rendered {
  record: Omit<OutputRecord, 'skipped'>;
  data: string | Uint8Array;
}

/** The date stamped into PDFs: SOURCE_DATE_EPOCH, else the prepared date, else the visit's start. */
export function buildDate(loaded: LoadedVisit): Date {
  const epoch = process.env.SOURCE_DATE_EPOCH;
  if (epoch && /^\d+$/.test(epoch)) return new Date(Number(epoch) * 1000);
  return new Date(`${loaded.visit.prepared ?? loaded.visit.visit.start}T00:00:00Z`);
}

export function pageFrame(loaded: LoadedVisit, kind: DocKind, paper: Paper): PageFrame {
  const { visit } = loaded;
  const visitor = visit.visit.visitor;
  return {
    title: `${DOC_TITLES[kind]}: ${visit.title}`,
    marking: visit.marking,
    prepared: visit.prepared ? formatDate(visit.prepared) : undefined,
    paper,
    subject: `${DOC_TITLES[kind]} for the ${visit.title}`,
    author: [visitor.organization, visit.visit.host.country].filter(Boolean).join(' / ') || 'briefing',
    keywords: [visitor.name, visit.visit.host.country, visit.visit.host.city ?? '', DOC_TITLES[kind]].filter(Boolean),
    date: buildDate(loaded),
  };
}

/** Counts page objects in a PDF that pdfmake wrote (page dictionaries are not compressed). */
export function countPages(pdf: Uint8Array): number {
  return Buffer.from(pdf).toString('latin1').match(/\/Type \/Page\b(?!s)/g)?.length ?? 0;
}

async function renderVisit(loaded: LoadedVisit, templates: TemplateSet, options: BuildOptions): Promise<Rendered[]> {
  const paper = options.paper ?? loaded.visit.paper ?? 'A4';
  const rendered: Rendered[] = [];
  for (const kind of options.docs) {
    const started = performance.now();
    const markdown = templates.render(kind, buildContext(loaded.id, loaded.visit, kind));
    const path = (format: Format) => join(options.out, loaded.id, `${kind}.${format}`);
    if (options.formats.includes('md')) {
      const ms = performance.now() - started;
      rendered.push({ record: { visit: loaded.id, doc: kind, format: 'md', path: path('md'), bytes: Buffer.byteLength(markdown), ms }, data: markdown });
    }
    if (options.formats.includes('pdf')) {
      const pdf = await renderPdf(typeset(markdown, pageFrame(loaded, kind, paper), { tocDepth: kind === 'book' ? 1 : 0 }));
      const ms = performance.now() - started;
      rendered.push({
        record: { visit: loaded.id, doc: kind, format: 'pdf', path: path('pdf'), bytes: pdf.length, pages: countPages(pdf), ms },
        data: pdf,
      });
    }
  }
  return rendered;
}

export async function buildVisits(
  visits: readonly LoadedVisit[],
  templates: TemplateSet,
  options: BuildOptions,
): Promise<BuildReport> {
  const report: BuildReport = { outputs: [], diagnostics: [] };
  for (const loaded of visits) {
    let rendered: Rendered[];
    try {
      rendered = await renderVisit(loaded, templates, options);
    } catch (error) {
      if (error instanceof DiagnosticError) report.diagnostics.push(...error.diagnostics);
      else throw error;
      continue;
    }
    for (const { record, data } of rendered) {
      const skipped = sameContent(record.path, data);
      if (!skipped) writeFileAtomic(record.path, data);
      report.outputs.push({ ...record, skipped });
    }
  }
  return report;
}
