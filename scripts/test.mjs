// `npm test`: every test (backend, frontend, end-to-end in Chromium) in one Vitest run,
// closing with the plain "N passed, N failed" line that CI reads.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT, ensureBuilt, ensureDependencies } from './prepare.mjs';

ensureDependencies();
const args = process.argv.slice(2);
const runsE2e = args.length === 0 || args.join(' ').includes('e2e');
if (runsE2e) ensureBuilt(); // the browser tests drive the production build

const report = path.join(ROOT, 'test-results', 'vitest.json');
fs.rmSync(report, { force: true });
const vitest = path.join(ROOT, 'node_modules/vitest/vitest.mjs');
const res = spawnSync(
  process.execPath,
  [vitest, 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...args],
  { cwd: ROOT, stdio: 'inherit' },
);

let passed = 0;
let failed = 0;
let skipped = 0;
if (fs.existsSync(report)) {
  const json = JSON.parse(fs.readFileSync(report, 'utf8'));
  passed = json.numPassedTests ?? 0;
  // A file that failed outside its tests (load error, failing beforeAll) has no failed
  // test of its own: count it as one failure so it can never pass silently.
  const brokenFiles = (json.testResults ?? []).filter(
    (f) => f.status === 'failed' && !f.assertionResults.some((t) => t.status === 'failed'),
  );
  failed = (json.numFailedTests ?? 0) + brokenFiles.length;
  skipped = (json.numPendingTests ?? 0) + (json.numTodoTests ?? 0);
} else {
  failed = 1; // Vitest crashed before reporting: count it, never print a clean line
}
console.log(`\n${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(res.status === 0 && failed === 0 ? 0 : 1);
