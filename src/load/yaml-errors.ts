/**
 * yaml's syntax errors as a user should read them: where to mend, in words about values and
 * quotes. Most slips in a visit file are a value that starts with "[", "{", a quote, "!" or
 * "&", or that holds ": ", written without quotes; yaml reports where it gave up, often a line
 * or more later, in its own terms, and then the consequences too.
 */
import { CST, type Document, isAlias, isScalar, Parser, visit, type YAMLError } from 'yaml';
import { byPosition, type Diagnostic, type Position, positionsIn } from '../diagnostics.js';

/** A "[", "{" or quote that opens a value, as yaml's syntax tree has it. */
interface Opening {
  offset: number;
  /** The text the value starts with: "[", "{", a quote. */
  opener: string;
  /** Where a quoted value ends as read: at the next quote of its kind, or at the end. */
  end: number;
  /** Already named by an error (a file may leave several open). */
  named?: boolean;
}

/** What an error says, where; for an unclosed value, also where yaml stopped reading it. */
interface Found {
  offset: number;
  message: string;
  opening?: Opening;
  stoppedAt?: number;
  /** The character yaml stopped reading the value at. */
  closedBy?: string;
}

const CLOSER: Record<string, string> = { '[': ']', '{': '}' };

/** The whole line an offset is on. */
function lineAt(text: string, offset: number): string {
  const end = text.indexOf('\n', offset);
  return text.slice(text.lastIndexOf('\n', offset - 1) + 1, end < 0 ? text.length : end);
}

/** An error at the start of a line is about its text, not the spaces before it. */
function textStart(text: string, offset: number): number {
  if (offset > 0 && text[offset - 1] !== '\n') return offset;
  let at = offset;
  while (text[at] === ' ') at++;
  return text[at] === '\n' || at >= text.length ? offset : at;
}

/** A closer of the other kind, right before the right one ("s1]}"): one too many, not a wrong one. */
function strayInside({ opener }: Opening, text: string, stoppedAt: number): boolean {
  const closer = CLOSER[opener];
  return (
    closer !== undefined &&
    text[stoppedAt] === (opener === '[' ? '}' : ']') &&
    text
      .slice(stoppedAt + 1)
      .trimStart()
      .startsWith(closer)
  );
}

const strayMessage = (closer: string) =>
  `YAML syntax: this "${closer}" closes nothing; remove it, or put the whole value in quotes`;

/**
 * Diagnostics for yaml's errors. Of the errors one slip sets off, only the first is listed:
 * after a token that ended the document early (a stray "]") yaml reports every later token;
 * after a tab used as indent, every line that no longer lines up; after an unclosed value,
 * anything but other openings; and a line gets one error. Positions are counted from the text
 * (yaml's own line count can lose a line after some errors).
 */
export function syntaxDiagnostics(file: string, text: string, errors: readonly YAMLError[]): Diagnostic[] {
  const positionAt = positionsIn(text);
  const openings = unclosedOpenings(text);
  const found: Found[] = [];
  let endedEarly = false;
  let tabIndent = false;
  for (const error of errors) {
    const early = / in YAML stream/.test(error.message);
    if (early && endedEarly) continue;
    endedEarly ||= early;
    // A tab in an indent misaligns every line after it.
    const tab =
      error.code === 'TAB_AS_INDENT' || (error.code === 'BAD_INDENT' && /^[ ]*\t/.test(lineAt(text, error.pos[0])));
    if (tabIndent && !tab) continue;
    tabIndent ||= tab;
    if (tab) {
      found.push({
        offset: error.pos[0],
        message: "YAML syntax: a tab in this line's indent; indent with spaces only",
      });
      continue;
    }
    const opening = openingFor(error, openings);
    const stoppedAt = error.pos[0];
    if (!opening) found.push({ offset: textStart(text, stoppedAt), message: syntaxMessage(error, text) });
    else if (strayInside(opening, text, stoppedAt))
      found.push({ offset: stoppedAt, message: strayMessage(text[stoppedAt]!) });
    else
      found.push({
        offset: opening.offset,
        message: unclosedMessage(opening, text, stoppedAt, positionAt),
        opening,
        stoppedAt,
        closedBy: text[stoppedAt],
      });
  }
  const kept = withoutConsequences(found);
  const diagnostics: Diagnostic[] = [];
  const linesWithError = new Set<number>();
  for (const f of kept.sort((a, b) => a.offset - b.offset)) {
    const { line, col } = positionAt(f.offset);
    if (!f.opening && linesWithError.has(line)) continue;
    linesWithError.add(line);
    diagnostics.push({ file, line, col, message: f.message, severity: 'error' });
  }
  return diagnostics;
}

