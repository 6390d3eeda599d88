/**
 * Images scaled to print resolution. sharp (libvips) does it: it is well kept, ships prebuilt
 * for every platform npm installs on (no compiler, no system libraries), is many times faster
 * than pure-JS decoders, and decodes a large JPEG at a fraction of its size as it reads it
 * (shrink-on-load), so a 12-megapixel photo never sits whole in memory. Every image is decoded
 * fully, so a damaged one fails here, at its place, not half-way through typesetting.
 */
import sharp from 'sharp';
import { sha256 } from '../cache.js';
import { IMAGE_PIXELS, shown } from '../limits.js';
import { type ImageAsset, PRINT_BOX, PRINT_DPI } from './asset.js';
import type { ImageFormat } from './read.js';
import { assetRef } from './ref.js';

export type ImageUse = keyof typeof PRINT_BOX;

// Files are read by us and handed over as bytes; libvips' cache of operations would only hold
// decoded images in memory between builds.
sharp.cache(false);

/** A use's print box in pixels at PRINT_DPI: 90 × 120 pt is 375 × 500 pixels. */
export function boxPixels(use: ImageUse): { width: number; height: number } {
  const { width, height } = PRINT_BOX[use];
  return { width: Math.round((width / 72) * PRINT_DPI), height: Math.round((height / 72) * PRINT_DPI) };
}

/**
 * How images are encoded. Baseline JPEG (not progressive), as every PDF reader and pdfkit's
 * own parser take it; mozjpeg's trellis quantisation and table 3 make it smaller at the same
 * quality. PNG at the highest compression with no timestamps: the same bytes on every run.
 */
const JPEG = {
  quality: 85,
  progressive: false,
  chromaSubsampling: '4:2:0',
  optimiseCoding: true,
  trellisQuantisation: true,
  overshootDeringing: true,
  quantisationTable: 3,
} as const;
const PNG = { compressionLevel: 9, adaptiveFiltering: true, palette: false } as const;

export type Scaled = ImageAsset | { problem: string };

/**
 * The image in `bytes` (already known to be `format`), turned upright by its EXIF orientation,
 * scaled to fit its use's print box (never enlarged), in sRGB, with its metadata dropped.
 * A PNG with transparency stays PNG (emblems often have it); other PNGs become whichever of PNG
 * and JPEG is smaller (line art stays sharp, photographs small); JPEGs stay JPEG.
 * `name` (the file's path as written) gives the ref its stem; `written` names it in messages.
 */
export async function scaleImage(
  bytes: Uint8Array,
  format: ImageFormat,
  use: ImageUse,
  name: string,
  written: string,
): Promise<Scaled> {
  const box = boxPixels(use);
  let meta: sharp.Metadata;
  try {
    // The header only: its size is checked against our own limit, in our words, before decoding.
    meta = await sharp(bytes, { limitInputPixels: false }).metadata();
  } catch (error) {
    return { problem: damaged(written, error) };
  }
  const pixels = (meta.width ?? 0) * (meta.height ?? 0);
  if (pixels > IMAGE_PIXELS)
    return {
      problem: `"${written}" is ${shown(meta.width!)} × ${shown(meta.height!)} pixels, more than the limit of ${IMAGE_PIXELS / 1e6} megapixels for an image; scale it down`,
    };
  const pipeline = () =>
    sharp(bytes, { failOn: 'error', limitInputPixels: IMAGE_PIXELS, sequentialRead: true })
      .rotate()
      .resize({ ...box, fit: 'inside', withoutEnlargement: true })
      .toColourspace('srgb');
  try {
    let out: { data: Buffer; info: sharp.OutputInfo; mime: ImageAsset['mime'] };
    if (format === 'png' && meta.hasAlpha) out = await encoded(pipeline().png(PNG), 'image/png');
    else if (format === 'png') {
      const [png, jpeg] = await Promise.all([
        encoded(pipeline().png(PNG), 'image/png'),
        encoded(pipeline().flatten({ background: '#ffffff' }).jpeg(JPEG), 'image/jpeg'),
      ]);
      out = png.data.length <= jpeg.data.length ? png : jpeg;
    } else out = await encoded(pipeline().jpeg(JPEG), 'image/jpeg');
    const data = new Uint8Array(out.data);
    const sha = sha256(data);
    return {
      ref: assetRef(name, sha, out.mime),
      mime: out.mime,
      data,
      width: out.info.width,
      height: out.info.height,
      sha,
    };
  } catch (error) {
    return { problem: damaged(written, error) };
  }
}

async function encoded(pipeline: sharp.Sharp, mime: ImageAsset['mime']) {
  const { data, info } = await pipeline.toBuffer({ resolveWithObject: true });
  return { data, info, mime };
}

/** A decoder's complaint as a reader's problem: the file is damaged or cut short. */
function damaged(written: string, error: unknown): string {
  const detail = (error instanceof Error ? error.message : String(error)).split('\n')[0]!.replace(/^Vips\w*: /, '');
  const cut = /premature end|truncated|not enough data|unexpected end|EOF/i.test(detail);
  return `"${written}" is ${cut ? 'cut short (truncated)' : 'damaged'} and cannot be read as an image (${detail}); save it again`;
}
