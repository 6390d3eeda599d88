/** How the Markdown names a scaled image (see ImageAsset.ref). */
import { basename, extname } from 'node:path';
import type { ImageAsset } from './asset.js';

/** The file's stem, 8 hex of the scaled bytes' hash, the extension: "kang-kyung-wha.3f2a1c9d.jpg". */
export const assetRef = (name: string, sha: string, mime: ImageAsset['mime']): string =>
  `${refStem(name)}.${sha.slice(0, 8)}.${mime === 'image/png' ? 'png' : 'jpg'}`;

/** A file name's stem as a ref's: lower-case a-z, 0-9 and -, at most 40 characters. */
export function refStem(name: string): string {
  const stem = basename(name, extname(name))
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/, '');
  return stem || 'image';
}
