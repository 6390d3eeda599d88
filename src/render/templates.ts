/**
 * Template stage: Handlebars templates in, Markdown out. Templates are compiled once per
 * process; a user folder overrides the bundled template of each document it has.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Handlebars from 'handlebars';
import type { DocKind } from '../docs.js';
import { DOC_KINDS } from '../docs.js';
import type { Diagnostic } from '../load/diagnostics.js';
import { DiagnosticError } from '../load/diagnostics.js';
import type { TemplateContext } from './context.js';
import { helpers, type RenderData } from './helpers.js';

export const BUNDLED_TEMPLATES = fileURLToPath(new URL('../../templates/', import.meta.url));

export interface TemplateFile {
  kind: DocKind;
  path: string;
  text: string;
}

/** Where each document's template comes from: the user's folder if it has one, else ours. */
export function resolveTemplates(dir?: string): TemplateFile[] {
  return DOC_KINDS.map((kind) => {
    const own = dir ? join(dir, `${kind}.hbs`) : undefined;
    const path = own && existsSync(own) ? own : join(BUNDLED_TEMPLATES, `${kind}.hbs`);
    return { kind, path, text: readFileSync(path, 'utf8') };
  });
}

export class TemplateSet {
  private readonly env = Handlebars.create();
  private readonly compiled = new Map<DocKind, Handlebars.TemplateDelegate>();

  constructor(readonly files: TemplateFile[]) {
    this.env.registerHelper(helpers);
    for (const file of files) {
      // Each document is also a partial, so the book can include the others.
      const template = this.env.compile(file.text, { noEscape: true, strict: false, preventIndent: true });
      this.compiled.set(file.kind, template);
      this.env.registerPartial(file.kind, template);
    }
  }

  static load(dir?: string): TemplateSet {
    const set = new TemplateSet(resolveTemplates(dir));
    set.precompileAll();
    return set;
  }

  /** Handlebars compiles lazily; compile now so syntax errors surface before any rendering. */
  precompileAll(): void {
    const diagnostics: Diagnostic[] = [];
    for (const file of this.files) {
      try {
        this.env.precompile(file.text, { noEscape: true });
      } catch (error) {
        diagnostics.push(templateDiagnostic(file.path, error));
      }
    }
    if (diagnostics.length) throw new DiagnosticError(diagnostics);
  }

  render(kind: DocKind, context: TemplateContext): string {
    const template = this.compiled.get(kind)!;
    const data: RenderData = { citations: new Map(), written: new Set(), sources: context.sources };
    try {
      return tidyMarkdown(template(context, { data }));
    } catch (error) {
      throw new DiagnosticError([templateDiagnostic(this.files.find((f) => f.kind === kind)!.path, error)]);
    }
  }
}

/** At most one blank line in a row, and one final newline. */
function tidyMarkdown(markdown: string): string {
  return `${markdown.replace(/[ \t]+$/gm, '').replace(/\n{3,}/g, '\n\n').trim()}\n`;
}

interface HandlebarsError {
  message?: string;
  lineNumber?: number;
  column?: number;
  hash?: { loc?: { first_line: number; first_column: number } };
}

export function templateDiagnostic(path: string, error: unknown): Diagnostic {
  const e = (error ?? {}) as HandlebarsError;
  const raw = String(e.message ?? error);
  const line = e.hash?.loc?.first_line ?? e.lineNumber ?? Number(/line (\d+)/.exec(raw)?.[1] ?? 1);
  const col = (e.hash?.loc?.first_column ?? e.column ?? 0) + 1;
  const message = raw
    .split('\n')
    .filter((l) => l.trim() && !/^-*\^$/.test(l.trim()))
    .slice(0, 1)
    .join(' ')
    .replace(/ - \d+:\d+$/, '')
    .replace(/^Parse error on line \d+:?/, 'template syntax error');
  const detail = raw.includes('Expecting') ? `; ${raw.slice(raw.indexOf('Expecting')).split('\n')[0]}` : '';
  return { file: path, line, col, message: `${message}${detail}`, severity: 'error' };
}
