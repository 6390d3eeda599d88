/**
 * The modules of internals.ts, loaded from node_modules. The bundled build replaces this module
 * with one that requires the bundled copies of the same list (see scripts/bundle.mjs), so keep
 * its exports' signatures in step.
 */
import { createRequire } from 'node:module';
import { MODULES, type ModuleName } from './internals.js';

const require = createRequire(import.meta.url);
const fontkitPath = () => require.resolve(MODULES.fontkit, { paths: [require.resolve('pdfkit')] });

export function loadModule(name: ModuleName): unknown {
  return require(name === 'fontkit' ? fontkitPath() : MODULES[name]);
}

/**
 * Gives pdfkit `fontkit` where it requires fontkit. fontkit's exports are read-only getters, so
 * the module cache entry pdfkit is about to require is replaced; this must run before pdfmake
 * (and so pdfkit) is loaded.
 */
export function linkFontkitForPdfkit(fontkit: unknown): void {
  const entry = require.cache[fontkitPath()];
  if (entry) entry.exports = fontkit;
}
