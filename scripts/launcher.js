#!/usr/bin/env node
/**
 * The `briefing` command, as installed in dist/cli.js by scripts/bundle.mjs. It runs the bundled
 * CLI (dist/briefing.cjs) with the code V8 compiled for it in a sample build when it was
 * bundled (dist/briefing.cjs.cache): compiling the bundle's functions afresh costs a cold
 * build about 0.15 s. V8 checks the cache against its version, its flags and the source, and
 * compiles as usual when it does not fit. The cache also fixes the file name in stack traces,
 * so it is used only for the bundle it was made from (its first line: the bundle's path, size
 * and modification time, and the code's hash).
 * ES modules take no such cache in Node 20, hence a CommonJS bundle run as a script.
 */
import { createHash } from 'node:crypto';
import { readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Script } from 'node:vm';

const file = fileURLToPath(new URL('./briefing.cjs', import.meta.url));
const cacheFile = `${file}.cache`;
// Which bundle the cache was made for, and a hash of the code: V8 itself checks only the
// source's length and the code's length, and aborts the process on damaged code.
const { size, mtimeMs } = statSync(file);
const madeFor = `${file}\t${size}\t${mtimeMs}`;
const hash = (code) => createHash('sha1').update(code).digest('hex');
let cachedData;
try {
  const cache = readFileSync(cacheFile);
  const newline = cache.indexOf(10);
  const [path, bytes, mtime, sha1] = cache.toString('utf8', 0, newline).split('\t');
  const code = cache.subarray(newline + 1);
  if (`${path}\t${bytes}\t${mtime}` === madeFor && sha1 === hash(code)) cachedData = code;
} catch {
  // no cache: compile as usual
}
// The CommonJS wrapper, on the first line so that line numbers in stack traces stay true.
const source = `(function (exports, require, module, __filename, __dirname) {${readFileSync(file, 'utf8')}\n})`;
const script = new Script(source, { filename: file, cachedData });
const module = { exports: {} };
script.runInThisContext()(module.exports, createRequire(file), module, file, dirname(file));

// Set by scripts/bundle.mjs for the sample build: the cache then holds every function it ran.
if (process.env.BRIEFING_WRITE_CODE_CACHE) {
  process.once('exit', () => {
    const code = script.createCachedData();
    writeFileSync(`${cacheFile}.tmp`, Buffer.concat([Buffer.from(`${madeFor}\t${hash(code)}\n`), code]));
    renameSync(`${cacheFile}.tmp`, cacheFile);
  });
}