/**
 * An opening around the place where another value went wrong is no slip of its own when that
 * value explains it: a quote that ran on over its closing bracket, or a bracket closed by the
 * outer one's closer. Past the first unclosed value the file was not read as meant, so only
 * other openings are kept.
 */
function withoutConsequences(found: Found[]): Found[] {
  const explains = (inner: Found, outer: Found) => {
    const closer = CLOSER[outer.opening?.opener ?? ''];
    if (!closer || !inner.opening || inner.offset <= outer.offset || inner.offset >= outer.stoppedAt!) return false;
    return !CLOSER[inner.opening.opener] || inner.closedBy === closer;
  };
  const slips = found.filter((outer) => !found.some((inner) => explains(inner, outer)));
  const firstOpen = Math.min(...slips.filter((f) => f.opening).map((f) => f.offset));
  return slips.filter((f) => f.opening || f.offset < firstOpen);
}

/**
 * The values that may be open: each flow collection without its own closing bracket, and
 * every quoted string (an error's place tells which one runs on). Innermost (last) first.
 */
function unclosedOpenings(text: string): Opening[] {
  const found: Opening[] = [];
  const consider = (token: CST.Token | undefined) => {
    if (token?.type === 'flow-collection') {
      // As yaml decides: the first token after the items must be the matching bracket.
      if (token.end[0]?.source !== CLOSER[token.start.source])
        found.push({ offset: token.offset, opener: token.start.source, end: token.offset });
    } else if (token?.type === 'double-quoted-scalar' || token?.type === 'single-quoted-scalar') {
      found.push({ offset: token.offset, opener: token.source[0]!, end: token.offset + token.source.length });
    }
  };
  for (const token of new Parser().parse(text)) {
    if (token.type !== 'document') continue;
    consider(token.value);
    CST.visit(token, (item) => {
      consider(item.key ?? undefined);
      consider(item.value);
    });
  }
  return found.sort((a, b) => b.offset - a.offset);
}

