/**
 * One image named in a visit file or a template, from its written path to its scaled asset:
 * resolved inside its folder (resolve.ts), read and told by its bytes (read.ts), scaled
 * (scale.ts, through the cache). Each step's refusal is a problem in words, which the caller
 * puts at the place the path is written.
 */
import { readFileSync, realpathSync, statSync } from 'node:fs';
import { sha256 } from '../cache.js';
import type { ImageAsset } from './asset.js';
import type { ImageCache } from './cache.js';
import { readImage } from './read.js';
import { resolveImage } from './resolve.js';
import type { ImageUse } from './scale.js';

/** An image file as it was read: what tells a later build whether it changed. */
export interface ImageFile {
  /** The path as written, resolved against its folder. */
  path: string;
  /** With every link resolved. */
  real: string;
  size: number;
  mtimeMs: number;
  sha: string;
}

export type LoadedImage = { asset: ImageAsset; file: ImageFile } | { problem: string };

/** `what` names the file the path is written in ("visit file", "template"), for messages. */
export async function loadImage(
  written: string,
  folder: string,
  what: string,
  use: ImageUse,
  cache: ImageCache,
): Promise<LoadedImage> {
  const found = resolveImage(written, folder, what);
  if ('problem' in found) return found;
  let stat: { size: number; mtimeMs: number };
  try {
    stat = statSync(found.real);
  } catch {
    return { problem: `"${written}" cannot be read` };
  }
  const read = readImage(found.real, written);
  if ('problem' in read) return read;
  const scaled = await cache.scaled(read.bytes, read.format, use, written, written);
  if ('problem' in scaled) return scaled;
  const sha = sha256(read.bytes);
  return { asset: scaled, file: { path: found.path, real: found.real, size: stat.size, mtimeMs: stat.mtimeMs, sha } };
}

/**
 * Whether an image file is still the one recorded: the same file behind the same links, with
 * the same size and time, or else the same bytes (a file saved again unchanged, or copied).
 */
export function unchanged(file: ImageFile): boolean {
  try {
    if (realpathSync(file.path) !== file.real) return false;
    const { size, mtimeMs } = statSync(file.real);
    if (size !== file.size) return false;
    if (mtimeMs === file.mtimeMs) return true;
    return sha256(readFileSync(file.real)) === file.sha;
  } catch {
    return false;
  }
}
