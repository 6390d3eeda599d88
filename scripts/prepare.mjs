/**
 * `npm install`'s build step (package.json "prepare"). It is skipped while dist/ is newer than
 * everything it is built from: npm runs "prepare" again when `npx briefing` first links the
 * project into its npx cache, and a build takes several seconds. `npm run build` always builds.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const SOURCES = ['src', 'templates', 'scripts', 'package.json', 'package-lock.json', 'tsconfig.json'];
// The bundling, after tsc, removes it first and writes it last.
const STAMP = 'dist/.built';

/** The latest modification time of a file or of anything in a folder. */
function newest(path) {
  const stats = statSync(path);
  if (!stats.isDirectory()) return stats.mtimeMs;
  return Math.max(stats.mtimeMs, ...readdirSync(path).map((name) => newest(join(path, name))));
}

function builtAt() {
  try {
    return statSync(join(root, STAMP)).mtimeMs;
  } catch {
    return undefined;
  }
}

const built = builtAt();
if (built !== undefined && built > Math.max(...SOURCES.map((source) => newest(join(root, source))))) {
  console.log('briefing: dist/ is up to date');
} else {
  execFileSync(process.platform === 'win32' ? 'npm.cmd' : 'npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
}
