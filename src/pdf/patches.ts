/**
 * The PDF stage's patches to pdfmake, pdfkit and fontkit, each of which must leave every page
 * as it was (tests/pdf-patches.test.ts compares). BRIEFING_PDF_PATCHES turns them off, for tests
 * and diagnosis: `none` for all of them, or a comma list of the ones to turn off.
 */
import { usageError } from '../diagnostics.js';

export const PATCHES = {
  'style-lookups': "pdfmake's style lookups made without their garbage",
  'measure-memo': "a paragraph's words measured against one answer per style property",
  runs: 'each line drawn as runs of words of the same look',
  lines: "a paragraph's lines built in time linear in its length",
  'font-parse-memo': 'each font file parsed once per process',
  'shaping-memo': 'each string shaped once per font, marks positioned only where needed',
  'fonts-on-demand': 'font files read once per process, when first used',
} as const;

export type Patch = keyof typeof PATCHES;

export const PATCHES_VARIABLE = 'BRIEFING_PDF_PATCHES';

/** The patches turned off by a value of BRIEFING_PDF_PATCHES; an unknown name is an error. */
export function patchesOff(value: string | undefined): Set<Patch> {
  const names = (value ?? '')
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean);
  if (names.length === 1 && names[0] === 'none') return new Set(Object.keys(PATCHES) as Patch[]);
  const unknown = names.filter((name) => !Object.hasOwn(PATCHES, name));
  if (unknown.length)
    throw usageError(
      `${PATCHES_VARIABLE}: no patch named ${unknown.join(', ')}; it takes 'none' or a comma list of: ${Object.keys(PATCHES).join(', ')}`,
    );
  return new Set(names as Patch[]);
}

let off: Set<Patch> | undefined;

/** Whether a patch is on in this process (read once: patches are made once per process). */
export function patchOn(patch: Patch): boolean {
  off ??= patchesOff(process.env[PATCHES_VARIABLE]);
  return !off.has(patch);
}
