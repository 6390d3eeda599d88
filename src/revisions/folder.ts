/**
 * Where a visit's release history is kept (see history.ts for why there), and a cheap stamp of
 * it: what a build that skips parsing needs, without the parser and schema history.ts loads.
 */
import { readdirSync, statSync } from 'node:fs';
import { dirname, extname, join } from 'node:path';
import { sha256 } from '../cache.js';

export const HISTORY_FILE = 'history.json';

/** The folder of a visit's releases, beside its file. */
export const releasesFolder = (visitFile: string, id: string): string =>
  join(dirname(visitFile), '.briefing', 'releases', id);

/** The snapshot name of revision `revision` of a file named `file`. */
export const snapshotName = (revision: number, file: string): string => `r${revision}${extname(file).toLowerCase()}`;

/**
 * A stamp of a visit's history folder as it is on disk (undefined without a history): changes
 * whenever a release is recorded or a file of it is touched, so a cached build can tell.
 */
export function historyStamp(visitFile: string, id: string): string | undefined {
  const folder = releasesFolder(visitFile, id);
  try {
    const names = readdirSync(folder).sort();
    if (!names.includes(HISTORY_FILE)) return undefined;
    return sha256(
      JSON.stringify(
        names.map((name) => {
          const { size, mtimeMs } = statSync(join(folder, name));
          return [name, size, mtimeMs];
        }),
      ),
    );
  } catch {
    return undefined;
  }
}
