/**
 * Typesetting many PDFs: in this thread for small batches, on a worker-thread pool for large
 * ones. A worker pays about 0.5 s to load pdfmake and parse the fonts, so a pool pays for itself
 * only when there is a good deal more work than that to share out; and it is started before the
 * visits are even loaded, so that this warm-up overlaps parsing and validation.
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import type Tinypool from 'tinypool';
import type { PdfJob, PdfResult } from './typeset-job.js';

/** Below this many bytes of visit files (about four sample visits) one warm thread is faster. */
const POOL_MIN_INPUT_BYTES = 60_000;

const WORKER_FILE = fileURLToPath(new URL('./typeset-worker.js', import.meta.url));

/**
 * Worker threads worth starting for a batch, 0 meaning none (typeset in this thread):
 * `requested` threads if given (1 = this thread), at most the cores, else by the size of the input. Even one
 * worker helps a large input, as its warm-up overlaps the loading in this thread.
 */
export function poolSize(inputBytes: number, maxJobs: number, requested?: number): number {
  // When run from TypeScript sources (tests), there is no compiled worker to start.
  if (!existsSync(WORKER_FILE) || maxJobs < 1) return 0;
  if (requested !== undefined) return requested > 1 ? Math.min(threadsAllowed(requested), maxJobs) : 0;
  // One document gains nothing from a worker: its warm-up only competes with the loading.
  if (inputBytes < POOL_MIN_INPUT_BYTES || maxJobs < 2) return 0;
  return Math.min(availableParallelism(), maxJobs);
}

/**
 * At most one thread per core: more gain nothing and cost memory each (-j 64 took 4.7 GB). A
 * count chosen for a larger machine (a CI script's -j 8) is cut to this one's cores, not refused.
 */
export function threadsAllowed(requested: number): number {
  return Math.min(requested, availableParallelism());
}

/** Something that typesets PDFs: this thread, or a pool of workers. */
export interface Typesetter {
  typeset(job: PdfJob): Promise<PdfResult>;
  close(): Promise<void>;
}

/** Typesets in this thread, one job at a time, in the order given. */
export function inThisThread(): Typesetter {
  let queue: Promise<unknown> = Promise.resolve();
  return {
    typeset(job) {
      const result = queue.then(async () => (await import('./typeset-job.js')).runPdfJob(job));
      queue = result.catch(() => undefined);
      return result;
    },
    close: async () => {},
  };
}

/** Worker threads that load pdfmake and the fonts as soon as they start. */
export class TypesetPool implements Typesetter {
  private constructor(
    private readonly pool: Tinypool,
    readonly threads: number,
  ) {}

  static async start(threads: number): Promise<TypesetPool> {
    const { default: Pool } = await import('tinypool');
    return new TypesetPool(new Pool({ filename: WORKER_FILE, minThreads: threads, maxThreads: threads }), threads);
  }

  typeset(job: PdfJob): Promise<PdfResult> {
    return this.pool.run(job) as Promise<PdfResult>;
  }

  close(): Promise<void> {
    return this.pool.destroy();
  }
}
