/**
 * An image file's bytes, and what they are. The format is told by the bytes themselves, never
 * the file name: a GIF or a web page saved as "photo.jpg" is refused here, before any decoder
 * sees it.
 */
import { BriefingError } from '../diagnostics.js';
import { IMAGE_FILE_BYTES, shownBytes } from '../limits.js';
import { readBoundedFile } from '../load/read-file.js';

export type ImageFormat = 'png' | 'jpeg';

export type ReadImage = { bytes: Uint8Array; format: ImageFormat } | { problem: string };

/** Reads the image at `real` (links resolved, see resolve.ts); `written` names it in messages. */
export function readImage(real: string, written: string): ReadImage {
  let bytes: Uint8Array;
  try {
    bytes = readBoundedFile(real, IMAGE_FILE_BYTES, 'image');
  } catch (error) {
    if (!(error instanceof BriefingError)) throw error;
    const reason = error.diagnostics[0]?.message ?? error.message;
    if (/larger than the limit/.test(reason))
      return {
        problem: `"${written}" is larger than the limit of ${shownBytes(IMAGE_FILE_BYTES)} for an image; scale it down or save it as a JPEG`,
      };
    return { problem: `"${written}" ${reason.replace(/, not a image$/, ', not an image file')}` };
  }
  const format = sniff(bytes);
  if (format === 'png' || format === 'jpeg') return { bytes, format };
  const svg =
    format === 'an SVG drawing' ? ' (SVG is not accepted: it can refer to other files; export it as PNG)' : '';
  return { problem: `"${written}" is ${format}, not a PNG or JPEG image${svg}; save it as PNG or JPEG` };
}

const starts = (bytes: Uint8Array, ...prefix: number[]) => prefix.every((b, i) => bytes[i] === b);
const ascii = (bytes: Uint8Array, at: number, text: string) =>
  [...text].every((c, i) => bytes[at + i] === c.charCodeAt(0));

/** The format the bytes are in: 'png', 'jpeg', or what they look like, in words. */
export function sniff(bytes: Uint8Array): ImageFormat | string {
  if (bytes.length === 0) return 'an empty file';
  if (starts(bytes, 0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return 'png';
  if (starts(bytes, 0xff, 0xd8, 0xff)) return 'jpeg';
  if (ascii(bytes, 0, 'GIF8')) return 'a GIF image';
  if (ascii(bytes, 0, 'RIFF') && ascii(bytes, 8, 'WEBP')) return 'a WebP image';
  if (ascii(bytes, 4, 'ftyp')) {
    const brand = String.fromCharCode(...bytes.subarray(8, 12));
    if (/^avi[fs]$/.test(brand)) return 'an AVIF image';
    if (/^(hei[cfsx]|mif1|msf1|hevc)$/.test(brand)) return 'a HEIC image (as iPhones save photos)';
    return 'a video or other ISO media file';
  }
  if (starts(bytes, 0x49, 0x49, 0x2a, 0x00) || starts(bytes, 0x4d, 0x4d, 0x00, 0x2a)) return 'a TIFF image';
  if (ascii(bytes, 0, 'BM')) return 'a BMP image';
  if (ascii(bytes, 0, '%PDF')) return 'a PDF document';
  if (starts(bytes, 0x50, 0x4b, 0x03, 0x04)) return 'a ZIP archive (or a Word or Excel document)';
  const head = new TextDecoder('utf-8', { fatal: false }).decode(bytes.subarray(0, 1024));
  if (/<svg[\s>]/i.test(head)) return 'an SVG drawing';
  if (/<(!doctype html|html)[\s>]/i.test(head)) return 'a web page (HTML)';
  const binary = [...bytes.subarray(0, 1024)].some((b) => b < 0x09 || (b > 0x0d && b < 0x20));
  if (!head.includes('\ufffd') && !binary) return 'text';
  return 'not an image format briefing knows';
}
