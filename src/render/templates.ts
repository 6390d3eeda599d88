/**
 * Template stage: Handlebars templates in, Markdown out. Templates are compiled once per
 * process; a user folder overrides the bundled template of each document it has.
 */
import Handlebars from 'handlebars';
import { type Diagnostic, diagnosticsOf, invalidInput, type Position, positionAt } from '../diagnostics.js';
import type { DocKind } from '../docs.js';
import type { ImageAsset } from '../images/asset.js';
import type { ImageCache } from '../images/cache.js';
import type { ImageFile } from '../images/load.js';
import { DOCUMENT_NESTING, RENDERED_CHARS, shown, TEMPLATE_BLOCK_NESTING } from '../limits.js';
import { markdownProblem } from '../markdown/lex.js';
import { forbiddenCharacter } from '../text.js';
import type { TemplateContext } from './context.js';
import { type CallSite, countedEach, HELPER_ARGUMENTS, helpers, type RenderData, TemplateRunError } from './helpers.js';
import { Labels } from './label-files.js';
import { isLabelKey, unknownLabel } from './labels.js';
import { PRECOMPILED } from './precompiled.js';
import { resolveTemplates, type TemplateFile } from './template-files.js';

export { BUNDLED_TEMPLATES, resolveTemplates, type TemplateFile } from './template-files.js';

/** How every template is compiled (the bundled ones too, ahead of time: see precompiled.ts). */
export const COMPILE_OPTIONS: CompileOptions = { noEscape: true, strict: false, preventIndent: true };

export class TemplateSet {
  private readonly env = Handlebars.create();
  private readonly compiled = new Map<DocKind, Handlebars.TemplateDelegate>();
  /** The images the templates write as `![alt](path)`, scaled (see open): none until then. */
  images: ImageAsset[] = [];
  /** The image files read for them (what watch mode watches). */
  imageFiles: ImageFile[] = [];
  private imagesByPath = new Map<string, ImageAsset>();

  /** `labels`: the bundled labels, with the user's labels file over them if they have one. */
  constructor(
    readonly files: TemplateFile[],
    readonly labels: Labels = Labels.load(),
  ) {
    // Handlebars' `log` writes to stdout, which is for documents and --json only.
    this.env.unregisterHelper('log');
    this.env.registerHelper(helpers);
    this.env.registerHelper('each', countedEach(this.env.helpers.each!));
    for (const file of files) {
      // Each document is also a partial, so the book can include the others.
      const ahead = PRECOMPILED[file.kind];
      const template =
        ahead?.text === file.text ? this.env.template(ahead.spec) : this.env.compile(file.text, COMPILE_OPTIONS);
      this.compiled.set(file.kind, template);
      this.env.registerPartial(file.kind, template);
    }
  }

  static load(dir?: string): TemplateSet {
    const files = resolveTemplates(dir);
    let labels: Labels;
    try {
      labels = Labels.load(dir);
    } catch (error) {
      // The labels file's problems with the templates', all in one run.
      const set = new TemplateSet(files);
      const problems = [...diagnosticsOf(error)];
      try {
        set.checkAll();
      } catch (more) {
        problems.push(...diagnosticsOf(more));
      }
      throw invalidInput(problems);
    }
    const set = new TemplateSet(files, labels);
    set.checkAll();
    return set;
  }

  /** load, with the templates' images read and scaled (see loadImages). */
  static async open(dir?: string, cache?: ImageCache): Promise<TemplateSet> {
    const set = TemplateSet.load(dir);
    await set.loadImages(cache);
    return set;
  }

  /**
   * Reads and scales the images the templates write as `![alt](path)`, each relative to its
   * template's folder; throws an invalid-input error with every bad one at its place.
   */
  async loadImages(cache?: ImageCache): Promise<void> {
    const { findTemplateImages, loadTemplateImages } = await import('../images/template-images.js');
    // Templates without images never load the image code (nor sharp).
    if (!this.files.some((file) => findTemplateImages(file.text).length > 0)) return;
    const { ImageCache } = await import('../images/cache.js');
    const found = await loadTemplateImages(this.files, cache ?? new ImageCache());
    if (found.diagnostics.length) throw invalidInput(found.diagnostics);
    this.images = found.images;
    this.imageFiles = found.files;
    this.imagesByPath = found.byPath;
  }

  /** The ref of the image a template writes as `![alt](path)`, by its path as written. */
  refFor(path: string): string | undefined {
    return this.imagesByPath.get(path)?.ref;
  }

