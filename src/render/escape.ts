/**
 * Markdown escaping. Plain-text fields must print literally, so every character Markdown
 * would read as syntax is backslash-escaped; nothing is HTML-escaped (no `&amp;`).
 */

/** A web address or an email address in plain text, as GFM would link it (its end trimmed below). */
// Wherever it starts: marked links an address after any escaped character (`\_www.x.org`).
// An email's local part is tried only where its word starts (the lookbehind): tried from every
// letter of a long word, each attempt ran to the word's end, and a 100 KB title took 40 s.
const ADDRESS =
  /(?:(?:https?|ftp):\/\/|www\.)[^\s<>]+|(?:mailto:)?(?<![\w.+-])[\w.+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+/gi;
/** An email address right where the last address ended, inside its word (`a@b.org_c@d.org`). */
const EMAIL_HERE = /(?:mailto:)?[\w.+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+/iy;

/** Line breaks and the spaces around them; from a space's run start only, in linear time. */
const LINE_BREAK = /(?<!\s)\s*\n\s*/g;

/**
 * Escapes a plain-text value so that Markdown renders exactly its characters. Web and email
 * addresses become explicit links: a backslash escape inside a bare GFM autolink would stay
 * in its address (`topics\_49188.htm`), so each is written `[text](<address>)` instead.
 */
export function escapeMarkdown(text: string): string {
  const line = text.replace(LINE_BREAK, ' ').trim();
  let out = '';
  let last = 0;
  for (const match of addresses(line)) {
    const address = trimAddress(match[0]);
    if (!/^(?:(?:https?|ftp):\/\/|www\.)[^/\s]|@\w/i.test(address)) continue; // nothing left to link
    out += escapeText(line.slice(last, match.index), last === 0) + addressLink(address, match.index === 0);
    last = match.index + address.length;
  }
  return out + escapeText(line.slice(last), last === 0);
}

/** ADDRESS's matches, each found from where the one before ended, as matchAll would find them. */
function* addresses(line: string): Generator<RegExpExecArray> {
  ADDRESS.lastIndex = 0;
  for (;;) {
    EMAIL_HERE.lastIndex = ADDRESS.lastIndex;
    const match = (ADDRESS.lastIndex > 0 && EMAIL_HERE.exec(line)) || ADDRESS.exec(line);
    if (!match) return;
    ADDRESS.lastIndex = match.index + match[0].length;
    yield match;
  }
}

/** GFM's rule: trailing punctuation, and a closing bracket without its opening one, are not part of it. */
function trimAddress(address: string): string {
  let end = address.length;
  // Counted once: trimming punctuation leaves the brackets as they were.
  let unopened = count(address, ')') - count(address, '(');
  for (;;) {
    const char = address[end - 1]!;
    if ('?!.,:;*_~\'"'.includes(char)) end--;
    else if (char === ')' && unopened > 0) {
      end--;
      unopened--;
    } else return address.slice(0, end);
  }
}

function count(text: string, char: string): number {
  return text.split(char).length - 1;
}

function addressLink(address: string, atStart: boolean): string {
  const web = /^((https?|ftp):\/\/|www\.)/i.test(address);
  const href =
    !web && !/^mailto:/i.test(address) ? `mailto:${address}` : /^www\./i.test(address) ? `http://${address}` : address;
  return linkTo(href, escapeText(address, atStart));
}

/** A link to exactly `address` (spaces, brackets and `<>` included), showing `text` or the address. */
export function linkTo(address: string, text = escapeText(address, false)): string {
  return `[${text}](<${address.replace(/[\\<>]/g, '\\$&')}>)`;
}

/** A label's text for the middle of a line: its characters printed as they are, spaces kept. */
export const escapeInline = (text: string): string => escapeText(text, false);

function escapeText(text: string, atStart: boolean): string {
  const escaped = text
    .replace(/[\\`*_[\]|~]/g, '\\$&')
    .replace(/<(?=[A-Za-z/!?])/g, '\\<')
    .replace(/&(?=#?[A-Za-z0-9]+;)/g, '\\&');
  // Only a line's start can open a heading, quote, list or setext underline.
  return atStart ? escaped.replace(/^[#>+=-]/, '\\$&').replace(/^(\d+)([.)])/, '$1\\$2') : escaped;
}

/**
 * Prepares a Markdown field: inline Markdown, paragraphs and lists stay; raw HTML is shown as
 * text rather than interpreted (a Markdown viewer would otherwise hide `<b>` or run a `<script>`).
 */
export function sanitizeMarkdown(text: string): string {
  const safe = outsideCodeBlocks(fenceLeadingCode(text), (part) =>
    escapeTags(part)
      // A field is text, lists and emphasis; a heading in it would become a section of the
      // document (a contents entry, a bookmark), so `#` and setext underlines stay as written.
      .replace(/^( {0,3})(#{1,6}(?=[ \t]|$)|=+[ \t]*$|-+[ \t]*$)/gm, '$1\\$2'),
  );
  return linkFinalAddress(safe);
}

const INDENTED = /^(?: {4}| {0,3}\t)/;

/**
 * A field is set after a label, in a cell or an item, where its own indentation cannot open a
 * code block; so an indented code block that opens it (`    f&ouml;`) becomes a fenced one,
 * and its text stays code, shown as written. The rest of the field is trimmed.
 */
function fenceLeadingCode(text: string): string {
  const lines = text
    .replace(/^(?:[ \t]*\n)+/, '')
    .trimEnd()
    .split('\n');
  let end = 0;
  while (end < lines.length && (INDENTED.test(lines[end]!) || !lines[end]!.trim())) end++;
  if (end === 0) return text.trim();
  while (!lines[end - 1]!.trim()) end--;
  const code = lines.slice(0, end).map((line) => line.replace(INDENTED, '').replace(/^[ \t]+$/, ''));
  const longest = Math.max(
    0,
    ...(code
      .join('\n')
      .match(/`+/g)
      ?.map((run) => run.length) ?? []),
  );
  const fence = '`'.repeat(Math.max(3, longest + 1));
  const rest = lines.slice(end).join('\n').trim();
  return `${fence}\n${code.join('\n')}\n${fence}${rest ? `\n\n${rest}` : ''}`;
}

/** A fenced code block's opening line: its fence. */
const FENCE = /^ {0,3}(`{3,}(?=[^`]*$)|~{3,})/;

/** `escapeProse` applied to the Markdown outside fenced code blocks, whose text is shown as written. */
function outsideCodeBlocks(markdown: string, escapeProse: (part: string) => string): string {
  const lines = markdown.split('\n');
  const parts: string[] = [];
  let prose: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const fence = FENCE.exec(lines[i]!)?.[1];
    if (!fence) {
      prose.push(lines[i]!);
      continue;
    }
    const closing = new RegExp(`^ {0,3}${fence[0]}{${fence.length},}[ \\t]*$`);
    let end = i + 1;
    while (end < lines.length && !closing.test(lines[end]!)) end++;
    if (prose.length) parts.push(escapeProse(prose.join('\n')));
    parts.push(lines.slice(i, end + 1).join('\n'));
    prose = [];
    i = end;
  }
  if (prose.length) parts.push(escapeProse(prose.join('\n')));
  return parts.join('\n');
}

/** An autolink, which Markdown reads as a link however it looks: `<https://x.org>`, `<a@b.org>`. */
const AUTOLINK =
  /<[A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>]*>|<[\w.!#$%&'*+/=?^`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*>/y;

/**
 * Backslash-escapes each `<` that would open raw HTML, and no other: inside a code span a
 * backslash would print (`\<b>`), and an autolink (`<https://x.org>`) is a link, not a tag.
 * A code span cannot pass a blank line, so each block is read on its own.
 */
function escapeTags(markdown: string): string {
  return markdown
    .split(/(\n[ \t]*\n)/)
    .map(escapeTagsInBlock)
    .join('');
}

function escapeTagsInBlock(text: string): string {
  const closer = backtickRuns(text);
  let out = '';
  for (let i = 0; i < text.length; ) {
    const literal = literalAt(text, i, closer);
    if (literal) {
      out += literal;
      i += literal.length;
    } else {
      out += text[i] === '<' && /[A-Za-z/!?]/.test(text[i + 1] ?? '') ? '\\<' : text[i];
      i++;
    }
  }
  return out;
}

const BACKTICKS = /`+/y;

/** The escape, code span or autolink that starts at `i`, which Markdown reads as it is. */
function literalAt(text: string, i: number, closer: ReturnType<typeof backtickRuns>): string | undefined {
  const char = text[i];
  if (char === '\\') return text.slice(i, i + 2);
  if (char === '`') {
    BACKTICKS.lastIndex = i;
    const length = BACKTICKS.exec(text)![0].length;
    return text.slice(i, closer(i + length, length) ?? i + length);
  }
  if (char !== '<') return undefined;
  AUTOLINK.lastIndex = i;
  return AUTOLINK.exec(text)?.[0];
}

/**
 * The backtick runs of a block, as a lookup: where the first run of exactly `length` backticks
 * at or after `from` ends (a code span's closing run), or undefined. Each length's runs are
 * passed once, as the reader only moves forward, so the whole block is read in linear time.
 */
function backtickRuns(text: string): (from: number, length: number) => number | undefined {
  const runs = new Map<number, number[]>();
  for (const run of text.matchAll(/`+/g)) {
    const starts = runs.get(run[0].length) ?? [];
    starts.push(run.index);
    runs.set(run[0].length, starts);
  }
  const next = new Map<number, number>();
  return (from, length) => {
    const starts = runs.get(length) ?? [];
    let k = next.get(length) ?? 0;
    while (k < starts.length && starts[k]! < from) k++;
    next.set(length, k);
    return k < starts.length ? starts[k]! + length : undefined;
  };
}

/**
 * A bare web address that ends a field would run into the citation written after it: GFM
 * extends an autolink up to the next space, `[^id]` included. So it becomes an explicit link.
 */
function linkFinalAddress(markdown: string): string {
  const match = /(^|\s)((?:https?:\/\/|www\.)[^\s<>]+)$/i.exec(markdown);
  if (!match) return markdown;
  const address = trimAddress(match[2]!);
  const start = match.index + match[1]!.length;
  return markdown.slice(0, start) + addressLink(address, false) + match[2]!.slice(address.length);
}

/** Makes a Markdown fragment fit one table cell: one line, pipes escaped. */
export function tableCell(markdown: string): string {
  return markdown.replace(LINE_BREAK, ' ').replace(/(^|[^\\])\|/g, '$1\\|');
}

/** A fragment that opens with a list marker or a code fence and runs over several lines is a block of its own. */
const BLOCK_START = /^([-+*]|\d{1,9}[.)])(\s|$)|^(```|~~~)/;

/**
 * What would open a block at the start of a fragment set after a marker or a label (`1. `,
 * `**Purpose:** `): a point that begins "2017. The treaty…" is text, not a nested list.
 */
function escapeBlockStart(markdown: string): string {
  return markdown
    .replace(/^(\d{1,9})([.)])(?=\s|$)/, '$1\\$2')
    .replace(/^([-+*])(?=\s|$)/, '\\$1')
    .replace(/^(>|#{1,6}(?=\s|$)|```|~~~)/, '\\$1');
}

/**
 * Makes a Markdown fragment go on inside a blockquote: each line after the first starts `> `.
 * A list or a code block starts a block of its own, after the label before it.
 */
export function quoteContinued(markdown: string): string {
  const text = markdown.trim();
  const quoted = (lines: string) => lines.replace(/\n/g, '\n> ');
  return BLOCK_START.test(text) && text.includes('\n') ? `\n>\n> ${quoted(text)}` : quoted(escapeBlockStart(text));
}

/**
 * Makes a Markdown fragment go on inside a list item: each line after the first is indented.
 * A list or a code block is nested under the item's number instead of on its line.
 */
export function listItemContinued(markdown: string): string {
  const text = markdown.trim();
  // Four spaces reach the text of any item numbered up to 99, and stop short of a code block.
  const indented = (lines: string) => lines.replace(/\n(?=.)/g, '\n    ');
  return BLOCK_START.test(text) && text.includes('\n') ? `\n    ${indented(text)}` : indented(escapeBlockStart(text));
}
