/**
 * Images as the typesetter prints them: each one's bytes travel with the job (pdfmake reads no
 * file and no URL), and its printed size follows from its use (see PRINT_BOX).
 */
import type { Content } from 'pdfmake/interfaces.js';
import { invalidInput } from '../diagnostics.js';
import { type ImageAsset, PRINT_BOX, PRINT_DPI } from '../images/asset.js';

/** What an image is for: a person's photo, the emblem, or an image a template shows. */
export type ImageUse = keyof typeof PRINT_BOX;

/** One image of a job, as plain data a worker thread can receive. */
export interface PrintImage {
  data: Uint8Array;
  width: number;
  height: number;
  mime: ImageAsset['mime'];
  use: ImageUse;
  /** sha256 hex of `data`, for the PDF's cache key. */
  sha: string;
}

/** A job's images by the ref its Markdown uses. */
export type PrintImages = Record<string, PrintImage>;

/** The emblem in the running head: this tall, at most this wide. */
export const RUNNING_EMBLEM = { width: 40, height: 14 } as const;
/** A photo beside a biography: this wide (28 mm), no taller than a 3:4 portrait. */
export const BESIDE_PHOTO = { width: 80, height: 107 } as const;
/** The emblem on a cover (35 mm), and a photo there (a portrait 32 mm wide). */
const COVER_BOX: Record<ImageUse, { width: number; height: number }> = {
  emblem: { width: 100, height: 100 },
  photo: { width: 90, height: 120 },
  template: PRINT_BOX.template,
};

/** The image a ref names, or an invalid-input error naming the ref. */
export function imageOf(images: PrintImages | undefined, ref: string): PrintImage {
  const image = images && Object.hasOwn(images, ref) ? images[ref] : undefined;
  if (!image)
    throw invalidInput([{ file: ref, message: `image "${ref}" is not one of this visit's images`, severity: 'error' }]);
  return image;
}

/**
 * The size an image prints at, in points, within `box` and `maxWidth`: a photo or emblem fills
 * its box (its asset was made for it); a template's image prints at its pixels at print
 * resolution, as it was drawn for, never wider than the text.
 */
export function printedSize(
  image: PrintImage,
  box: { width: number; height: number },
  maxWidth: number,
): { width: number; height: number } {
  const natural =
    image.use === 'template'
      ? { width: (image.width * 72) / PRINT_DPI, height: (image.height * 72) / PRINT_DPI }
      : { width: Number.POSITIVE_INFINITY, height: Number.POSITIVE_INFINITY };
  const scale = Math.min(
    natural.width / image.width,
    natural.height / image.height,
    Math.min(box.width, maxWidth) / image.width,
    box.height / image.height,
  );
  return { width: round(image.width * scale), height: round(image.height * scale) };
}

const round = (points: number) => Math.round(points * 100) / 100;

/** A block image node: on the cover in its cover size, elsewhere in the size of its use. */
export function imageBlock(
  ref: string,
  images: PrintImages | undefined,
  where: { contentWidth: number; cover?: boolean; box?: { width: number; height: number } },
): Content {
  const image = imageOf(images, ref);
  const box = where.box ?? (where.cover ? COVER_BOX[image.use] : PRINT_BOX[image.use]);
  const { width, height } = printedSize(image, box, where.contentWidth);
  return { image: ref, width, height };
}

/** The doc definition's images: data URLs, which pdfmake decodes itself and never mistakes for a path. */
export function imageDictionary(images: PrintImages | undefined): Record<string, string> | undefined {
  if (!images) return undefined;
  const refs = Object.keys(images).sort();
  if (refs.length === 0) return undefined;
  return Object.fromEntries(
    refs.map((ref) => {
      const image = images[ref]!;
      return [ref, `data:${image.mime};base64,${Buffer.from(image.data).toString('base64')}`];
    }),
  );
}
