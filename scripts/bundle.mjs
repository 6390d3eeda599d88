/**
 * Bundles the CLI and the typesetting worker with their dependencies, after tsc: loading one
 * file is much cheaper than resolving and compiling a few hundred modules, and a cold build
 * pays for that on every run.
 *
 *   dist/briefing.cjs                the CLI, as a CommonJS script
 *   dist/cli.js                      the command, which runs it
 *   dist/workers/typeset-worker.js   the worker, an ES module
 *   dist/.built                      written last: the build is whole (see scripts/prepare.mjs)
 *
 * The rest of tsc's output stays: the bundles read package.json and the templates from where
 * tsc put them.
 */

import { createHash } from 'node:crypto';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const src = join(root, 'src');
const dist = join(root, 'dist');
const require = createRequire(join(root, 'package.json'));

/** What stands for `import.meta.url` in one of our modules: the URL its file has in dist/. */
const ownUrl = (outdir, file) => `new URL(${JSON.stringify(relative(outdir, file))}, __bundleUrl).href`;

/**
 * What stands for a package file's own URL: looked up where this install has the package, since
 * npm hoists or nests packages differently in every project (see __packageFileUrl).
 */
function packageFileUrl(file) {
  const parts = relative(root, file).split(sep);
  // node_modules/a/node_modules/@b/c/lib/x.js → packages ["a", "@b/c"], then "lib/x.js".
  const packages = [];
  let i = 0;
  while (parts[i] === 'node_modules') {
    const scoped = parts[i + 1].startsWith('@');
    packages.push(parts.slice(i + 1, i + (scoped ? 3 : 2)).join('/'));
    i += scoped ? 3 : 2;
  }
  return `__packageFileUrl(${JSON.stringify(packages)}, ${JSON.stringify(parts.slice(i).join('/'))})`;
}

/**
 * Defines __packageFileUrl in a bundle: the file URL of a file of a package as Node would find
 * the package from the bundle (each package of the chain searched for from the one before).
 */
const PACKAGE_FILE_URL = `function __packageFileUrl(packages, file) {
  const { existsSync } = require('node:fs'), { join } = require('node:path'), url = require('node:url');
  let dir = url.fileURLToPath(new URL('.', __bundleUrl));
  for (const name of packages) {
    const paths = require('node:module').createRequire(join(dir, 'index.js')).resolve.paths(name) ?? [];
    const found = paths.map((path) => join(path, name)).find((root) => existsSync(join(root, 'package.json')));
    if (!found) throw new Error('briefing: cannot find the package ' + name + ' from ' + dir);
    dir = found;
  }
  return url.pathToFileURL(join(dir, file)).href;
}`;

/**
 * Every module keeps the URL and folder of its own file, so that the paths it makes from them
 * resolve as when unbundled: ours (the templates, package.json, the worker) beside the bundle in
 * dist/; a package's (tinypool's worker entry, pdfmake's virtual file system; pdfkit's files we
 * never use) wherever this install has the package.
 */
function ownLocations(outdir) {
  return {
    name: 'own-locations',
    setup(b) {
      b.onLoad({ filter: /\.ts$/ }, async ({ path }) => {
        const own = join(dist, relative(src, path)).replace(/\.ts$/, '.js');
        // cli.ts's #! line is not the bundle's first (dist/cli.js has its own).
        const text = (await readFile(path, 'utf8')).replace(/^#!.*/, '');
        return { contents: text.replaceAll('import.meta.url', ownUrl(outdir, own)), loader: 'ts' };
      });
      b.onLoad({ filter: /[\\/]node_modules[\\/].*\.[cm]?js$/ }, async ({ path }) => {
        let text = await readFile(path, 'utf8');
        const url = text.includes('import.meta.url');
        const dirs = /\b__(dirname|filename)\b/.test(text);
        if (!url && !dirs) return undefined;
        if (url) text = text.replaceAll('import.meta.url', packageFileUrl(path));
        const location = (file) => `require('node:url').fileURLToPath(${packageFileUrl(file)})`;
        if (dirs) text = `var __dirname = ${location(dirname(path))}, __filename = ${location(path)};\n${text}`;
        return { contents: text, loader: 'js', resolveDir: dirname(path) };
      });
    },
  };
}

/**
 * The PDF stage's modules of pdfmake, pdfkit and fontkit, from its one list of the internals it
 * relies on (src/pdf/internals.ts, as tsc compiled it). pdfmake is bundled with the CLI, so
 * pdfkit gets fontkitForPdfkit's fontkit (see src/pdf/fonts.ts) where it requires fontkit,
 * instead of having its module cache entry swapped at run time, and src/pdf/modules.ts becomes
 * static requires of the list.
 */
const { MODULES } = await import(pathToFileURL(join(dist, 'pdf/internals.js')).href);
const pdfkitDir = dirname(require.resolve('pdfkit/package.json'));
const fontkitMain = require.resolve(MODULES.fontkit, { paths: [pdfkitDir] });
const pdfModules = {
  name: 'pdf-modules',
  setup(b) {
    b.onResolve({ filter: new RegExp(`^${MODULES.fontkit}$`) }, ({ importer }) =>
      importer.startsWith(pdfkitDir + sep) ? { path: 'fontkit', namespace: 'pdfkit-fontkit' } : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'pdfkit-fontkit' }, () => ({
      contents: `const { fontkitForPdfkit } = require(${JSON.stringify(join(src, 'pdf/fonts.ts'))});
module.exports = fontkitForPdfkit(require(${JSON.stringify(fontkitMain)}));`,
      loader: 'js',
      resolveDir: root,
    }));
    const loaders = Object.entries(MODULES).map(
      ([name, path]) =>
        `${JSON.stringify(name)}: () => require(${JSON.stringify(name === 'fontkit' ? fontkitMain : path)})`,
    );
    b.onLoad({ filter: /[\\/]pdf[\\/]modules\.ts$/ }, () => ({
      contents: `const modules = {\n  ${loaders.join(',\n  ')},\n};
export function loadModule(name) { return modules[name](); }
export function linkFontkitForPdfkit() {}`,
      loader: 'js',
      resolveDir: root,
    }));
  },
};

