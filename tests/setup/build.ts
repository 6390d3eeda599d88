/**
 * The end-to-end suite runs dist/cli.js as a user would: build it first when any source is
 * newer (scripts/prepare.mjs decides), so that a test run after an edit never tests stale code.
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export default function setup(): void {
  const root = fileURLToPath(new URL('../../', import.meta.url));
  execFileSync(process.execPath, ['scripts/prepare.mjs'], { cwd: root, stdio: 'inherit' });
}