  /**
   * Handlebars compiles lazily and finds a missing helper or partial only when it runs into
   * it; check every template now, so mistakes surface with their place before any rendering.
   */
  checkAll(): void {
    const diagnostics: Diagnostic[] = [];
    for (const file of this.files) {
      const character = forbiddenCharacter(file.text);
      if (character)
        diagnostics.push({
          file: file.path,
          ...positionAt(file.text, character.index),
          message: `template ${character.message}`,
          severity: 'error',
        });
      const deep = blockTooDeep(file.text);
      if (deep !== undefined) {
        diagnostics.push({
          file: file.path,
          ...positionAt(file.text, deep),
          message: BLOCKS_TOO_DEEP,
          severity: 'error',
        });
        continue; // not parsed: Handlebars would take minutes over it
      }
      try {
        // Parsing finds syntax errors; the compile itself waits for the first render.
        diagnostics.push(...this.unknownNames(file, Handlebars.parse(file.text)));
      } catch (error) {
        diagnostics.push(templateDiagnostic(file.path, error, file.text));
      }
    }
    diagnostics.push(...this.includeCycles());
    if (diagnostics.length) throw invalidInput(diagnostics);
  }

  /** A template that includes itself, directly or through others, would never finish rendering. */
  private includeCycles(): Diagnostic[] {
    const includes = new Map<string, { name: string; loc: hbs.AST.SourceLocation }[]>();
    for (const file of this.files) {
      const found: { name: string; loc: hbs.AST.SourceLocation }[] = [];
      if (blockTooDeep(file.text) !== undefined) continue; // reported by checkAll, never parsed
      try {
        walk(Handlebars.parse(file.text), (node) => {
          const name = (node as hbs.AST.PartialStatement).name;
          if (
            (node.type === 'PartialStatement' || node.type === 'PartialBlockStatement') &&
            name.type === 'PathExpression'
          ) {
            found.push({ name: (name as hbs.AST.PathExpression).original, loc: node.loc });
          }
        });
      } catch {
        // A syntax error is reported by checkAll already.
      }
      includes.set(file.kind, found);
    }
    const diagnostics: Diagnostic[] = [];
    const inCycle = new Set<string>(); // each cycle is reported once, where it is first met
    for (const file of this.files) {
      if (inCycle.has(file.kind)) continue;
      for (const first of includes.get(file.kind) ?? []) {
        const path = [file.kind, first.name];
        const cycle = (function follow(at: string): boolean {
          if (at === file.kind) return true;
          for (const next of includes.get(at) ?? []) {
            if (path.includes(next.name) && next.name !== file.kind) continue;
            path.push(next.name);
            if (follow(next.name)) return true;
            path.pop();
          }
          return false;
        })(first.name);
        if (cycle) {
          const message = `{{> ${first.name}}} makes ${file.kind} include itself (${path.join(' → ')}); a template cannot include itself`;
          diagnostics.push({ file: file.path, ...positionOf(first.loc.start), message, severity: 'error' });
          for (const kind of path) inCycle.add(kind);
          break;
        }
      }
    }
    return diagnostics;
  }

  /**
   * Partials that are not registered, helper calls (a name with arguments) to no helper, and
   * paths through what every object inherits (`toString`, `constructor`, …), which templates
   * cannot read: they would print nothing.
   */
  private unknownNames(file: TemplateFile, ast: hbs.AST.Program): Diagnostic[] {
    const helpers = Object.keys(this.env.helpers);
    // helperMissing and blockHelperMissing are Handlebars' own fallbacks, not for templates to call.
    const callable = helpers.filter((h) => !/Missing$/.test(h));
    const partials = Object.keys(this.env.partials);
    const found: Diagnostic[] = [];
    const at = (loc: hbs.AST.SourceLocation, message: string) =>
      found.push({ file: file.path, ...positionOf(loc.start), message, severity: 'error' });
    walk(ast, (node) => {
      if (node.type === 'PathExpression') {
        const inherited = (node as hbs.AST.PathExpression).parts.find((part) => INHERITED.has(part));
        if (inherited)
          at(node.loc, `"${inherited}" is not a field of the data: templates read only the data's own fields`);
      }
      if (node.type === 'PartialStatement' || node.type === 'PartialBlockStatement') {
        const name = (node as hbs.AST.PartialStatement).name;
        // Only a name written out can be checked for a cycle (a document including itself).
        if (name.type === 'SubExpression')
          at(node.loc, 'a partial is named as written ({{> factsheet}}), not computed by a helper');
        else if (name.type === 'PathExpression' && !partials.includes((name as hbs.AST.PathExpression).original)) {
          at(
            node.loc,
            `unknown partial "${(name as hbs.AST.PathExpression).original}"; partials are: ${partials.join(', ')}`,
          );
        }
      }
      if (node.type === 'MustacheStatement' || node.type === 'BlockStatement' || node.type === 'SubExpression') {
        const call = node as hbs.AST.MustacheStatement;
        const takesArguments =
          call.params.length > 0 || (call.hash?.pairs.length ?? 0) > 0 || node.type === 'SubExpression';
        const path = call.path as hbs.AST.PathExpression;
        const name =
          path.type === 'PathExpression' && path.parts.length === 1 && !path.data ? path.original : undefined;
        // Handlebars calls its fallbacks by these names even with no arguments.
        if (name && (takesArguments || /Missing$/.test(name)) && !callable.includes(name)) {
          const why = name === 'log' ? ' (it would print on standard output, which holds the report or --json)' : '';
          at(node.loc, `unknown helper "${name}"${why}; helpers are: ${callable.join(', ')}`);
        }
        const key = call.params[0];
        if (name === 'label' && key?.type === 'StringLiteral') {
          const value = (key as hbs.AST.StringLiteral).value;
          if (!isLabelKey(value)) at(node.loc, unknownLabel(value));
        }
        const [min, max] = (name && Object.hasOwn(HELPER_ARGUMENTS, name) && HELPER_ARGUMENTS[name]) || [0, Infinity];
        const count = call.params.length;
        const takes = `${min === max ? min : max === Infinity ? `${min} or more` : `${min} to ${max}`} argument${max === 1 ? '' : 's'}`;
        if (count === 0 && min > 0 && node.type === 'MustacheStatement') {
          at(
            node.loc,
            `{{${name}}} calls the helper "${name}", which takes ${takes}; to print a field named ${name}, write {{this.${name}}}`,
          );
        } else if (count < min || count > max) {
          at(node.loc, `helper "${name}" takes ${takes}, not ${count}`);
        }
      }
    });
    return found;
  }

