/** One PDF to typeset: everything the typesetter reads, as plain data a worker thread can receive. */
import { renderPdf } from '../pdf/index.js';
import type { PageFrame } from '../typeset/frame.js';
import type { PrintImages } from '../typeset/images.js';
import { type TypesetOptions, typesetMarked } from '../typeset/index.js';
import { countPages } from './pages.js';

export interface PdfJob {
  markdown: string;
  frame: PageFrame;
  options: TypesetOptions;
  /** The images the Markdown shows and the frame's emblem, by ref (absent: none). */
  images?: PrintImages;
  /** Pages of changes in other documents, "DOC/ID" → page, for the Markdown's page references. */
  pageRefs?: Record<string, number>;
}

export interface PdfResult {
  pdf: Uint8Array;
  pages: number;
  ms: number;
  /** The first page each change marked in the document stands on, by change id. */
  marks: Record<string, number>;
}

/** At most this many settings more of a document whose page references point inside it. */
const INNER_REF_PASSES = 3;

export async function runPdfJob(job: PdfJob): Promise<PdfResult> {
  const started = performance.now();
  let { doc, changes } = typesetMarked(job.markdown, job.frame, job.options, job.images, job.pageRefs);
  let pdf = await renderPdf(doc);
  // A page reference to a change in this same document holds the room of five digits, which
  // shows as a gap after its number: set again with the pages known, until they stay put.
  for (let pass = 0; changes.hasInnerRefs && pass < INNER_REF_PASSES; pass++) {
    const own = changes.marks();
    ({ doc, changes } = typesetMarked(job.markdown, job.frame, job.options, job.images, job.pageRefs, own));
    pdf = await renderPdf(doc);
    if (JSON.stringify(changes.marks()) === JSON.stringify(own)) break;
  }
  return { pdf, pages: countPages(pdf), ms: performance.now() - started, marks: changes.marks() };
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
