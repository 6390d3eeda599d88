/**
 * Which template file each document is rendered from: the user's folder's, else the bundled
 * one. Read without Handlebars, so that a build with nothing to render never loads it.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { invalidInput } from '../diagnostics.js';
import { DOC_KINDS, type DocKind } from '../docs.js';
import { TEMPLATE_FILE_BYTES } from '../limits.js';
import { readBoundedFile } from '../load/read-file.js';
import { BUNDLED_LABELS, bundledLanguages } from '../model/lang.js';
import { decodeUtf8, NOT_UTF8, withLfLineEnds } from '../text.js';

export const BUNDLED_TEMPLATES = fileURLToPath(new URL('../../templates/', import.meta.url));

export interface TemplateFile {
  kind: DocKind;
  path: string;
  text: string;
}

/** The file name of a document's template, in our folder and in the user's. */
export const templateName = (kind: DocKind): string => `${kind}.hbs`;

/** Each document's template: the one in `dir` if it has one, else ours. */
export function resolveTemplates(dir?: string): TemplateFile[] {
  return DOC_KINDS.map((kind) => {
    const own = dir ? join(dir, templateName(kind)) : undefined;
    const path = own && existsSync(own) ? own : join(BUNDLED_TEMPLATES, templateName(kind));
    return { kind, path, text: templateText(path, readBoundedFile(path, TEMPLATE_FILE_BYTES, 'template')) };
  });
}

/** A template's text: UTF-8, as a visit file must be, or an error at the first byte that is not. */
function templateText(path: string, bytes: Uint8Array): string {
  const decoded = decodeUtf8(bytes);
  if ('text' in decoded) return withLfLineEnds(decoded.text);
  throw invalidInput([{ file: path, ...decoded.invalidAt, message: NOT_UTF8, severity: 'error' }]);
}

/** The user's labels file, beside their templates (see labels.ts). */
export const USER_LABELS = 'labels.yaml';

/**
 * The texts labels are made from, for the output cache's keys: the bundled files and the
 * user's, read without parsing them.
 */
export function labelTexts(dir?: string): string[] {
  const bundled = bundledLanguages().map((lang) => readFileSync(join(BUNDLED_LABELS, `${lang}.yaml`), 'utf8'));
  const own = dir ? join(dir, USER_LABELS) : undefined;
  return own && existsSync(own) ? [...bundled, readFileSync(own, 'utf8')] : bundled;
}
