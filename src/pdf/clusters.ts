/**
 * The text each glyph of a shaped run stands for, in the order it was written. Shaping may
 * reorder glyphs within a cluster (a Devanagari reph drawn after the consonant it precedes, a
 * Malayalam vowel sign drawn before its consonant) or split a vowel sign in two; a text layer
 * read glyph by glyph would then come back scrambled. Here each such cluster's text goes, as
 * written, to its first glyph, and its other glyphs stand for no text.
 */

const decomposed = (codePoint: number): number[] =>
  [...String.fromCodePoint(codePoint).normalize('NFD')].map((char) => char.codePointAt(0)!);

const sameSequence = (glyphs: readonly (readonly number[])[], text: readonly number[]) => {
  let at = 0;
  for (const codePoints of glyphs) for (const codePoint of codePoints) if (text[at++] !== codePoint) return false;
  return at === text.length;
};

/**
 * Each glyph's text when some glyphs are out of the text's order (glyphs in drawing order;
 * `rtl` when the run was reversed for drawing); undefined when they are in order already, or
 * when a cluster's glyphs do not add up to its text (then the text is left as shaped).
 */
export function textPerGlyph(
  text: string,
  glyphs: readonly (readonly number[])[],
  rtl = false,
): number[][] | undefined {
  const written = [...text].map((char) => char.codePointAt(0)!);
  const logical = rtl ? [...glyphs].reverse() : glyphs;
  if (sameSequence(logical, written)) return undefined;
  const out: number[][] = logical.map(() => []);
  const balance = new Map<number, number>();
  let open = 0;
  const add = (codePoint: number, by: number) => {
    const was = balance.get(codePoint) ?? 0;
    balance.set(codePoint, was + by);
    open += (was === 0 ? 1 : 0) - (was + by === 0 ? 1 : 0);
  };
  let next = 0;
  let clusterStart = 0;
  let textStart = 0;
  for (let i = 0; i < logical.length; i++) {
    for (const codePoint of logical[i]!) for (const part of decomposed(codePoint)) add(part, 1);
    while (next < written.length && decomposed(written[next]!).every((part) => (balance.get(part) ?? 0) > 0)) {
      for (const part of decomposed(written[next]!)) add(part, -1);
      next++;
    }
    if (open !== 0) continue;
    out[clusterStart] = written.slice(textStart, next);
    clusterStart = i + 1;
    textStart = next;
  }
  if (open !== 0 || next !== written.length) return undefined;
  return rtl ? out.reverse() : out;
}
