/**
 * Validates parsed data against the visit schema and turns every problem into a diagnostic
 * that points at its place in the source file.
 */
import type { z } from 'zod';
import { byPosition, type Diagnostic } from '../diagnostics.js';
import { FIELD_CHARS, shown } from '../limits.js';
import { checkVisit, type FieldPath, type Visit, VisitSchema } from '../model/visit.js';
import { suggest } from '../suggest.js';
import { forbiddenCharacter } from '../text.js';
import { missingGlyph } from '../typeset/coverage.js';
import type { SourceFile } from './source-file.js';

export type ValidationResult = { visit?: Visit; diagnostics: Diagnostic[] };

/** `extraLanguages`: the documents' languages a user's labels file adds to the bundled ones. */
export function validateVisit(source: SourceFile, extraLanguages: readonly string[] = []): ValidationResult {
  const result = VisitSchema.safeParse(source.data);
  const schemaProblems = result.success ? [] : result.error.issues.flatMap((issue) => issueDiagnostics(source, issue));
  // Cross-field rules run on whatever is valid, so one run shows every problem of the file.
  const crossField = checkVisit(source.data, extraLanguages).map((problem) =>
    diagnosticAt(source, problem.path, problem.message, problem.severity),
  );
  const strings = fieldProblems(source.data).map(({ path, message }) => diagnosticAt(source, path, message));
  const glyphs = glyphProblems(source.data).map(({ path, message }) => diagnosticAt(source, path, message, 'warning'));
  return {
    visit: result.success && strings.length === 0 ? result.data : undefined,
    diagnostics: [...schemaProblems, ...crossField, ...strings, ...glyphs].sort(byPosition),
  };
}

/** What no text field may be: longer than FIELD_CHARS, or holding a forbidden character (text.ts). */
function fieldProblem(value: string): string | undefined {
  if (value.length > FIELD_CHARS)
    return `${shown(value.length)} characters is more than the limit of ${shown(FIELD_CHARS)} for one field; shorten it`;
  return forbiddenCharacter(value)?.message;
}

