/**
 * Which files the preview may serve: only outputs, `<out>/<visit id>/<doc>.<pdf|md|html>`, and
 * only when the real file (symbolic links resolved) is a regular file inside the output folder.
 * Anything else, from `..` in any spelling to NUL bytes, hidden files and folders, is not found.
 */
import { realpathSync, statSync } from 'node:fs';
import { join, sep } from 'node:path';
import { DOC_KINDS, type DocKind, FORMATS, type Format } from '../docs.js';
import { isVisitId } from '../model/visit-id.js';

/** `<visit id>/<doc>.<format>`, each part checked once it is split off. */
const OUTPUT_NAME = /^([^/]+)\/([^/]+)\.([^./]+)$/;

export interface OutputFile {
  path: string;
  visit: string;
  doc: DocKind;
  format: Format;
}

/** Decodes one URL path; undefined for malformed escapes. */
function decodePath(raw: string): string | undefined {
  try {
    return decodeURIComponent(raw);
  } catch {
    return undefined;
  }
}

/**
 * The output file a request path below `/out/` names (e.g. `stoltenberg-2017-seoul/factsheet.pdf`,
 * still URL-encoded), or undefined if it names nothing the preview may serve.
 */
export function resolveOutput(out: string, rawPath: string): OutputFile | undefined {
  const name = decodePath(rawPath);
  if (name === undefined || /[\0\\]/.test(name)) return undefined;
  const match = OUTPUT_NAME.exec(name);
  if (!match) return undefined;
  const [, visit, doc, format] = match as unknown as [string, string, DocKind, Format];
  if (!isVisitId(visit) || !DOC_KINDS.includes(doc) || !FORMATS.includes(format)) return undefined;
  try {
    const root = realpathSync(out);
    const path = realpathSync(join(root, visit, `${doc}.${format}`));
    if (!path.startsWith(root + sep) || !statSync(path).isFile()) return undefined;
    return { path, visit, doc, format };
  } catch {
    return undefined;
  }
}
