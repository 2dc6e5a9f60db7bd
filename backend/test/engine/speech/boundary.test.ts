import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ENGINE_DIR = path.resolve(import.meta.dirname, '../../../src/engine');
/** npm packages a speech engine may load: espeak-ng's WebAssembly build. */
const PACKAGES = new Set(['@echogarden/espeak-ng-emscripten']);
const FILES = [
  ...fs.readdirSync(path.join(ENGINE_DIR, 'speech')).map((f) => path.join(ENGINE_DIR, 'speech', f)),
  path.join(ENGINE_DIR, 'wav.ts'),
];

describe('speech engine module boundary', () => {
  it('imports nothing from HTTP, the database, the API or the task manager', () => {
    const offenders: string[] = [];
    for (const file of FILES) {
      const source = fs.readFileSync(file, 'utf8');
      for (const match of source.matchAll(/from\s+'([^']+)'|import\(\s*'([^']+)'\s*\)/g)) {
        const spec = match[1] ?? match[2] ?? '';
        const allowed = spec.startsWith('node:') || PACKAGES.has(spec) || (spec.startsWith('.') && !/\/(db|api|tasks)\//.test(spec) && !spec.startsWith('../../'));
        if (!allowed) offenders.push(`${path.relative(ENGINE_DIR, file)}: ${spec}`);
      }
    }
    expect(offenders).toEqual([]);
  });
});
