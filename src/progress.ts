/**
 * Progress of a batch build, on stderr so that stdout stays the summary (or JSON). A bar only
 * on a terminal and only for batches big enough to watch; otherwise the summary lines printed
 * as outputs are written say enough.
 */
import type { SingleBar } from 'cli-progress';

/** Fewer outputs than this build in about a second: a bar would only flicker. */
const BAR_MIN_OUTPUTS = 12;

export interface Progress {
  update(done: number, total: number): void;
  stop(): void;
}

export async function createProgress(stream: NodeJS.WriteStream, quiet: boolean): Promise<Progress> {
  if (quiet || !stream.isTTY) return { update() {}, stop() {} };
  const { default: cliProgress } = await import('cli-progress');
  let bar: SingleBar | undefined;
  return {
    update(done, total) {
      if (total < BAR_MIN_OUTPUTS) return;
      if (!bar) {
        bar = new cliProgress.SingleBar(
          {
            stream,
            format: 'building [{bar}] {value}/{total} outputs, {eta_formatted} left',
            clearOnComplete: true,
            hideCursor: true,
          },
          cliProgress.Presets.shades_classic,
        );
        bar.start(total, 0);
      }
      bar.update(done);
    },
    stop() {
      bar?.stop();
    },
  };
}
