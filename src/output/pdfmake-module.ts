/**
 * pdfmake's module, loaded from node_modules with pdfkit's fontkit memoized (see font-cache.ts).
 * The bundled build replaces this module with one that requires the bundled copy (see
 * scripts/bundle.mjs), so keep its one export's signature in step.
 */
import { createRequire } from 'node:module';
import { memoizeFontParsing } from './font-cache.js';
import type { PdfmakePart } from './pdfmake-tuning.js';

export function requirePdfmake(): unknown {
  const require = createRequire(import.meta.url);
  memoizeFontParsing(require);
  return require('pdfmake');
}

/** One of pdfmake's own modules, as the pdfmake from requirePdfmake uses it. */
export function requirePdfmakePart(name: PdfmakePart): unknown {
  return createRequire(import.meta.url)(`pdfmake/js/${name}.js`);
}
