/** Image assets for tests, made with sharp as the loading stage makes them: scaled bytes named by their hash. */
import { createHash } from 'node:crypto';
import sharp from 'sharp';
import type { ImageAsset } from '../../src/images/asset.js';

/** A head-and-shoulders silhouette on a coloured ground: a stand-in for a portrait. */
export const portraitSvg = (ground: string, width = 375, height = 500) => `
<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 375 500">
  <defs><linearGradient id="g" x1="0" y1="0" x2="0" y2="1">
    <stop offset="0" stop-color="${ground}"/><stop offset="1" stop-color="#dfe5ec"/></linearGradient></defs>
  <rect width="375" height="500" fill="url(#g)"/>
  <circle cx="187" cy="190" r="82" fill="#5b6470"/>
  <path d="M40 500 C40 360 110 300 187 300 C264 300 335 360 335 500 Z" fill="#3d4652"/>
</svg>`;

/** A round seal with a star: a stand-in for an organisation's emblem. */
export const emblemSvg = (size = 500) => `
<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}" viewBox="0 0 500 500">
  <circle cx="250" cy="250" r="240" fill="#1f3b5c"/>
  <circle cx="250" cy="250" r="200" fill="none" stroke="#ffffff" stroke-width="12"/>
  <path d="M250 90 L290 210 L415 210 L315 285 L352 405 L250 332 L148 405 L185 285 L85 210 L210 210 Z" fill="#ffffff"/>
</svg>`;

/** A map-like figure, wide: a stand-in for an image a template shows. */
export const mapSvg = (width = 1200, height = 600) => `
<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 1200 600">
  <rect width="1200" height="600" fill="#e9f0f5"/>
  <path d="M200 100 L500 80 L700 200 L650 450 L300 520 L150 350 Z" fill="#b9c9a5" stroke="#6b7d57" stroke-width="6"/>
  <circle cx="450" cy="300" r="18" fill="#b3261e"/>
</svg>`;

/** An asset from SVG source, encoded as `format`, named `<stem>.<8 hex>.<ext>`. */
export async function makeAsset(stem: string, svg: string, format: 'jpeg' | 'png'): Promise<ImageAsset> {
  const image = sharp(Buffer.from(svg));
  const { data, info } = await (format === 'jpeg' ? image.jpeg({ quality: 85 }) : image.png()).toBuffer({
    resolveWithObject: true,
  });
  const sha = createHash('sha256').update(data).digest('hex');
  const ext = format === 'jpeg' ? 'jpg' : 'png';
  return {
    ref: `${stem}.${sha.slice(0, 8)}.${ext}`,
    mime: format === 'jpeg' ? 'image/jpeg' : 'image/png',
    data: new Uint8Array(data),
    width: info.width,
    height: info.height,
    sha,
  };
}
