/**
 * Reads a visit file (YAML or JSON) into plain data while keeping a map back to source
 * positions, so that every later problem can name its line and column.
 */
import { printParseErrorCode, visit as visitJson, type ParseError } from 'jsonc-parser';
import { CST, isAlias, isMap, isNode, isScalar, LineCounter, parseDocument, Parser, visit, type Document, type Node, type YAMLError } from 'yaml';
import type { Diagnostic } from './diagnostics.js';
import type { FieldPath } from '../model/visit.js';

export interface Position {
  line: number;
  col: number;
}

export interface SourceFile {
  file: string;
  data: unknown;
  /** Where a field path stands in the file; for a missing field, its parent. */
  locate(path: FieldPath, at?: 'key' | 'value'): Position | undefined;
}

export type ParseResult = { ok: true; source: SourceFile } | { ok: false; diagnostics: Diagnostic[] };

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Line and column (1-based) of the first byte that is not valid UTF-8. */
function firstInvalidByte(bytes: Uint8Array): Position {
  const lenient = new TextDecoder().decode(bytes);
  const lines = lenient.slice(0, Math.max(0, lenient.indexOf('\uFFFD'))).split('\n');
  return { line: lines.length, col: lines[lines.length - 1]!.length + 1 };
}

export function parseSourceFile(file: string, bytes: Uint8Array): ParseResult {
  const fail = (message: string, pos?: Position): ParseResult => ({
    ok: false,
    diagnostics: [{ file, ...pos, message, severity: 'error' }],
  });
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    return fail('file is not UTF-8 text; save it as UTF-8', firstInvalidByte(bytes));
  }
  if (text.split('\n').every((line) => line.trim() === '' || line.trim().startsWith('#'))) {
    return fail('file is empty; expected a visit (title, visit, …)', { line: 1, col: 1 });
  }
  if (/\.json$/i.test(file)) {
    const error = jsonProblem(text);
    if (error) return fail(`JSON syntax: ${error.message}`, positionOf(text, error.offset));
    return parsedJson(file, text);
  }
  const lineCounter = new LineCounter();
  // logLevel 'error': yaml would print a Node warning of its own (a list or mapping used as a
  // field name is turned into text, which validation then reports as an unknown field).
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: true, strict: true, logLevel: 'error' });
  if (doc.errors.length > 0) return { ok: false, diagnostics: syntaxDiagnostics(file, text, doc.errors) };
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 100 });
  } catch (error) {
    // toJS throws on an alias to no anchor and on alias bombs; neither is in doc.errors.
    const alias = unresolvedAlias(doc);
    const message = alias
      ? `YAML syntax: alias "*${alias.source}" refers to no anchor "&${alias.source}" before it`
      : `YAML syntax: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`;
    return fail(message, alias?.range ? lineCounter.linePos(alias.range[0]) : { line: 1, col: 1 });
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    return fail('expected a mapping of fields (title, visit, …) at the top of the file', { line: 1, col: 1 });
  }
  const position = (offset: number): Position => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, col };
  };
  return {
    ok: true,
    source: {
      file,
      data,
      locate: (path, at = 'value') => locateNode(doc, path, at, position),
    },
  };
}

/**
 * Valid JSON: the data from JSON.parse, which is many times faster than a parser that keeps
 * positions. Positions are wanted only when there is something to report, so the yaml
 * document that maps a field path to its place is built then, once.
 */
function parsedJson(file: string, text: string): ParseResult {
  const data: unknown = JSON.parse(text);
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    return { ok: false, diagnostics: [{ file, line: 1, col: 1, message: 'expected a mapping of fields (title, visit, …) at the top of the file', severity: 'error' }] };
  }
  let located: { doc: Document; lineCounter: LineCounter } | undefined;
  const locate = (path: FieldPath, at: 'key' | 'value' = 'value') => {
    if (!located) {
      const lineCounter = new LineCounter();
      located = { doc: parseDocument(text, { lineCounter, strict: true }), lineCounter };
    }
    const { doc, lineCounter } = located;
    return locateNode(doc, path, at, (offset) => {
      const { line, col } = lineCounter.linePos(offset);
      return { line, col };
    });
  };
  return { ok: true, source: { file, data, locate } };
}

/**
 * YAML reads JSON as flow style but also accepts what JSON forbids (trailing commas, comments,
 * unquoted keys), and words its errors in YAML terms. So a .json file gets one pass of a strict
 * JSON parser, for its first syntax error (after one, the rest is mostly echoes) or else the
 * first field that appears twice in one object (JSON.parse would keep the last silently).
 */
function jsonProblem(text: string): { message: string; offset: number } | undefined {
  let syntax: ParseError | undefined;
  let duplicate: { message: string; offset: number } | undefined;
  const objects: Set<string>[] = [];
  visitJson(
    text,
    {
      onError: (error, offset, length) => void (syntax ??= { error, offset, length }),
      onObjectBegin: () => void objects.push(new Set()),
      onObjectEnd: () => void objects.pop(),
      onObjectProperty: (name, offset) => {
        const seen = objects.at(-1);
        if (!seen) return;
        if (seen.has(name)) duplicate ??= { message: `duplicate field "${name}"; each field may appear only once`, offset };
        seen.add(name);
      },
    },
    { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false },
  );
  return syntax ? describeJsonError(text, syntax) : duplicate;
}

