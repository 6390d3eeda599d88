/**
 * A visit compared with its last released revision, for the build: the changes the documents
 * mark and list. The release history itself (where releases are kept, their numbers) is read with
 * the visit (see history.ts, LoadedVisit.release); a visit never released has no comparison, and
 * its documents are exactly as they were before revisions existed.
 */
import { documentLang } from '../model/lang.js';
import type { Visit } from '../model/visit.js';
import type { Comparison } from '../render/context.js';
import { diffVisits } from './diff.js';

/** A visit's last released revision: its number and the data it was made from. */
export interface Release {
  revision: number;
  visit: Visit;
  /** False when the visit is the released data itself: nothing to compare. */
  draft?: boolean;
}

/** The changes since `release`: none for a visit never released (no comparison at all). */
export function compareWithRelease(visit: Visit, release: Release | undefined): Comparison | undefined {
  if (!release) return undefined;
  if (release.draft === false) return { since: release.revision, changes: [] };
  return { since: release.revision, changes: diffVisits(release.visit, visit, { lang: documentLang(visit.lang) }) };
}
