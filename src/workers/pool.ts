/**
 * Typesetting many PDFs: in this thread for small batches, on a worker-thread pool for large
 * ones. A worker pays about 0.3 s to load pdfmake and parse the fonts, so a pool only pays for
 * itself when there is a good deal more work than that to share out.
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { PdfJob, PdfResult } from './typeset-job.js';

/** Below this much Markdown (about 8 sample documents' worth) one warm thread is faster. */
const POOL_MIN_MARKDOWN = 60_000;

const WORKER_FILE = fileURLToPath(new URL('./typeset-worker.js', import.meta.url));

/** Threads to use: `requested` if given (1 = this thread), else by the size of the batch. */
export function threadCount(jobs: readonly PdfJob[], requested?: number): number {
  // When run from TypeScript sources (tests), there is no compiled worker to start.
  if (!existsSync(WORKER_FILE)) return 1;
  if (requested !== undefined) return Math.max(1, Math.min(requested, jobs.length || 1));
  const markdown = jobs.reduce((sum, job) => sum + job.markdown.length, 0);
  if (jobs.length < 2 || markdown < POOL_MIN_MARKDOWN) return 1;
  return Math.min(availableParallelism(), jobs.length);
}

/** Typesets every job, calling `onDone` as each finishes; results are in job order. */
export async function runPdfJobs(
  jobs: readonly PdfJob[],
  threads: number,
  onDone: (index: number, result: PdfResult) => void = () => {},
): Promise<PdfResult[]> {
  if (threads <= 1) {
    const { runPdfJob } = await import('./typeset-job.js');
    const results: PdfResult[] = [];
    for (const [index, job] of jobs.entries()) {
      results.push(await runPdfJob(job));
      onDone(index, results[index]!);
    }
    return results;
  }
  const { default: Tinypool } = await import('tinypool');
  const pool = new Tinypool({ filename: WORKER_FILE, minThreads: threads, maxThreads: threads });
  try {
    // Largest first, so one long document does not start last and hold up the batch.
    const order = jobs.map((_, i) => i).sort((a, b) => jobs[b]!.markdown.length - jobs[a]!.markdown.length);
    const results: PdfResult[] = new Array(jobs.length);
    await Promise.all(
      order.map(async (index) => {
        const result = (await pool.run(jobs[index])) as PdfResult;
        results[index] = result;
        onDone(index, result);
      }),
    );
    return results;
  } finally {
    await pool.destroy();
  }
}
