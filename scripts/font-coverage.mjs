/**
 * Writes src/typeset/coverage.generated.ts: the code points each bundled font family has, so
 * that text is split into fonts without opening the large CJK files (`npm run fonts:coverage`,
 * which builds dist/ first: the table is made by dist/typeset/coverage-source.js).
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const { coverageModule } = await import('../dist/typeset/coverage-source.js');
const target = fileURLToPath(new URL('../src/typeset/coverage.generated.ts', import.meta.url));
writeFileSync(target, coverageModule());
console.log(`wrote ${target}`);
