#!/usr/bin/env node
/** The `briefing` command: runs main (main.ts) on the arguments and exits with its status. */
import { main } from './main.js';

// A reader that stops early (`briefing schema | head`) is not an error: the rest is not wanted.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
  });
}

// No top-level await: the bundled CLI is a CommonJS script (see scripts/bundle.mjs).
void main(process.argv.slice(2)).then((code) => (process.exitCode = code));
