#!/usr/bin/env node
// `npx storyflow` (linked into the root node_modules/.bin by npm workspaces). Runs the
// TypeScript source through tsx in a checkout, so the CLI is never an older build than
// the code beside it; an install without dev dependencies uses the built dist/.
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';

const source = fileURLToPath(new URL('../src/cli/main.ts', import.meta.url));
const built = fileURLToPath(new URL('../dist/cli/main.js', import.meta.url));
let entry = built;
try {
  const { register } = await import('tsx/esm/api');
  if (fs.existsSync(source)) {
    register();
    entry = source;
  }
} catch {
  // tsx is a dev dependency: without it the build is what we have.
}
const { main } = await import(entry);
process.exitCode = await main(process.argv.slice(2));