  render(kind: DocKind, context: TemplateContext): string {
    const template = this.compiled.get(kind)!;
    const data: RenderData = {
      citations: new Map(),
      written: new Set(),
      sources: context.sources,
      made: { repeats: 0, chars: 0 },
      lang: context.lang,
      labels: context.labels,
    };
    const file = this.files.find((f) => f.kind === kind)!;
    let markdown: string;
    try {
      // Said explicitly, so that Handlebars blocks inherited properties without a console warning.
      markdown = template(context, { data, allowProtoPropertiesByDefault: false, allowProtoMethodsByDefault: false });
    } catch (error) {
      // A string past what the engine can hold: a template repeating fields without a block.
      if (error instanceof RangeError && /string length/i.test(error.message)) throw tooLong(file);
      if (error instanceof TemplateRunError) {
        // The call may sit in a partial (the book includes the other documents).
        const source = [file, ...this.files].find((f) => callsAt(f.text, error.helper, error.at)) ?? file;
        throw invalidInput([{ file: source.path, ...positionOf(error.at), message: error.message, severity: 'error' }]);
      }
      throw invalidInput([templateDiagnostic(file.path, error, file.text)]);
    }
    if (markdown.length > RENDERED_CHARS) throw tooLong(file);
    const tidy = tidyMarkdown(markdown);
    // Fields are within their own limit already, so what passes this one is the template's.
    const problem = markdownProblem(tidy, DOCUMENT_NESTING);
    if (problem)
      throw invalidInput([
        { file: file.path, message: `the ${kind} document made from this template: ${problem}`, severity: 'error' },
      ]);
    return this.withImageRefs(tidy);
  }

  /**
   * The Markdown with each template image's path as written (`![alt](logo.png)`) replaced by its
   * ref, the name its scaled file has beside the Markdown and in the PDF's and HTML's images.
   */
  private withImageRefs(markdown: string): string {
    let out = markdown;
    for (const [path, asset] of this.imagesByPath) {
      for (const end of [')', ' ']) out = out.split(`](${path}${end}`).join(`](${asset.ref}${end}`);
    }
    return out;
  }
}

const BLOCKS_TOO_DEEP = `blocks ({{#each}}, {{#if}}, …) nested more than ${TEMPLATE_BLOCK_NESTING} deep; nest them less`;

/**
 * Where a template's blocks first nest past the limit, found in one pass before Handlebars
 * reads it: an opening `{{#…}}` or `{{^…}}` (not the bare `{{^}}`, an else) goes one deeper, a
 * `{{/…}}` one back; comments are passed over.
 */
export function blockTooDeep(text: string): number | undefined {
  const tags = /\{\{(?:!--[\s\S]*?--~?\}\}|![^}]*\}\}|~?\s*(#|\^(?!\s*~?\}\})|\/))/g;
  let depth = 0;
  for (const tag of text.matchAll(tags)) {
    if (tag[1] === '/') depth = Math.max(0, depth - 1);
    else if (tag[1] && ++depth > TEMPLATE_BLOCK_NESTING) return tag.index;
  }
  return undefined;
}

