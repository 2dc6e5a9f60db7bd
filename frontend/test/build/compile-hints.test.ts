// @vitest-environment node
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { addCompileHints, COMPILE_HINT, firstLoadChunks } from '../../compile-hints.mjs';

let dir: string;
const write = (file: string, text: string) => {
  fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
  fs.writeFileSync(path.join(dir, file), text);
};
const read = (file: string) => fs.readFileSync(path.join(dir, file), 'utf8');

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'compile-hints-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('compile hints (issue 14)', () => {
  it("takes every route's first-load scripts from the build's record, each once", () => {
    write(
      '.next/diagnostics/route-bundle-stats.json',
      JSON.stringify([
        { route: '/', firstLoadChunkPaths: ['.next/static/chunks/a.js', '.next/static/chunks/shared.js'] },
        { route: '/projects/[id]', firstLoadChunkPaths: ['.next/static/chunks/shared.js', '.next/static/chunks/b.js', '.next/static/chunks/c.css'] },
      ]),
    );
    expect(firstLoadChunks(dir)).toEqual(['.next/static/chunks/a.js', '.next/static/chunks/shared.js', '.next/static/chunks/b.js']);
  });

  it('says when the build left no record', () => {
    expect(firstLoadChunks(dir)).toBeNull();
  });

  it('puts the hint on the first line of the named chunks only, once', () => {
    write('.next/static/chunks/a.js', '(globalThis.TURBOPACK||[]).push([1,()=>{}]);');
    write('.next/static/chunks/later.js', 'lazy();');
    expect(addCompileHints(dir, ['.next/static/chunks/a.js'])).toBe(1);
    expect(read('.next/static/chunks/a.js')).toBe(`${COMPILE_HINT}(globalThis.TURBOPACK||[]).push([1,()=>{}]);`);
    expect(read('.next/static/chunks/later.js')).toBe('lazy();');
    // A second run (the build step run again over the same output) changes nothing.
    expect(addCompileHints(dir, ['.next/static/chunks/a.js'])).toBe(0);
    expect(read('.next/static/chunks/a.js').split(COMPILE_HINT)).toHaveLength(2);
  });

  it('is the comment V8 reads: the very first line of the script', () => {
    expect(COMPILE_HINT).toBe('//# allFunctionsCalledOnLoad\n');
  });
});
