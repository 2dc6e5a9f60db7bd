#!/usr/bin/env node
// `npx storyflow` (linked into the root node_modules/.bin by npm workspaces). In a
// checkout it runs the TypeScript source through tsx, so the CLI is never an older build
// than the code beside it; without tsx (no dev dependencies) it runs the built dist/.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';

const SOURCE_CONDITION = '--conditions=storyflow-source';
const source = fileURLToPath(new URL('../src/cli/main.ts', import.meta.url));
const built = fileURLToPath(new URL('../dist/cli/main.js', import.meta.url));
const args = process.argv.slice(2);

function tsxLoader() {
  try {
    return import.meta.resolve('tsx');
  } catch {
    return undefined;
  }
}

const loader = fs.existsSync(source) ? tsxLoader() : undefined;
if (loader !== undefined && !process.execArgv.includes(SOURCE_CONDITION)) {
  // The contract package is read from source only under its export condition, which is a
  // start-up flag: run once more with it (and tsx) rather than against a stale dist/.
  const child = spawn(process.execPath, [SOURCE_CONDITION, '--import', loader, fileURLToPath(import.meta.url), ...args], {
    stdio: 'inherit',
  });
  // Ctrl-C reaches the child from the terminal; this process only waits for its exit code.
  process.on('SIGINT', () => {});
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 130 : 1)));
} else {
  const { main } = await import(loader !== undefined ? source : built);
  // Exit explicitly: a speech worker thread (WASM espeak-ng) would otherwise keep the process alive.
  process.exit(await main(args));
}
