/** One PDF to typeset: everything the typesetter reads, as plain data a worker thread can receive. */
import { renderPdf } from '../pdf/index.js';
import type { PageFrame } from '../typeset/frame.js';
import { type TypesetOptions, typeset } from '../typeset/index.js';
import { countPages } from './pages.js';

export interface PdfJob {
  markdown: string;
  frame: PageFrame;
  options: TypesetOptions;
  /** The page of each change in the other documents ("factsheet/c3" → 2), for the changes page's pagerefs. */
  pageRefs?: Record<string, number>;
}

export interface PdfResult {
  pdf: Uint8Array;
  pages: number;
  ms: number;
  /** The page each change mark (`<!--change:c3-->`) fell on, by change id. */
  marks?: Record<string, number>;
}

export async function runPdfJob(job: PdfJob): Promise<PdfResult> {
  const started = performance.now();
  const pdf = await renderPdf(typeset(job.markdown, job.frame, job.options));
  return { pdf, pages: countPages(pdf), ms: performance.now() - started };
}

/**
 * Loads pdfmake and parses every font face, including the OpenType layout tables a first line
 * of text needs: about 0.5 s that would otherwise fall on the first real document.
 */
export async function warmUp(): Promise<void> {
  const markdown =
    '# Warm-up 준비\n\nText, *italic*, **bold 굵게**, ***both***, `code`.\n\n| a | b |\n|---|---|\n| 1 | 2 |\n';
  const frame: PageFrame = {
    lang: 'en',
    direction: 'ltr',
    title: 'warm-up',
    paper: 'A4',
    subject: '',
    author: '',
    keywords: [],
    date: new Date(0),
  };
  await runPdfJob({ markdown, frame, options: {} });
}