/**
 * Modules swapped for a shim of ours where other packages require them (see each shim); the
 * shim itself gets the real module.
 */
const shims = {
  name: 'shims',
  setup(b) {
    const dir = join(root, 'scripts/bundle-shims');
    const shim = (filter, file) =>
      b.onResolve({ filter }, ({ importer }) =>
        importer.startsWith(dir + sep) ? undefined : { path: join(dir, file) },
      );
    shim(/^tiny-inflate$/, 'tiny-inflate.cjs');
    shim(/^@noble\/ciphers\/aes(\.js)?$/, 'noble-aes.cjs');
  },
};

/**
 * The bundled templates compiled ahead of time (see src/render/precompiled.ts), as tsc's
 * output of templates.ts compiles them.
 */
const precompiledTemplates = {
  name: 'precompiled-templates',
  setup(b) {
    b.onLoad({ filter: /render[\\/]precompiled\.ts$/ }, async () => {
      const { default: Handlebars } = await import('handlebars');
      const { COMPILE_OPTIONS, resolveTemplates } = await import(pathToFileURL(join(dist, 'render/templates.js')).href);
      const entries = resolveTemplates().map(
        ({ kind, text }) =>
          `${JSON.stringify(kind)}: { text: ${JSON.stringify(text)}, spec: ${Handlebars.precompile(text, COMPILE_OPTIONS)} }`,
      );
      return { contents: `export const PRECOMPILED = {\n${entries.join(',\n')}\n};\n`, loader: 'js', resolveDir: root };
    });
  },
};

/**
 * Stands for the hash of the bundles in them until both are written (see src/cache.ts): the
 * incremental build's keys then cover every line of code that runs, at no cost at run time.
 */
const HASH_PLACEHOLDER = 'briefing-bundle-hash:'.padEnd(64, '-');

const common = {
  bundle: true,
  define: { BRIEFING_BUNDLE_HASH: JSON.stringify(HASH_PLACEHOLDER) },
  platform: 'node',
  target: 'node20',
  // jsonc-parser's "main" is a UMD build whose requires esbuild cannot follow.
  alias: { 'jsonc-parser': 'jsonc-parser/lib/esm/main.js' },
  // sharp loads its native libvips binding for the platform it is installed on: required at run
  // time from node_modules, as installed, never bundled.
  external: ['sharp'],
  logLevel: 'warning',
  // Comments and indentation out, names kept: a third less to read and compile on every
  // command, and only ASCII, which Node decodes on its fast path.
  minifyWhitespace: true,
  charset: 'ascii',
};

const stamp = join(dist, '.built');
rmSync(stamp, { force: true });

const cli = join(dist, 'briefing.cjs');
await build({
  ...common,
  entryPoints: [join(src, 'cli.ts')],
  outfile: cli,
  format: 'cjs',
  // Strict as the ES modules it is made of (a directive after the banner would not count).
  banner: {
    js: `'use strict';\nconst __bundleUrl = require('node:url').pathToFileURL(__filename).href;\n${PACKAGE_FILE_URL}`,
  },
  plugins: [shims, pdfModules, precompiledTemplates, ownLocations(dist)],
});
const worker = join(dist, 'workers/typeset-worker.js');
await build({
  ...common,
  entryPoints: [join(src, 'workers/typeset-worker.ts')],
  outfile: worker,
  allowOverwrite: true,
  format: 'esm',
  // For the CommonJS packages' requires of Node's own modules, and their folders.
  banner: {
    js: `import { createRequire as __bundleRequire } from 'node:module'; const __bundleUrl = import.meta.url, require = __bundleRequire(__bundleUrl);\n${PACKAGE_FILE_URL}`,
  },
  plugins: [shims, pdfModules, ownLocations(dirname(worker))],
});

/** Writes the bundles' hash where they have the placeholder, at the same length. */
function writeBundleHash(files) {
  const texts = files.map((file) => readFileSync(file, 'utf8'));
  const hash = createHash('sha256');
  for (const text of texts) hash.update(text);
  const digest = hash.digest('hex');
  if (!texts.some((text) => text.includes(HASH_PLACEHOLDER)))
    throw new Error('the bundles have no place for their hash');
  for (const [i, file] of files.entries()) writeFileSync(file, texts[i].replaceAll(HASH_PLACEHOLDER, digest));
}
writeBundleHash([cli, worker]);

writeFileSync(
  join(dist, 'cli.js'),
  `#!/usr/bin/env node
// The \`briefing\` command: the bundled CLI (see scripts/bundle.mjs).
import { createRequire } from 'node:module';

createRequire(import.meta.url)('./briefing.cjs');
`,
);
writeFileSync(stamp, '');