/** A JSON syntax error in words, with hints for the usual slips (trailing commas, quotes). */
function describeJsonError(text: string, first: ParseError): { message: string; offset: number } {
  const code = printParseErrorCode(first.error);
  const before = text.slice(0, first.offset).trimEnd();
  if ((code === 'PropertyNameExpected' || code === 'ValueExpected') && before.endsWith(',') && /^[}\]]/.test(text.slice(first.offset))) {
    return { message: `trailing comma before "${text[first.offset]}"; remove the comma`, offset: before.length - 1 };
  }
  const token = text.slice(first.offset, first.offset + Math.max(1, Math.min(first.length, 30))).split('\n')[0]!;
  if (code === 'InvalidSymbol' && token.startsWith("'")) return { message: 'strings and field names must be in double quotes', offset: first.offset };
  if (code === 'InvalidSymbol' && /[{,]$/.test(before)) return { message: `field names must be in double quotes, found ${token}`, offset: first.offset };
  const found = first.offset >= text.length ? ', found the end of the file' : token.startsWith('"') ? `, found ${token}` : `, found "${token}"`;
  return { message: `${JSON_ERRORS[code] ?? code}${found}`, offset: first.offset };
}

const JSON_ERRORS: Record<string, string> = {
  InvalidSymbol: 'unexpected character',
  InvalidNumberFormat: 'invalid number',
  PropertyNameExpected: 'expected a field name in double quotes',
  ValueExpected: 'expected a value',
  ColonExpected: 'expected ":" after the field name',
  CommaExpected: 'expected "," between entries',
  CloseBraceExpected: 'expected "}" to close the object',
  CloseBracketExpected: 'expected "]" to close the list',
  EndOfFileExpected: 'unexpected text after the end of the JSON value',
  InvalidCommentToken: 'comments are not allowed in JSON',
  UnexpectedEndOfComment: 'comments are not allowed in JSON',
  UnexpectedEndOfString: 'unterminated string',
  UnexpectedEndOfNumber: 'unterminated number',
  InvalidUnicode: 'invalid \\u escape',
  InvalidEscapeCharacter: 'invalid escape in string',
  InvalidCharacter: 'control character in string; write it as an escape such as \\n',
};

function positionOf(text: string, offset: number): Position {
  const lines = text.slice(0, offset).split('\n');
  return { line: lines.length, col: lines[lines.length - 1]!.length + 1 };
}

function unresolvedAlias(doc: Document) {
  let found: { source: string; range?: [number, number, number] } | undefined;
  visit(doc, {
    Alias(_, node) {
      if (isAlias(node) && node.resolve(doc) === undefined) {
        found = { source: node.source, range: node.range ?? undefined };
        return visit.BREAK;
      }
      return undefined;
    },
  });
  return found;
}

