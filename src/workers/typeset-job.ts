/** One PDF to typeset: everything the typesetter reads, as plain data a worker thread can receive. */
import { renderPdf } from '../output/pdf.js';
import { typeset, type TypesetOptions } from '../typeset/index.js';
import type { PageFrame } from '../typeset/layout.js';
import { countPages } from './pages.js';

export interface PdfJob {
  markdown: string;
  frame: PageFrame;
  options: TypesetOptions;
}

export interface PdfResult {
  pdf: Uint8Array;
  pages: number;
  ms: number;
}

export async function runPdfJob(job: PdfJob): Promise<PdfResult> {
  const started = performance.now();
  const pdf = await renderPdf(typeset(job.markdown, job.frame, job.options));
  return { pdf, pages: countPages(pdf), ms: performance.now() - started };
}