/** The opening an error about an unclosed value is about: the innermost not yet named. */
function openingFor(error: YAMLError, openings: Opening[]): Opening | undefined {
  const message = error.message;
  const at = error.pos[0];
  let opening: Opening | undefined;
  if (/^Flow (sequence|map) (in block collection )?must/.test(message)) {
    const opener = /sequence/.test(message) ? '[' : '{';
    opening = openings.find((o) => !o.named && o.opener === opener && o.offset < at);
  } else if (/^Missing closing ("|')quote/.test(message)) {
    const quote = message.charAt('Missing closing '.length);
    opening = openings.find((o) => !o.named && o.opener === quote && o.offset < at && at <= o.end);
  }
  if (opening) opening.named = true;
  return opening;
}

/**
 * yaml stops reading an open value at a closing bracket of the other kind, or at the first
 * line indented no more than the field that holds the value: either the value was never
 * closed, or that line was meant to go on with it.
 */
function unclosedMessage(
  { opener }: Opening,
  text: string,
  stoppedAt: number,
  positionAt: (offset: number) => Position,
): string {
  const closer = CLOSER[opener];
  if (closer && text[stoppedAt] === (opener === '[' ? '}' : ']')) {
    const { line, col } = positionAt(stoppedAt);
    return `YAML syntax: this "${opener}" is closed by the "${text[stoppedAt]}" at ${line}:${col}; it needs "${closer}", or quote the whole value if it is text`;
  }
  // A quoted value stops at the line break before the line that does not go on with it.
  const from = text[stoppedAt] === '\n' ? stoppedAt + 1 : stoppedAt;
  const { line } = positionAt(from);
  const atEnd = text.slice(from).trim() === '';
  const what = opener === '[' ? 'list goes' : opener === '{' ? 'fields go' : 'text goes';
  const mends = [closer ? `close it with "${closer}"` : `end it with ${opener}`];
  if (!atEnd) mends.push(`indent line ${line} more if the ${what} on`);
  if (closer) mends.push('quote the whole value if it is text');
  const mend = mends.length === 1 ? mends[0] : `${mends.slice(0, -1).join(', ')}, or ${mends.at(-1)}`;
  const subject = closer ? `this "${opener}"` : 'the text in quotes that starts here';
  return `YAML syntax: ${subject} is not closed before ${atEnd ? 'the end of the file' : `line ${line}`}: ${mend}`;
}

/** yaml's other messages, put in terms of values and quotes where a common slip is behind them. */
function syntaxMessage(error: YAMLError, text: string): string {
  const message = error.message;
  const at = error.pos[0];
  if (error.code === 'DUPLICATE_KEY') {
    const key = /^\s*["']?([^"':\n]*)/.exec(text.slice(at))?.[1]?.trim();
    return `YAML syntax: duplicate field${key ? ` "${key}"` : ''}; each field may appear only once`;
  }
  if (error.code === 'MULTIPLE_DOCS')
    return 'YAML syntax: a visit file holds one document; remove the "---" or "..." line that ends the first, and what follows';
  const stray = /^Unexpected flow-(?:seq|map)-end token in YAML stream: "(.)"/.exec(message);
  if (stray) return strayMessage(stray[1]!);
  if (message.startsWith('Anchor cannot be an empty string'))
    return 'YAML syntax: "&" then a space starts a YAML anchor with no name; put the whole value in quotes';
  if (message.startsWith('The !! tag has no suffix'))
    return 'YAML syntax: "!!" starts a YAML tag; put the whole value in quotes';
  if (message.startsWith('Not a YAML token'))
    return 'YAML syntax: text after "|" or ">" on its line; those start a block of text on the lines below, so put the text there, indented, or quote the whole value';
  if (/^Unexpected \S+ at node end/.test(message)) {
    // Right after a quote: the quote was meant to be part of the text ("Korea's").
    if (text[at - 1] === "'")
      return "YAML syntax: the ' before this ends the quoted text: write a ' inside '…' as '', or add the closing ' that is missing before it";
    if (text[at - 1] === '"')
      return 'YAML syntax: the " before this ends the quoted text: write a " inside "…" as \\", or add the closing " that is missing before it';
    return 'YAML syntax: more text after a complete value; to write it all as text, put the whole value in quotes';
  }
  if (message.startsWith('All mapping items must start at the same column'))
    return 'YAML syntax: this line does not line up with the fields around it: align it with them, or indent it more if it goes on with the value above';
  if (message.startsWith('Nested mappings are not allowed in compact mappings'))
    return 'YAML syntax: ": " inside a value starts a field there; to write it as text, put the whole value in quotes';
  if (error.code === 'BLOCK_IN_FLOW')
    return 'YAML syntax: a field or a list cannot start inside "{…}" or "[…]"; if this is text holding ": " or "- ", put it in quotes';
  if (message.startsWith('Unexpected block-seq-ind on same line with key'))
    return 'YAML syntax: a value cannot start with "- " on its field\'s line; put the whole value in quotes, or start the list on the next line';
  if (
    message.startsWith('Implicit map keys need to be followed by map values') ||
    message.startsWith('Implicit keys need to be on a single line')
  )
    return 'YAML syntax: this line is not a field ("name: value") and is not indented under the one above; indent it more if it goes on with that value';
  const first = message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
  return `YAML syntax: ${first.charAt(0).toLowerCase()}${first.slice(1)}`;
}

/**
 * Text a value lost to YAML's own syntax, though the file parses: "!word" at the start of a
 * value is read as a tag and "&word" as an anchor, and both are left out of the text. A tag
 * we do not know, a bare "!", or an anchor in a file without aliases is taken for such a slip.
 */
export function lostText(file: string, text: string, doc: Document): Diagnostic[] {
  const positionAt = positionsIn(text);
  const at = (offset: number, message: string): Diagnostic => ({
    file,
    ...positionAt(offset),
    message,
    severity: 'error',
  });
  const lost = (word: string) =>
    `YAML syntax: "${word}" at the start of a value is read as a YAML ${word.startsWith('!') ? 'tag' : 'anchor'} and left out; put the whole value in quotes`;
  const wordAt = (offset: number) => /[^\s,\]}]*/y.exec(text.slice(offset, offset + 200))![0];
  const problems = doc.warnings
    .filter((warning) => warning.code === 'TAG_RESOLVE_FAILED')
    .map((warning) => at(warning.pos[0], lost(wordAt(warning.pos[0]))));
  const aliases = new Set<string>();
  const prefixed: { word: string; offset: number }[] = [];
  visit(doc, {
    Alias: (_, node) => void (isAlias(node) && aliases.add(node.source)),
    Scalar: (key, node) => {
      if (!isScalar(node) || key === 'key' || !node.range) return;
      // "! text": YAML's non-specific tag, which leaves the text as it is but for the "!".
      if (node.tag === '!') prefixed.push({ word: '!', offset: text.lastIndexOf('!', node.range[0]) });
      if (node.anchor)
        prefixed.push({ word: `&${node.anchor}`, offset: text.lastIndexOf(`&${node.anchor}`, node.range[0]) });
    },
  });
  // A file that uses aliases uses anchors on purpose.
  for (const { word, offset } of prefixed)
    if (offset >= 0 && (word === '!' || aliases.size === 0)) problems.push(at(offset, lost(word)));
  return problems.sort(byPosition);
}
