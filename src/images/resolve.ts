/**
 * Where an image named in a visit file or a template is: a path relative to that file's
 * folder and inside it. Nothing is ever fetched, so an address of any kind is refused, as is a
 * path (or a symbolic link on the way) that leads out of the folder: data must not steer the
 * build into reading the rest of the machine.
 */
import { lstatSync, realpathSync } from 'node:fs';
import { isAbsolute, relative, resolve, sep } from 'node:path';

/** An image file found where it may be read: `real` is the path with every link resolved. */
export interface ResolvedImage {
  /** The path as the folder and the written path make it (for messages and the watcher). */
  path: string;
  real: string;
}

export type Resolution = ResolvedImage | { problem: string };

/** `folder` is the visit file's (or template's) folder; `what` names it in messages. */
export function resolveImage(written: string, folder: string, what: string): Resolution {
  const refused = refusedPath(written, what);
  if (refused) return { problem: refused };
  const path = resolve(folder, written);
  if (!inside(resolve(folder), path))
    return {
      problem: `"${written}" leads out of the ${what}'s folder; put the image in that folder (or a folder in it)`,
    };
  let base: string;
  try {
    base = realpathSync(folder);
  } catch {
    return { problem: `"${written}": the ${what}'s folder cannot be read` };
  }
  let real: string;
  try {
    real = realpathSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ELOOP') return { problem: `"${written}" is a loop of symbolic links; it names no file` };
    if (code === 'EACCES') return { problem: `"${written}" cannot be read: permission denied` };
    const link = lstatSync(path, { throwIfNoEntry: false })?.isSymbolicLink();
    return {
      problem: link
        ? `"${written}" is a symbolic link to a file that does not exist`
        : `no such file "${written}"; paths are relative to the ${what}'s folder`,
    };
  }
  if (!inside(base, real))
    return {
      problem: `"${written}" is (or goes through) a symbolic link to ${real}, outside the ${what}'s folder; copy the image into the folder instead`,
    };
  return { path, real };
}

/** What no image path may be, whatever is on disk: an address, an absolute path, an empty one. */
function refusedPath(written: string, what: string): string | undefined {
  if (written.includes('\0')) return `"${written.replace(/\0/g, '\\0')}" holds a NUL character; it names no file`;
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(written)?.[1]?.toLowerCase();
  const save = `save the image in the ${what}'s folder and give its path (e.g. photos/name.jpg)`;
  if (scheme === 'http' || scheme === 'https' || written.startsWith('//'))
    return `"${shortened(written)}" is a web address; images are never fetched: ${save}`;
  if (scheme === 'data') return `"${shortened(written)}" is a data: URI; ${save}`;
  // A single letter and a backslash or slash is a Windows drive, not a scheme.
  if (scheme && !/^[a-z]:[\\/]/i.test(written))
    return `"${shortened(written)}" is a ${scheme}: address; images are read only from local files: ${save}`;
  if (isAbsolute(written) || /^[a-z]:[\\/]/i.test(written) || written.startsWith('\\'))
    return `"${shortened(written)}" is an absolute path; give a path relative to the ${what}'s folder (e.g. photos/name.jpg)`;
  return undefined;
}

function inside(folder: string, path: string): boolean {
  const rel = relative(folder, path);
  return rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel);
}

/** An address or data: URI can be long; its first 60 characters say what it is. */
const shortened = (text: string) => (text.length > 60 ? `${text.slice(0, 60)}…` : text);
