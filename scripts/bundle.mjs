/**
 * Bundles the CLI and the typesetting worker with their dependencies over tsc's output
 * (dist/cli.js with dist/chunk-*.js beside it, dist/workers/typeset-worker.js): loading a
 * few files is much cheaper than resolving and compiling a few hundred modules, and a cold
 * build pays for that on every run. The rest of tsc's output stays; the bundles read package.json,
 * templates and the code hashed into the cache keys (cache.ts) from where tsc put them.
 */
import { build } from 'esbuild';
import { readdir, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { dirname, join, relative, sep } from 'node:path';

const root = fileURLToPath(new URL('..', import.meta.url));
const src = join(root, 'src');
const dist = join(root, 'dist');
const require = createRequire(join(root, 'package.json'));

/**
 * Every module keeps the `import.meta.url` of its own file in dist/, so that its relative
 * paths (the templates, package.json, the worker file) resolve as when unbundled.
 */
function moduleUrls(outdir) {
  return {
    name: 'module-urls',
    setup(b) {
      b.onLoad({ filter: /\.ts$/ }, async ({ path }) => {
        const own = relative(outdir, join(dist, relative(src, path)).replace(/\.ts$/, '.js'));
        const text = (await readFile(path, 'utf8')).replaceAll('import.meta.url', `new URL(${JSON.stringify(own)}, import.meta.url).href`);
        return { contents: text, loader: 'ts' };
      });
    },
  };
}

/**
 * CommonJS packages that use `__dirname` (pdfmake's virtual file system; pdfkit, for files
 * of its own that we never use: standard-font metrics and a colour profile) get the folder
 * the file was bundled from, relative to the bundle.
 */
function packageDirs(outdir) {
  return {
    name: 'package-dirs',
    setup(b) {
      b.onLoad({ filter: /[\\/]node_modules[\\/].*\.c?js$/ }, async ({ path }) => {
        const text = await readFile(path, 'utf8');
        if (!/\b__(dirname|filename)\b/.test(text)) return undefined;
        const url = (file) => `require('node:url').fileURLToPath(new URL(${JSON.stringify(relative(outdir, file))}, __bundleUrl))`;
        return { contents: `var __dirname = ${url(dirname(path))}, __filename = ${url(path)};\n${text}`, loader: 'js', resolveDir: dirname(path) };
      });
    },
  };
}

/**
 * pdfmake is bundled with it, so pdfkit gets a memoizing fontkit (see font-cache.ts) where
 * it requires fontkit, instead of having its module cache entry swapped at run time.
 */
const pdfkitDir = dirname(require.resolve('pdfkit/package.json'));
const fontkitMain = require.resolve('fontkit', { paths: [pdfkitDir] });
const memoizedFontkit = {
  name: 'memoized-fontkit',
  setup(b) {
    b.onResolve({ filter: /^fontkit$/ }, ({ importer }) => (importer.startsWith(pdfkitDir + sep) ? { path: 'fontkit', namespace: 'memoized-fontkit' } : undefined));
    b.onLoad({ filter: /.*/, namespace: 'memoized-fontkit' }, () => ({
      contents: `const { memoizedFontkit } = require(${JSON.stringify(join(src, 'output/font-cache.ts'))});
module.exports = memoizedFontkit(require(${JSON.stringify(fontkitMain)}));`,
      loader: 'js',
      resolveDir: root,
    }));
    b.onLoad({ filter: /output[\\/]pdfmake-module\.ts$/ }, () => ({
      contents: `export function requirePdfmake() { return require('pdfmake'); }`,
      loader: 'ts',
      resolveDir: root,
    }));
  },
};

const common = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  allowOverwrite: true,
  // jsonc-parser's "main" is a UMD build whose requires esbuild cannot follow.
  alias: { 'jsonc-parser': 'jsonc-parser/lib/esm/main.js' },
  // tinypool starts its workers from a file of its own, found beside its module.
  external: ['tinypool'],
  // For the CommonJS packages' requires of Node's own modules, and their folders (packageDirs).
  banner: { js: "import { createRequire as __bundleRequire } from 'node:module'; const __bundleUrl = import.meta.url, require = __bundleRequire(__bundleUrl);" },
  logLevel: 'warning',
};

// Chunks are named by content hash: those of an earlier build would only pile up.
for (const name of await readdir(dist)) if (/^chunk-.*\.js$/.test(name)) await rm(join(dist, name));

// The CLI, with what only some commands need (pdfmake, the parser, the server) in chunks
// beside it, loaded when first imported.
await build({
  ...common,
  entryPoints: [join(src, 'cli.ts')],
  outdir: dist,
  splitting: true,
  chunkNames: 'chunk-[hash]',
  plugins: [memoizedFontkit, moduleUrls(dist), packageDirs(dist)],
});

const worker = join(dist, 'workers/typeset-worker.js');
await build({
  ...common,
  entryPoints: [join(src, 'workers/typeset-worker.ts')],
  outfile: worker,
  plugins: [memoizedFontkit, moduleUrls(dirname(worker)), packageDirs(dirname(worker))],
});
