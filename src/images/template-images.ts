/**
 * The images a template writes as Markdown, `![alt](path)`, found in its text before
 * Handlebars runs: their paths are the template's own (relative to its folder), unlike a
 * visit's photos, which the template prints from data (`![{{name}}]({{photo}})`, left alone
 * here). Code (fenced blocks, `spans`) and comments (Handlebars' and HTML's) are passed over.
 */
import { dirname } from 'node:path';
import { sha256 } from '../cache.js';
import type { Diagnostic } from '../diagnostics.js';
import { positionAt } from '../diagnostics.js';
import { IMAGE_FILE_BYTES } from '../limits.js';
import { readBoundedFile } from '../load/read-file.js';
import type { ImageAsset } from './asset.js';
import type { ImageCache } from './cache.js';
import { type ImageFile, loadImage } from './load.js';
import { resolveImage } from './resolve.js';

/** An image a template names: its path as written, and where the path starts in the text. */
export interface TemplateImageRef {
  path: string;
  offset: number;
}

/** Each kind of text whose images are not the template's: replaced by spaces before the search. */
const HIDDEN = [
  /\{\{!--[\s\S]*?--~?\}\}/g, // Handlebars block comments
  /\{\{~?![\s\S]*?\}\}/g, // Handlebars comments
  /<!--[\s\S]*?-->/g, // HTML comments
  /^ {0,3}(`{3,}|~{3,})[^\n]*\n[\s\S]*?(?:^ {0,3}\1[`~]*[ \t]*$|(?![\s\S]))/gm, // fenced code, to its fence or the end
  /(`+)(?!`)[\s\S]*?(?<!`)\1(?!`)/g, // code spans
];

const IMAGE =
  /!\[(?:[^\]\\\n]|\\.)*\]\([ \t]*(<[^>\n]*>|[^\s()]+(?:\([^\s()]*\)[^\s()]*)*)(?:[ \t]+(?:"[^"\n]*"|'[^'\n]*'|\([^)\n]*\)))?[ \t]*\)/g;

export function findTemplateImages(text: string): TemplateImageRef[] {
  let masked = text;
  for (const hidden of HIDDEN) masked = masked.replace(hidden, (m) => m.replace(/[^\n]/g, ' '));
  const found: TemplateImageRef[] = [];
  for (const match of masked.matchAll(IMAGE)) {
    const destination = match[1]!;
    const path = destination.startsWith('<') ? destination.slice(1, -1) : destination;
    // A path made by Handlebars is data's (a visit's photo), resolved by the load stage.
    if (path.includes('{{') || path === '') continue;
    const offset = match.index + match[0].indexOf(destination, 2) + (destination.startsWith('<') ? 1 : 0);
    found.push({ path: text.slice(offset, offset + path.length), offset });
  }
  return found;
}

/** A template's text and file, as the TemplateSet has them. */
interface TemplateText {
  path: string;
  text: string;
}

export interface TemplateImages {
  /** Each distinct image, once. */
  images: ImageAsset[];
  /** The path as a template writes it → its image. */
  byPath: Map<string, ImageAsset>;
  files: ImageFile[];
  diagnostics: Diagnostic[];
}

/** Every template's images, loaded and scaled for the `template` print box; problems at their place. */
export async function loadTemplateImages(
  templates: readonly TemplateText[],
  cache: ImageCache,
): Promise<TemplateImages> {
  const result: TemplateImages = { images: [], byPath: new Map(), files: [], diagnostics: [] };
  const firstFile = new Map<string, string>();
  for (const template of templates) {
    for (const { path, offset } of findTemplateImages(template.text)) {
      const at = { file: template.path, ...positionAt(template.text, offset), severity: 'error' as const };
      const loaded = await loadImage(path, dirname(template.path), 'template', 'template', cache);
      if ('problem' in loaded) {
        result.diagnostics.push({ ...at, message: loaded.problem });
        continue;
      }
      const known = result.byPath.get(path);
      if (known && known.sha !== loaded.asset.sha) {
        result.diagnostics.push({
          ...at,
          message: `"${path}" names another image here than in ${firstFile.get(path)}; give the two images different names`,
        });
        continue;
      }
      if (!known) {
        result.byPath.set(path, loaded.asset);
        firstFile.set(path, template.path);
      }
      if (!result.images.some((image) => image.ref === loaded.asset.ref)) result.images.push(loaded.asset);
      if (!result.files.some((f) => f.path === loaded.file.path)) result.files.push(loaded.file);
    }
  }
  return result;
}

/**
 * What the templates' images are, for the output cache's keys: each path and its file's hash,
 * read without decoding (a missing or unreadable one is keyed as such; loading reports it).
 */
export function templateImageDigests(templates: readonly TemplateText[]): string[] {
  return templates.flatMap((template) =>
    findTemplateImages(template.text).map(({ path }) => {
      const found = resolveImage(path, dirname(template.path), 'template');
      if ('problem' in found) return `${template.path}\0${path}\0?`;
      try {
        const sha = sha256(readBoundedFile(found.real, IMAGE_FILE_BYTES, 'image'));
        return `${template.path}\0${path}\0${sha}`;
      } catch {
        return `${template.path}\0${path}\0?`;
      }
    }),
  );
}
