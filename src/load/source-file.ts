/**
 * Reads a visit file (YAML or JSON) into plain data while keeping a map back to source
 * positions, so that every later problem can name its line and column.
 */
import { type ParseError, printParseErrorCode, visit as visitJson } from 'jsonc-parser';
import {
  Composer,
  type CST,
  type Document,
  isAlias,
  isMap,
  isNode,
  isScalar,
  type Node,
  Parser,
  parseDocument,
  visit,
  YAMLParseError,
} from 'yaml';
import { type Diagnostic, type Position, positionAt, positionsIn } from '../diagnostics.js';
import type { FieldPath } from '../model/visit.js';
import { decodeUtf8, NOT_UTF8, withLfLineEnds } from '../text.js';
import { jsonTooDeep, yamlTooDeep } from './nesting.js';
import { lostText, syntaxDiagnostics } from './yaml-errors.js';

export interface SourceFile {
  file: string;
  data: unknown;
  /** Where a field path stands in the file; for a missing field, its parent. */
  locate(path: FieldPath, at?: 'key' | 'value'): Position | undefined;
}

export type ParseResult = { ok: true; source: SourceFile } | { ok: false; diagnostics: Diagnostic[] };

export function parseSourceFile(file: string, bytes: Uint8Array): ParseResult {
  const fail = (message: string, pos?: Position): ParseResult => ({
    ok: false,
    diagnostics: [{ file, ...pos, message, severity: 'error' }],
  });
  const decoded = decodeUtf8(bytes);
  if ('invalidAt' in decoded) return fail(NOT_UTF8, decoded.invalidAt);
  const text = withLfLineEnds(decoded.text);
  if (text.split('\n').every((line) => line.trim() === '' || line.trim().startsWith('#'))) {
    return fail('file is empty; expected a visit (title, visit, …)', { line: 1, col: 1 });
  }
  if (/\.json$/i.test(file)) {
    const error = jsonTooDeep(text) ?? jsonProblem(text);
    if (error) return fail(`JSON syntax: ${error.message}`, positionAt(text, error.offset));
    return parsedJson(file, text);
  }
  const tokens = [...new Parser().parse(text)];
  const tooDeep = yamlTooDeep(tokens);
  if (tooDeep) return fail(`YAML syntax: ${tooDeep.message}`, positionAt(text, tooDeep.offset));
  const doc = composeDocument(tokens, text);
  const syntax = doc.errors.length > 0 ? syntaxDiagnostics(file, text, doc.errors) : [];
  if (syntax.length > 0) return { ok: false, diagnostics: syntax };
  const lost = lostText(file, text, doc);
  if (lost.length > 0) return { ok: false, diagnostics: lost };
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 100 });
  } catch (error) {
    // toJS throws on an alias to no anchor and on alias bombs; neither is in doc.errors.
    const alias = unresolvedAlias(doc);
    const message = alias
      ? `YAML syntax: alias "*${alias.source}" refers to no anchor "&${alias.source}" before it; to start a value with "*" (Markdown emphasis, say), put the whole value in quotes`
      : `YAML syntax: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`;
    return fail(message, alias?.range ? positionAt(text, alias.range[0]) : { line: 1, col: 1 });
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    return fail('expected a mapping of fields (title, visit, …) at the top of the file', { line: 1, col: 1 });
  }
  const position = positionsIn(text);
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
 * The one document of a YAML file, from its syntax tree, as yaml's parseDocument makes it.
 * logLevel 'error': yaml would print a Node warning of its own (a list or mapping used as a
 * field name is turned into text, which validation then reports as an unknown field).
 * prettyErrors off: positions are counted from the text (yaml-errors.ts), and yaml's excerpts
 * made a file with thousands of errors take seconds.
 */
function composeDocument(tokens: readonly CST.Token[], text: string): Document {
  const composer = new Composer({ uniqueKeys: true, prettyErrors: false, strict: true, logLevel: 'error' });
  const [doc, second] = composer.compose(tokens, true, text.length);
  if (second) {
    doc!.errors.push(
      new YAMLParseError([second.range[0], second.range[1]], 'MULTIPLE_DOCS', 'Source contains multiple documents'),
    );
  }
  return doc!;
}

/**
 * Valid JSON: the data from JSON.parse, which is many times faster than a parser that keeps
 * positions. Positions are wanted only when there is something to report, so the yaml
 * document that maps a field path to its place is built then, once.
 */
function parsedJson(file: string, text: string): ParseResult {
  const data: unknown = JSON.parse(text);
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    return {
      ok: false,
      diagnostics: [
        {
          file,
          line: 1,
          col: 1,
          message: 'expected a mapping of fields (title, visit, …) at the top of the file',
          severity: 'error',
        },
      ],
    };
  }
  let doc: Document | undefined;
  const position = positionsIn(text);
  const locate = (path: FieldPath, at: 'key' | 'value' = 'value') => {
    doc ??= parseDocument(text, { strict: true });
    return locateNode(doc, path, at, position);
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
      onError: (error, offset, length) => {
        syntax ??= { error, offset, length };
      },
      onObjectBegin: () => void objects.push(new Set()),
      onObjectEnd: () => void objects.pop(),
      onObjectProperty: (name, offset) => {
        const seen = objects.at(-1);
        if (!seen) return;
        if (seen.has(name))
          duplicate ??= { message: `duplicate field "${name}"; each field may appear only once`, offset };
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
  if (
    (code === 'PropertyNameExpected' || code === 'ValueExpected') &&
    before.endsWith(',') &&
    /^[}\]]/.test(text.slice(first.offset))
  ) {
    return { message: `trailing comma before "${text[first.offset]}"; remove the comma`, offset: before.length - 1 };
  }
  const token = text.slice(first.offset, first.offset + Math.max(1, Math.min(first.length, 30))).split('\n')[0]!;
  if (code === 'InvalidSymbol' && token.startsWith("'"))
    return { message: 'strings and field names must be in double quotes', offset: first.offset };
  if (code === 'InvalidSymbol' && /[{,]$/.test(before))
    return { message: `field names must be in double quotes, found ${token}`, offset: first.offset };
  const found =
    first.offset >= text.length
      ? ', found the end of the file'
      : token.startsWith('"')
        ? `, found ${token}`
        : `, found "${token}"`;
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
