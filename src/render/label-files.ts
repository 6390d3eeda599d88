/**
 * The labels files: bundled, one YAML file per language in templates/labels/; a user's
 * `labels.yaml` in the --templates folder overrides them per language and key, and may add
 * languages:
 *
 *     fr:
 *       key_facts: Chiffres clés
 *     pt:
 *       fact_sheet: Ficha informativa
 *       …every other label…
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { type Diagnostic, invalidInput } from '../diagnostics.js';
import { TEMPLATE_FILE_BYTES } from '../limits.js';
import { readBoundedFile } from '../load/read-file.js';
import { parseSourceFile, type SourceFile } from '../load/source-file.js';
import { BUNDLED_LABELS, bundledLanguages, canonicalTag, DEFAULT_LANG, labelLanguage } from '../model/lang.js';
import { forbiddenCharacter } from '../text.js';
import { isLabelKey, LABEL_KEYS, type LabelKey, type LabelTable, unknownLabel } from './labels.js';
import { USER_LABELS } from './template-files.js';

/** The placeholders a label may hold: those of its English text. */
const PLACEHOLDERS: Partial<Record<LabelKey, readonly string[]>> = {
  prepared: ['date'],
  page: ['page', 'pages'],
  subject: ['document', 'title'],
  back_to_citation: ['citation'],
  drafted_by: ['name'],
  cleared_by: ['name'],
  revision: ['n', 'date'],
  draft_after_revision: ['n'],
  changes_since: ['revision'],
  on_page: ['page'],
  no_changes: ['revision'],
};

const bundledTables = new Map<string, LabelTable>();

/** A bundled language's labels (read once per process). */
function bundledTable(lang: string): LabelTable {
  let table = bundledTables.get(lang);
  if (!table) {
    table = parse(readFileSync(join(BUNDLED_LABELS, `${lang}.yaml`), 'utf8')) as LabelTable;
    bundledTables.set(lang, table);
  }
  return table;
}

/** The labels of every language a build may write in: the bundled ones with the user's file over them. */
export class Labels {
  private constructor(
    /** The user's labels by language, as their file spells the language. */
    private readonly own: ReadonlyMap<string, Partial<Record<LabelKey, string>>>,
    /** Where the user's file is, if they have one. */
    readonly path?: string,
  ) {}

  /** The bundled labels, and the user's from `templatesDir/labels.yaml` if there is one. */
  static load(templatesDir?: string): Labels {
    const path = templatesDir ? join(templatesDir, USER_LABELS) : undefined;
    if (!path || !existsSync(path)) return new Labels(new Map());
    const bytes = readBoundedFile(path, TEMPLATE_FILE_BYTES, 'labels file');
    // A file of comments only changes nothing (the visit reader would call it an empty visit).
    if (/^(?:\s*(?:#.*)?(?:\r?\n|\r|$))*$/.test(Buffer.from(bytes).toString('utf8')))
      return new Labels(new Map(), path);
    const source = parseSourceFile(path, bytes);
    if (!source.ok) throw invalidInput(source.diagnostics);
    const { labels, diagnostics } = readUserLabels(source.source);
    if (diagnostics.length) throw invalidInput(diagnostics);
    return new Labels(labels, path);
  }

  /** The languages the user's file adds to the bundled ones. */
  added(): string[] {
    return [...this.own.keys()].filter((lang) => !isBundled(lang));
  }

  /** Every language documents can be written in. */
  languages(): string[] {
    return [...bundledLanguages(), ...this.added()];
  }

  /**
   * The labels of a document in `lang` (see labelLanguage for how a tag finds its labels): the
   * bundled ones, with the user's for that language over them. English for a language with
   * none (the loader has refused such a visit already).
   */
  table(lang: string | undefined): LabelTable {
    const language = labelLanguage(lang ?? DEFAULT_LANG, this.languages()) ?? DEFAULT_LANG;
    const bundled = bundledLanguages().find((b) => b.toLowerCase() === language.toLowerCase());
    const own = [...this.own].find(([key]) => key.toLowerCase() === language.toLowerCase())?.[1] ?? {};
    // An added language gives every label (checked when its file is read).
    return { ...(bundled ? bundledTable(bundled) : ({} as LabelTable)), ...own };
  }
}

const isBundled = (lang: string) => bundledLanguages().some((b) => b.toLowerCase() === lang.toLowerCase());

/**
 * The languages a user's labels file adds, for the loader (a visit may be written in one). A
 * file that cannot be read adds none here; its problems are reported when the templates load.
 */
export function addedLanguages(templatesDir?: string): string[] {
  try {
    return Labels.load(templatesDir).added();
  } catch {
    return [];
  }
}

const isMapping = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/** A user's labels file checked: every problem at its line and column. */
function readUserLabels(source: SourceFile): {
  labels: Map<string, Partial<Record<LabelKey, string>>>;
  diagnostics: Diagnostic[];
} {
  const labels = new Map<string, Partial<Record<LabelKey, string>>>();
  const diagnostics: Diagnostic[] = [];
  const problem = (path: string[], message: string, at: 'key' | 'value' = 'value') =>
    diagnostics.push({
      file: source.file,
      ...source.locate(path, at),
      message: path.length ? `${path.join('.')}: ${message}` : message,
      severity: 'error',
    });
  if (!isMapping(source.data)) {
    problem([], 'expected labels by language, such as "fr:" with "key_facts: Données clés" under it');
    return { labels, diagnostics };
  }
  for (const [lang, table] of Object.entries(source.data)) {
    if (!canonicalTag(lang)) {
      problem([lang], `"${lang}" is not a language tag (BCP 47) such as fr, ko or zh-Hant`, 'key');
      continue;
    }
    if (!isMapping(table)) {
      problem([lang], 'expected labels by key, such as "key_facts: …"');
      continue;
    }
    const own: Partial<Record<LabelKey, string>> = {};
    for (const [key, text] of Object.entries(table)) {
      const message = labelProblem(key, text);
      if (message) problem([lang, key], message, isLabelKey(key) ? 'value' : 'key');
      else own[key as LabelKey] = text as string;
    }
    const missing = LABEL_KEYS.filter((key) => !Object.hasOwn(table, key));
    if (!isBundled(lang) && missing.length)
      problem(
        [lang],
        `"${lang}" is not a bundled language (${bundledLanguages().join(', ')}), so its labels must all be given; missing: ${missing.join(', ')}`,
        'key',
      );
    labels.set(lang, own);
  }
  return { labels, diagnostics };
}

/** What is wrong with one label of a user's file, if anything. */
function labelProblem(key: string, text: unknown): string | undefined {
  if (!isLabelKey(key)) return unknownLabel(key);
  if (typeof text !== 'string' || text.trim() === '') return "expected the label's text (a string)";
  const character = forbiddenCharacter(text);
  if (character) return character.message;
  const allowed = PLACEHOLDERS[key] ?? [];
  const unknown = [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!).find((name) => !allowed.includes(name));
  if (unknown)
    return `{${unknown}} is not filled in here; ${allowed.length ? `this label has ${allowed.map((a) => `{${a}}`).join(', ')}` : 'this label has no placeholders'}`;
  return undefined;
}