/** The yaml library's messages end in ` at line L, column C:` and an excerpt; we print our own position. */
function syntaxMessage(error: YAMLError, file: string, text: string): string {
  const kind = /\.json$/i.test(file) ? 'JSON' : 'YAML';
  if (error.code === 'DUPLICATE_KEY') {
    const key = /^\s*["']?([^"':\n]*)/.exec(text.slice(error.pos[0]))?.[1]?.trim();
    return `${kind} syntax: duplicate field${key ? ` "${key}"` : ''}; each field may appear only once`;
  }
  const stray = /^Unexpected flow-(?:seq|map)-end token in YAML stream: "(.)"/.exec(error.message);
  if (stray) return `${kind} syntax: this "${stray[1]}" closes nothing; remove it, or put the whole value in quotes`;
  if (error.code === 'BLOCK_IN_FLOW') return `${kind} syntax: a field or a list cannot start inside "{…}" or "[…]"; if this is text holding ": " or "- ", put it in quotes`;
  if (/^Unexpected \S+ at node end/.test(error.message)) return `${kind} syntax: more text after a complete value; to write it all as text, put the whole value in quotes`;
  if (error.message.startsWith('Nested mappings are not allowed in compact mappings')) return `${kind} syntax: ": " inside a value starts a field there; to write it as text, put the whole value in quotes`;
  if (error.code === 'MULTIPLE_DOCS') return `${kind} syntax: a visit file holds one document; remove the second "---" and what follows`;
  const first = error.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
  return `${kind} syntax: ${first.charAt(0).toLowerCase()}${first.slice(1)}`;
}

/**
 * yaml's syntax errors as a user should read them: where to mend, in words about values and
 * quotes. yaml reports the consequences of one slip too (every token after a stray "]", every
 * later part of a line it could not read), so after an unclosed value only the openings are
 * kept, and a line gets one error. Positions come from the text: yaml's own line count can
 * lose a line after some errors.
 */
function syntaxDiagnostics(file: string, text: string, errors: readonly YAMLError[]): Diagnostic[] {
  const openings = unclosedOpenings(text);
  const strays = errors.map((error) => /^Unexpected flow-(?:seq|map)-end token in YAML stream: "(.)"/.exec(error.message)?.[1]);
  const found: { offset: number; message: string; opening?: boolean }[] = [];
  const dropped = new Set<number>();
  errors.forEach((error, i) => {
    if (dropped.has(i)) return;
    // After the first token that ended the document early, yaml reports every later one.
    if (strays[i] === undefined && / in YAML stream/.test(error.message) && errors.slice(0, i).some((e) => / in YAML stream/.test(e.message))) return;
    if (strays[i] !== undefined && strays.slice(0, i).some((s) => s !== undefined)) return;
    const opening = openingFor(error, openings);
    if (!opening) return found.push({ offset: error.pos[0], message: syntaxMessage(error, file, text) });
    // A "]" that yaml found stray later closes this "[": the list is closed, one of its lines
    // is indented too little.
    const closer = { '[': ']', '{': '}' }[opening.opener];
    const closing = closer ? strays.findIndex((s, k) => k > i && s === closer) : -1;
    if (closing < 0) return found.push({ offset: opening.offset, message: unclosedMessage(opening, text, error.pos[0]), opening: true });
    dropped.add(closing);
    const { line, col } = positionOf(text, opening.offset);
    const what = opening.opener === '[' ? 'list' : 'set of fields';
    found.push({ offset: error.pos[0], message: `YAML syntax: this line is inside the ${what} that "${opening.opener}" opens at ${line}:${col}; indent it more than the field that holds the ${what}` });
  });
  const firstOpening = Math.min(...found.filter((f) => f.opening).map((f) => f.offset));
  const diagnostics: Diagnostic[] = [];
  const linesWithError = new Set<number>();
  for (const f of found.filter((f) => f.opening || f.offset < firstOpening).sort((a, b) => a.offset - b.offset)) {
    const { line, col } = positionOf(text, f.offset);
    if (!f.opening && linesWithError.has(line)) continue;
    linesWithError.add(line);
    diagnostics.push({ file, line, col, message: f.message, severity: 'error' });
  }
  return diagnostics;
}

/** A "[", "{" or quote that opens a value the file never closes. */
interface Opening {
  offset: number;
  /** The text the value starts with: "[", "{", a quote. */
  opener: string;
  /** The end of the value as read: a quote runs on to the next of its kind, or to the end. */
  end: number;
  /** Already named by an error (a file may leave several open). */
  named?: boolean;
}

/**
 * The values that may be open, from yaml's syntax tree: each flow collection without its own
 * closing bracket, and every quoted string (an error's place tells which one runs on).
 */
function unclosedOpenings(text: string): Opening[] {
  const found: Opening[] = [];
  const consider = (token: CST.Token | undefined) => {
    if (token?.type === 'flow-collection') {
      // As yaml decides: the first token after the items must be the matching bracket.
      if (token.end[0]?.source !== (token.start.source === '[' ? ']' : '}')) found.push({ offset: token.offset, opener: token.start.source, end: token.offset });
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

/**
 * yaml reports an unclosed value where it gave up, often the next field's line; the place to
 * mend is where the value opened. Each such error names the innermost opening not yet named.
 */
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
 * Where yaml stopped reading an open value is the first line indented no more than the field
 * that holds it: either the value was never closed, or that line was meant to go on with it.
 */
function unclosedMessage({ opener }: Opening, text: string, stoppedAt: number): string {
  const atEnd = text.slice(stoppedAt).trim() === '';
  const { line } = positionOf(text, stoppedAt);
  if (opener === '[' || opener === '{') {
    const [what, closer] = opener === '[' ? ['list goes', ']'] : ['fields go', '}'];
    const where = atEnd ? 'the end of the file: close it,' : `line ${line}: close it, indent line ${line} more if the ${what} on,`;
    return `YAML syntax: this "${opener}" is not closed with "${closer}" before ${where} or quote the whole value if it is text`;
  }
  return `YAML syntax: the text in quotes that starts here is never closed; end it with ${opener}`;
}

function locateNode(
  doc: Document,
  path: FieldPath,
  at: 'key' | 'value',
  position: (offset: number) => Position,
): Position | undefined {
  let node: unknown = doc.contents;
  let keyNode: Node | undefined;
  for (const segment of path) {
    if (!isNode(node)) break;
    if (isMap(node)) {
      const pair = node.items.find((p) => (isScalar(p.key) ? p.key.value : p.key) === segment);
      if (!pair) break;
      keyNode = isNode(pair.key) ? pair.key : undefined;
      node = pair.value;
    } else if ('items' in node && Array.isArray(node.items) && typeof segment === 'number') {
      const next = node.items[segment];
      if (next === undefined) break;
      keyNode = undefined;
      node = next;
    } else break;
  }
  const target = at === 'key' && keyNode ? keyNode : isNode(node) ? node : keyNode;
  return target?.range ? position(target.range[0]) : undefined;
}