/** A document past the limit on its Markdown, found only once it was made. */
function tooLong(file: TemplateFile) {
  return invalidInput([
    {
      file: file.path,
      line: 1,
      col: 1,
      message: `the document renders to more than the limit of ${shown(RENDERED_CHARS)} characters of Markdown; check what the template repeats`,
      severity: 'error',
    },
  ]);
}

/** A place as Handlebars gives it (1-based line, 0-based column), as a diagnostic gives it. */
const positionOf = ({ line, column }: CallSite): Position => ({ line, col: column + 1 });

/** Names every object inherits; never data, so never readable from a template. */
const INHERITED = new Set(Object.getOwnPropertyNames(Object.prototype));

/** At most one blank line in a row, and one final newline. */
function tidyMarkdown(markdown: string): string {
  return `${markdown
    // From a run's first space only: tried from each space of a long run, it took quadratic time.
    .replace(/(?<![ \t])[ \t]+$/gm, '')
    .replace(/\n{3,}/g, '\n\n')
    .trim()}\n`;
}

/** Visits every node of a Handlebars syntax tree. */
function walk(node: unknown, visit: (node: hbs.AST.Node) => void): void {
  if (Array.isArray(node)) {
    for (const item of node) walk(item, visit);
    return;
  }
  if (node === null || typeof node !== 'object') return;
  if (typeof (node as { type?: unknown }).type === 'string') visit(node as hbs.AST.Node);
  for (const [key, value] of Object.entries(node)) if (key !== 'loc') walk(value, visit);
}

interface HandlebarsError {
  message?: string;
  lineNumber?: number;
  column?: number;
  hash?: { loc?: { first_line: number; first_column: number } };
}

/** Handlebars (Jison) errors, shortened to one line that says what is wrong and where. */
export function templateDiagnostic(path: string, error: unknown, text = ''): Diagnostic {
  const e = (error ?? {}) as HandlebarsError;
  const raw = String(e.message ?? error);
  const line = e.hash?.loc?.first_line ?? e.lineNumber ?? Number(/line (\d+)/.exec(raw)?.[1] ?? 1);
  const col = (e.hash?.loc?.first_column ?? e.column ?? 0) + 1;
  const got = /got '([A-Z_]+)'/.exec(raw)?.[1];
  if (got === 'EOF') {
    const open = unclosedBlock(text);
    if (open) {
      return {
        file: path,
        ...open.at,
        message: `template syntax error: {{#${open.name}}} is never closed; add {{/${open.name}}}`,
        severity: 'error',
      };
    }
    return {
      file: path,
      line,
      col,
      message: 'template syntax error: unexpected end of the template',
      severity: 'error',
    };
  }
  if (got) {
    const what =
      got === 'INVALID' ? 'malformed {{…}} tag (check the braces)' : `unexpected "${TOKENS[got] ?? got.toLowerCase()}"`;
    return { file: path, line, col, message: `template syntax error: ${what}`, severity: 'error' };
  }
  const message = raw
    .split('\n')
    .filter((l) => l.trim() && !/^-*\^$/.test(l.trim()))
    .slice(0, 1)
    .join(' ')
    .replace(/ - \d+:\d+$/, '')
    .replace(/^(\S+) doesn't match (\S+)$/, 'template syntax error: {{/$2}} does not close {{#$1}}');
  return { file: path, line, col, message: message.charAt(0).toLowerCase() + message.slice(1), severity: 'error' };
}

const TOKENS: Record<string, string> = {
  CLOSE: '}}',
  OPEN: '{{',
  OPEN_BLOCK: '{{#',
  OPEN_ENDBLOCK: '{{/',
  OPEN_INVERSE: '{{^',
  OPEN_PARTIAL: '{{>',
  OPEN_SEXPR: '(',
  CLOSE_SEXPR: ')',
  CLOSE_UNESCAPED: '}}}',
  ID: 'a name',
  EQUALS: '=',
};

/** Whether `text` calls `helper` at `at` (as a tag or a subexpression). */
function callsAt(text: string, helper: string, at: CallSite): boolean {
  const line = text.split('\n')[at.line - 1];
  return line !== undefined && new RegExp(`^(\\{\\{~?[#^]?|\\()\\s*${helper}\\b`).test(line.slice(at.column));
}

/** The innermost block opened and not closed, found by a plain scan of the tags. */
function unclosedBlock(text: string): { name: string; at: Position } | undefined {
  const stack: { name: string; offset: number }[] = [];
  for (const match of text.matchAll(/\{\{~?\s*([#/])>?\s*\*?([^\s}~]+)/g)) {
    if (match[1] === '#') stack.push({ name: match[2]!, offset: match.index });
    else if (stack.at(-1)?.name === match[2]) stack.pop();
  }
  const open = stack.at(-1);
  if (!open) return undefined;
  return { name: open.name, at: positionAt(text, open.offset) };
}
