/**
 * A visit compared with its last released revision, for the build: the changes the documents
 * mark and list. The release history itself (where releases are kept, their numbers) is read by
 * whatever gives the build its `lastRelease` (see BuildOptions); a visit never released has no
 * comparison, and its documents are exactly as they were before revisions existed.
 */
import { createHash } from 'node:crypto';
import { documentLang } from '../model/lang.js';
import type { Visit } from '../model/visit.js';
import type { Comparison } from '../render/context.js';
import { diffVisits } from './diff.js';

/** A visit's last released revision: its number and the data it was made from. */
export interface Release {
  revision: number;
  visit: Visit;
}

/** The last release of the visit in `file` with output folder `id`, if it was ever released. */
export type LastRelease = (file: string, id: string) => Release | undefined;

export function compareWithRelease(visit: Visit, release: Release | undefined): Comparison | undefined {
  if (!release) return undefined;
  return { since: release.revision, changes: diffVisits(release.visit, visit, { lang: documentLang(visit.lang) }) };
}

/**
 * What a comparison adds to a visit's cache key: the release compared with. With the visit's
 * own hash already in the key, it settles the changes without computing them.
 */
export function releaseKey(release: Release | undefined): object {
  if (!release) return {};
  const base = createHash('sha256').update(JSON.stringify(release.visit)).digest('hex');
  return { since: release.revision, base };
}
