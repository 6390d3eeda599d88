/**
 * The text each glyph of a shaped run stands for, read back in the order it was written.
 * Shaping may draw glyphs out of the text's order within a cluster (a Devanagari reph after
 * the consonant it precedes, a Malayalam vowel sign or ra before its consonant) or split a
 * vowel sign in two; a text layer read glyph by glyph would then come back scrambled. Here
 * such a cluster's text, as written, is dealt out over its glyphs in drawing order (decomposed
 * when it has fewer characters than glyphs: "ോ" as "േ" and "ാ").
 */

const decomposed = (codePoint: number): number[] =>
  [...String.fromCodePoint(codePoint).normalize('NFD')].map((char) => char.codePointAt(0)!);

const sameSequence = (glyphs: readonly (readonly number[])[], text: readonly number[]) => {
  let at = 0;
  for (const codePoints of glyphs) for (const codePoint of codePoints) if (text[at++] !== codePoint) return false;
  return at === text.length;
};

/** Whether the glyphs' texts, in drawing order, are the text (checked without allocating: most runs are). */
function inOrder(text: string, glyphs: readonly (readonly number[])[]): boolean {
  let at = 0;
  for (const codePoints of glyphs)
    for (const codePoint of codePoints) {
      if (text.codePointAt(at) !== codePoint) return false;
      at += codePoint > 0xffff ? 2 : 1;
    }
  return at === text.length;
}

interface Cluster {
  glyphs: [number, number];
  text: [number, number];
}

/** Ranges of glyphs whose code points add up to a stretch of the written text, in order. */
function clusters(texts: readonly (readonly number[])[], written: readonly number[]): Cluster[] | undefined {
  const found: Cluster[] = [];
  const balance = new Map<number, number>();
  let open = 0;
  const add = (codePoint: number, by: number) => {
    const was = balance.get(codePoint) ?? 0;
    balance.set(codePoint, was + by);
    open += (was === 0 ? 1 : 0) - (was + by === 0 ? 1 : 0);
  };
  let next = 0;
  let glyphStart = 0;
  let textStart = 0;
  for (let i = 0; i < texts.length; i++) {
    for (const codePoint of texts[i]!) for (const part of decomposed(codePoint)) add(part, 1);
    while (next < written.length && decomposed(written[next]!).every((part) => (balance.get(part) ?? 0) > 0)) {
      for (const part of decomposed(written[next]!)) add(part, -1);
      next++;
    }
    if (open !== 0) continue;
    found.push({ glyphs: [glyphStart, i + 1], text: [textStart, next] });
    glyphStart = i + 1;
    textStart = next;
  }
  return open === 0 && next === written.length ? found : undefined;
}

/** A cluster's text over its glyphs: one code point each, the last glyph taking the rest. */
function dealt(written: readonly number[], glyphs: number): number[][] {
  const text = written.length >= glyphs ? written : written.flatMap(decomposed);
  return Array.from({ length: glyphs }, (_, i) =>
    i === glyphs - 1 ? text.slice(i) : i < text.length ? [text[i]!] : [],
  );
}

/**
 * Each glyph's text (glyphs in drawing order; `rtl` when the run was reversed for drawing);
 * undefined when the glyphs' own texts read back as written already, or do not add up to it.
 */
export function textPerGlyph(
  text: string,
  glyphs: readonly (readonly number[])[],
  rtl = false,
): number[][] | undefined {
  if (!rtl && inOrder(text, glyphs)) return undefined;
  const written = [...text].map((char) => char.codePointAt(0)!);
  const order = <T>(list: readonly T[]) => (rtl ? [...list].reverse() : [...list]);
  const texts = order(glyphs).map((codePoints) => [...codePoints]);
  if (sameSequence(texts, written)) return undefined;
  const found = clusters(texts, written);
  if (!found) return undefined;
  for (const {
    glyphs: [from, to],
    text: [start, end],
  } of found) {
    const cluster = written.slice(start, end);
    if (!sameSequence(texts.slice(from, to), cluster)) texts.splice(from, to - from, ...dealt(cluster, to - from));
  }
  return order(texts);
}
