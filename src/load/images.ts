/**
 * The images a visit names (its emblem, the visitor's and people's photos), each loaded and
 * scaled (see images/load.ts), with any problem at the field that names it. Paths are relative
 * to the visit file's folder.
 */
import { dirname } from 'node:path';
import type { Diagnostic } from '../diagnostics.js';
import type { ImageAsset } from '../images/asset.js';
import type { ImageCache } from '../images/cache.js';
import { type ImageFile, loadImage } from '../images/load.js';
import type { ImageUse } from '../images/scale.js';
import type { FieldPath, Visit } from '../model/visit.js';
import type { SourceFile } from './source-file.js';
import { diagnosticAt } from './validate.js';

/** One image of a visit: the field that names it, and the image ready for every output. */
export interface VisitImage {
  field: FieldPath;
  asset: ImageAsset;
}

/** The fields of a visit that name an image, each with the use it prints in. */
export function imageFields(visit: Visit): { field: FieldPath; path: string; use: ImageUse }[] {
  const fields: { field: FieldPath; path: string; use: ImageUse }[] = [];
  if (visit.emblem) fields.push({ field: ['emblem'], path: visit.emblem, use: 'emblem' });
  if (visit.visit.visitor.photo)
    fields.push({ field: ['visit', 'visitor', 'photo'], path: visit.visit.visitor.photo, use: 'photo' });
  visit.people?.forEach((person, i) => {
    if (person.photo) fields.push({ field: ['people', i, 'photo'], path: person.photo, use: 'photo' });
  });
  return fields;
}

export interface VisitImages {
  images: VisitImage[];
  /** The files read, once each: what the output cache checks to know a visit is unchanged. */
  files: ImageFile[];
  diagnostics: Diagnostic[];
}

export async function loadVisitImages(source: SourceFile, visit: Visit, cache: ImageCache): Promise<VisitImages> {
  const result: VisitImages = { images: [], files: [], diagnostics: [] };
  const folder = dirname(source.file);
  for (const { field, path, use } of imageFields(visit)) {
    const loaded = await loadImage(path, folder, 'visit file', use, cache);
    if ('problem' in loaded) {
      result.diagnostics.push(diagnosticAt(source, field, loaded.problem));
      continue;
    }
    result.images.push({ field, asset: loaded.asset });
    if (!result.files.some((f) => f.path === loaded.file.path)) result.files.push(loaded.file);
  }
  return result;
}
