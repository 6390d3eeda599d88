import { defineConfig } from 'vitest/config';

/** Tests that import src/ only: they need no build and run in seconds. */
const UNIT = [
  'tests/context.test.ts',
  'tests/fuzz.test.ts',
  'tests/pdfmake-tuning.test.ts',
  'tests/pdf-internals.test.ts',
  'tests/errors/exit-status.test.ts',
  'tests/languages.test.ts',
  'tests/line-breaking.test.ts',
  'tests/font-runs.test.ts',
  'tests/line-box.test.ts',
  'tests/images-load.test.ts',
  'tests/images-templates.test.ts',
  'tests/images.test.ts',
  'tests/revisions-diff.test.ts',
  'tests/revisions-context.test.ts',
  'tests/revisions-build.test.ts',
];

export default defineConfig({
  test: {
    // vitest's default is one worker less than the cores: a single one here. Two keep both cores
    // busy while tests wait on child processes; more starve the workers, whose synchronous
    // builds (spawnSync) then hold off vitest's own messages past its 60 s timeout.
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 60_000,
    projects: [
      { extends: true, test: { name: 'unit', include: UNIT } },
      {
        extends: true,
        // The rest runs dist/cli.js (or a browser on the preview): built first when stale.
        test: { name: 'e2e', include: ['tests/**/*.test.ts'], exclude: UNIT, globalSetup: ['tests/setup/build.ts'] },
      },
    ],
  },
});
