/**
 * The two sides `briefing diff` compares: each a visit file, or a visit file as a git revision
 * has it (`HEAD~1:data/x.yaml`), read with `git show` (local, no network). Each side is loaded
 * and validated as a build would: an invalid side is an error at its positions.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { invalidInput, usageError } from '../diagnostics.js';
import { loadVisitFile } from '../load/index.js';
import { readVisitFile } from '../load/read-file.js';
import type { Visit } from '../model/visit.js';

export interface Side {
  /** As the user named it: a path, or REV:PATH. */
  name: string;
  visit: Visit;
}

/** A side named REV:PATH: a colon, and no file of that name (a file's own name wins). */
export function gitSpec(name: string): { revision: string; path: string } | undefined {
  if (existsSync(name)) return undefined;
  const colon = name.indexOf(':');
  // "C:\…" is a Windows drive, not a revision.
  if (colon <= 0 || /^[a-z]:[\\/]/i.test(name)) return undefined;
  return { revision: name.slice(0, colon), path: name.slice(colon + 1) };
}

/** The bytes of `path` as `revision` has it, from the repository holding the path's folder. */
export function gitShow(revision: string, path: string): Uint8Array {
  if (revision.startsWith('-')) throw usageError(`${revision}: a git revision does not start with "-"`);
  // Run in the file's folder, "./name": git then finds the repository and the file's place in it.
  const shown = spawnSync('git', ['show', `${revision}:./${basename(path)}`], {
    cwd: dirname(resolve(path)),
    encoding: 'buffer',
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, GIT_TERMINAL_PROMPT: '0', GIT_OPTIONAL_LOCKS: '0' },
  });
  if ((shown.error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT' && !existsSync(dirname(resolve(path))))
    throw usageError(`${revision}:${path}: no folder ${dirname(path)}`);
  if (shown.error) throw usageError(`${revision}:${path}: cannot run git (${shown.error.message}); is git installed?`);
  if (shown.status !== 0) {
    const said = shown.stderr.toString('utf8').trim().split('\n')[0] ?? '';
    throw usageError(`${revision}:${path}: ${gitProblem(said, revision, path)}`);
  }
  return new Uint8Array(shown.stdout);
}

/** Git's complaint, said in the command's terms. */
function gitProblem(said: string, revision: string, path: string): string {
  if (/not a git repository/i.test(said)) return `${dirname(path)} is not in a git repository`;
  if (/ENOENT|cannot change to/i.test(said)) return `no folder ${dirname(path)}`;
  if (/does not exist in|exists on disk, but not in/i.test(said)) return `${revision} has no file ${path}`;
  if (/invalid object name|unknown revision|bad revision|ambiguous argument|not a valid object name/i.test(said))
    return `unknown git revision "${revision}"`;
  if (/outside repository/i.test(said)) return `${path} is outside the git repository`;
  return said.replace(/^fatal: /, '') || 'git show failed';
}

/** Reads and validates one side. */
export function readSide(name: string): Side {
  const spec = gitSpec(name);
  let bytes: Uint8Array;
  let file = name;
  if (spec) {
    bytes = gitShow(spec.revision, spec.path);
    // Named as git names it, with the extension that tells YAML from JSON.
    file = `${spec.revision}:${spec.path}`;
  } else {
    const read = readVisitFile(name);
    if ('problem' in read) {
      if (read.gone) throw usageError(`${name}: no such file`);
      throw invalidInput([read.problem]);
    }
    bytes = read.bytes;
  }
  const { loaded, diagnostics } = loadVisitFile(file, bytes);
  if (!loaded) throw invalidInput(diagnostics.filter((d) => d.severity === 'error'));
  return { name, visit: loaded.visit };
}
