import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '..', '..');
const tsc = path.join(root, 'node_modules', 'typescript', 'bin', 'tsc');

/** Strict TypeScript is part of the product's contract, so the compiler runs with the tests. */
async function typecheck(project: string): Promise<string> {
  try {
    await run(process.execPath, [tsc, '--noEmit', '-p', path.join(root, project)], { maxBuffer: 16 * 1024 * 1024 });
    return '';
  } catch (err) {
    const out = err as { stdout?: string; stderr?: string };
    return `${out.stdout ?? ''}${out.stderr ?? ''}`.trim() || String(err);
  }
}

describe('TypeScript', () => {
  it('compiles the contract with no errors', async () => {
    expect(await typecheck('contract')).toBe('');
  });

  it('compiles the backend, its tests and benchmarks with no errors', async () => {
    expect(await typecheck('backend')).toBe('');
  });

  it('compiles the frontend and its tests with no errors', async () => {
    expect(await typecheck('frontend')).toBe('');
  });
});
