/** An image ready for every output: scaled to print resolution, named for the Markdown. */
export interface ImageAsset {
  /** How the Markdown refers to it: a file name the build writes beside the Markdown, in <out>/<id>/,
   *  e.g. "kang-kyung-wha.3f2a1c9d.jpg" (lower-case, [a-z0-9.-], stem + 8 hex of sha). */
  ref: string;
  mime: 'image/jpeg' | 'image/png';
  /** The scaled bytes, and their size in pixels. */
  data: Uint8Array;
  width: number;
  height: number;
  /** sha256 hex of `data`. */
  sha: string;
}
/** The largest box each use of an image prints in (points); assets are scaled to 300 dpi of it. */
export const PRINT_BOX = {
  photo: { width: 90, height: 120 }, // biographies, people
  emblem: { width: 120, height: 120 }, // cover (the running head prints it ~ 14 pt high)
  template: { width: 483, height: 680 }, // a template's ![alt](path): up to the content width of A4
} as const;
export const PRINT_DPI = 300;
