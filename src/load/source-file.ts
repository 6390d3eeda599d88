/**
 * Reads a visit file (YAML or JSON) into plain data while keeping a map back to source
 * positions, so that every later problem can name its line and column.
 */
import { isMap, isNode, isScalar, LineCounter, parseDocument, type Document, type Node } from 'yaml';
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
  if (text.trim() === '' || /^(\s*#.*\n?)*\s*$/.test(text)) {
    return fail('file is empty; expected a visit (title, visit, …)', { line: 1, col: 1 });
  }
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: true, strict: true });
  if (doc.errors.length > 0) {
    return {
      ok: false,
      diagnostics: doc.errors.map((error) => ({
        file,
        line: error.linePos?.[0].line,
        col: error.linePos?.[0].col,
        message: syntaxMessage(error.message, file),
        severity: 'error',
      })),
    };
  }
  const data: unknown = doc.toJS({ maxAliasCount: 100 });
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

/** The yaml library's messages end in ` at line L, column C:` and an excerpt; we print our own position. */
function syntaxMessage(message: string, file: string): string {
  const first = message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
  const kind = /\.json$/i.test(file) ? 'JSON' : 'YAML';
  return `${kind} syntax: ${first.charAt(0).toLowerCase()}${first.slice(1)}`;
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
