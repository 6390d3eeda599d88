/**
 * What Markdown the reader refuses, before marked and the typesetter would run out of stack:
 * marked recurses once per quote, list, footnote, emphasis or link within another (and the
 * renderers and pdfmake after it), and a single block of a few million characters overflows
 * the backtracking stack of its regular expressions (a 9 MB paragraph, 1.5 million quoted
 * lines). The nesting limits themselves are in src/limits.ts, with the others.
 */

/** Markdown no longer than this holds no block long enough to overflow a regular expression. */
const SAFE_LENGTH = 500_000;

export class MarkdownLimitError extends Error {
  override name = 'MarkdownLimitError';

  constructor(
    readonly reason: 'nesting' | 'size',
    limit: number,
  ) {
    super(
      reason === 'nesting'
        ? `Markdown nested more than ${limit} deep (quotes, lists, emphasis or links within one another); nest them less`
        : 'Markdown with a block too long to read (a paragraph, list, quote or table of millions of characters); break it up with blank lines',
    );
  }
}

/** A list marker or a footnote label, each of which may open a level. */
const MARKER = /(?:[-+*]|\d{1,9}[.)])(?=[ \t]|$)|\[\^[^\]\n]*\]:/y;

/**
 * At least as many levels as open at this line: each quote, list item or footnote around it
 * puts its marker at the line's start or indents it by two columns or more.
 */
function levelsAtLineStart(line: string): number {
  let markers = 0;
  let columns = 0;
  for (let at = 0; at < line.length; ) {
    const char = line[at]!;
    if (char === ' ' || char === '\t') columns += char === ' ' ? 1 : 4;
    else if (char === '>') markers += 1;
    else {
      MARKER.lastIndex = at;
      const marker = MARKER.exec(line);
      if (!marker) break;
      markers += 1;
      at += marker[0].length;
      continue;
    }
    at += 1;
  }
  return markers + Math.floor(columns / 2);
}

/**
 * False when the Markdown surely stays within the limits, in one pass that loads no parser:
 * block levels as levelsAtLineStart counts them, and inline levels (each needs its own "*",
 * "_", "~" or "[") counted per run of lines without a blank one, since no inline span crosses
 * a blank line. True means the reader must look (see markdownProblem in lex.ts).
 */
export function mayExceedLimits(markdown: string, nesting: number): boolean {
  if (markdown.length > SAFE_LENGTH) return true;
  let openers = 0;
  for (const line of markdown.split(/\r\n?|\n/)) {
    if (/^[ \t]*$/.test(line)) {
      openers = 0;
      continue;
    }
    openers += line.match(/[*_~[]/g)?.length ?? 0;
    if (openers > nesting || levelsAtLineStart(line) > nesting) return true;
  }
  return false;
}
