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
  const safe = text
    .trim()
    .replace(/(^|[^\\])<(?=[A-Za-z/!?])/g, '$1\\<')
    // A field is text, lists and emphasis; a heading in it would become a section of the
    // document (a contents entry, a bookmark), so `#` and setext underlines stay as written.
    .replace(/^( {0,3})(#{1,6}(?=[ \t]|$)|=+[ \t]*$|-+[ \t]*$)/gm, '$1\\$2');
  return linkFinalAddress(safe);
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

/** A fragment that opens with a list marker and runs over several lines is a list. */
const LIST_START = /^([-+*]|\d{1,9}[.)])(\s|$)/;

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
 * A list of several lines starts a paragraph of its own, after the label before it.
 */
export function quoteContinued(markdown: string): string {
  const text = markdown.trim();
  const quoted = (lines: string) => lines.replace(/\n/g, '\n> ');
  return LIST_START.test(text) && text.includes('\n') ? `\n>\n> ${quoted(text)}` : quoted(escapeBlockStart(text));
}

/**
 * Makes a Markdown fragment go on inside a list item: each line after the first is indented.
 * A list of several lines is nested under the item's number instead of on its line.
 */
export function listItemContinued(markdown: string): string {
  const text = markdown.trim();
  // Four spaces reach the text of any item numbered up to 99, and stop short of a code block.
  const indented = (lines: string) => lines.replace(/\n(?=.)/g, '\n    ');
  return LIST_START.test(text) && text.includes('\n') ? `\n    ${indented(text)}` : indented(escapeBlockStart(text));
}