/** What a text field holds that no bundled font has: it would print as an empty box. */
function glyphProblem(value: string): string | undefined {
  const char = missingGlyph(value);
  if (char === undefined) return undefined;
  const code = `U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
  return `holds ${code} "${char}", which no bundled font has: it prints as an empty box`;
}

const fieldProblems = (data: unknown) => stringProblems(data, fieldProblem);
const glyphProblems = (data: unknown) => stringProblems(data, glyphProblem);

/** Every text field with a problem, anywhere in the data (walked without recursion: data may nest deep). */
function stringProblems(
  data: unknown,
  fieldProblem: (value: string) => string | undefined,
): { path: FieldPath; message: string }[] {
  type Place = { value: unknown; key?: string | number; parent?: Place };
  const pathOf = (place: Place): FieldPath => {
    const path: FieldPath = [];
    for (let at: Place | undefined = place; at?.parent; at = at.parent) path.push(at.key!);
    return path.reverse();
  };
  const found: { path: FieldPath; message: string }[] = [];
  const pending: Place[] = [{ value: data }];
  for (let place = pending.pop(); place; place = pending.pop()) {
    const { value } = place;
    const problem = typeof value === 'string' ? fieldProblem(value) : undefined;
    if (problem) found.push({ path: pathOf(place), message: problem });
    else if (value !== null && typeof value === 'object')
      for (const [key, child] of Object.entries(value).reverse())
        pending.push({ value: child, key: Array.isArray(value) ? Number(key) : key, parent: place });
  }
  return found;
}

export function diagnosticAt(
  source: SourceFile,
  path: FieldPath,
  message: string,
  severity: Diagnostic['severity'] = 'error',
  at: 'key' | 'value' = 'value',
): Diagnostic {
  const position = source.locate(path, at);
  const field = formatPath(path);
  return {
    file: source.file,
    ...position,
    path: field || undefined,
    message: field ? `${field}: ${message}` : message,
    severity,
  };
}

export function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>(
    (out, seg) => (typeof seg === 'number' ? `${out}[${seg}]` : out ? `${out}.${String(seg)}` : String(seg)),
    '',
  );
}

function issueDiagnostics(source: SourceFile, issue: z.core.$ZodIssue): Diagnostic[] {
  const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
  if (issue.code === 'unrecognized_keys') {
    const known = knownKeys(path);
    return issue.keys.map((key) => {
      const hint = suggest(key, known);
      const expected = hint ? `did you mean "${hint}"?` : `expected one of: ${known.join(', ')}`;
      return diagnosticAt(source, [...path, key], `unknown field "${key}"; ${expected}`, 'error', 'key');
    });
  }
  const value = valueAt(source.data, path);
  if (value === undefined && path.length > 0) {
    const field = path[path.length - 1];
    return [diagnosticAt(source, path.slice(0, -1), `missing required field "${String(field)}"`)];
  }
  return [diagnosticAt(source, path, `${issueMessage(issue)}${describeValue(value)}`)];
}

/** Our schema words its own messages; zod's generic ones remain for lists and mappings. */
function issueMessage(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_type' && issue.message.startsWith('Invalid input')) {
    if (issue.expected === 'array') return 'expected a list';
    if (issue.expected === 'object') return 'expected a mapping of fields';
    return `expected ${issue.expected}`;
  }
  return issue.message;
}

function describeValue(value: unknown): string {
  if (value === null) return ', got nothing (null)';
  if (Array.isArray(value)) return ', got a list';
  // A "!!timestamp" tag, or a file under "%YAML 1.1", reads a date as a timestamp.
  if (value instanceof Date)
    return ', got a YAML timestamp; write the date plainly, without "!!timestamp" or "%YAML 1.1"';
  if (value instanceof Uint8Array) return ', got YAML binary data';
  if (typeof value === 'object') return ', got a mapping';
  if (typeof value === 'string') {
    // The excerpt stays on the message's one line.
    const excerpt = value.split(/\r\n?|\n/)[0]!.slice(0, 40);
    return value.trim() === '' ? '' : `, got "${excerpt}${excerpt.length < value.length ? '…' : ''}"`;
  }
  return `, got ${typeof value} ${String(value)}`;
}

function valueAt(data: unknown, path: FieldPath): unknown {
  let node: unknown = data;
  for (const segment of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string | number, unknown>)[segment];
  }
  return node;
}

/** The field names the schema allows at a path, for "did you mean" hints. */
function knownKeys(path: FieldPath): string[] {
  let schema: z.core.$ZodType | undefined = VisitSchema;
  const unwrap = (s: z.core.$ZodType): z.core.$ZodType => {
    const def = s._zod.def as unknown as Record<string, unknown> & { type: string };
    if (def.type === 'optional' || def.type === 'nullable') return unwrap(def.innerType as z.core.$ZodType);
    if (def.type === 'pipe') return unwrap(def.in as z.core.$ZodType);
    return s;
  };
  for (const segment of path) {
    if (!schema) break;
    const def = unwrap(schema)._zod.def as unknown as Record<string, unknown> & { type: string };
    if (def.type === 'object') schema = (def.shape as Record<string, z.core.$ZodType>)[segment as string];
    else if (def.type === 'array') schema = def.element as z.core.$ZodType;
    else if (def.type === 'union') {
      schema = (def.options as z.core.$ZodType[]).find((o) => unwrap(o)._zod.def.type === 'object');
      if (schema)
        schema = (unwrap(schema)._zod.def as unknown as { shape: Record<string, z.core.$ZodType> }).shape[
          segment as string
        ];
    } else schema = undefined;
  }
  if (!schema) return [];
  let def = unwrap(schema)._zod.def as unknown as Record<string, unknown> & { type: string };
  if (def.type === 'union') {
    const object = (def.options as z.core.$ZodType[]).find((o) => unwrap(o)._zod.def.type === 'object');
    if (object) def = unwrap(object)._zod.def as unknown as Record<string, unknown> & { type: string };
  }
  return def.type === 'object' ? Object.keys(def.shape as object) : [];
}
