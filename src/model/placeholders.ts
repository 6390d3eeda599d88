/** Labels with places to fill: "page {page} of {pages}", "Prepared {date}". */

/** `pattern` with each `{name}` replaced by its value; a name without a value stays as written. */
export function fillPlaceholders(pattern: string, values: Readonly<Record<string, string | number>>): string {
  return pattern.replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.hasOwn(values, name) ? String(values[name]) : whole,
  );
}

/** The parts of a pattern in order: text, and the names of its places. */
export function placeholderParts(pattern: string): ({ text: string } | { name: string })[] {
  return pattern
    .split(/(\{\w+\})/)
    .filter((part) => part !== '')
    .map((part) => (/^\{\w+\}$/.test(part) ? { name: part.slice(1, -1) } : { text: part }));
}
