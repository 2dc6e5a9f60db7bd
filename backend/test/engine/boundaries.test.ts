import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ENGINE_DIR = path.resolve(import.meta.dirname, '../../src/engine');
const FORBIDDEN = [/^fastify/, /^@fastify\//, /^better-sqlite3$/, /^drizzle/, /(^|\/)db(\/|\.js$|$)/, /(^|\/)api(\/|\.js$|$)/, /(^|\/)tasks(\/|\.js$|$)/];

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(full);
    return /\.(ts|js|mjs|cjs)$/.test(e.name) ? [full] : [];
  });
}

function importsOf(source: string): string[] {
  const specifiers: string[] = [];
  const pattern = /(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\s*\(\s*['"]([^'"]+)['"]\s*\)|import\s+['"]([^'"]+)['"]|require\(\s*['"]([^'"]+)['"]\s*\)/g;
  for (const m of source.matchAll(pattern)) specifiers.push((m[1] ?? m[2] ?? m[3] ?? m[4])!);
  return specifiers;
}

describe('engine module boundary', () => {
  it('imports nothing from HTTP, the database or the task manager', () => {
    const files = sourceFiles(ENGINE_DIR);
    expect(files.length).toBeGreaterThan(5);
    const offending = files.flatMap((file) =>
      importsOf(fs.readFileSync(file, 'utf8'))
        .filter((spec) => FORBIDDEN.some((re) => re.test(spec.replace(/^(\.\.\/)+/, ''))))
        .map((spec) => `${path.relative(ENGINE_DIR, file)} imports ${spec}`),
    );
    expect(offending).toEqual([]);
  });

  it('recognises a forbidden import when one is there', () => {
    const specs = importsOf("import Fastify from 'fastify';\nimport { x } from '../db/projects.js';\nimport type { T } from '../tasks/queue.js';");
    expect(specs.filter((spec) => FORBIDDEN.some((re) => re.test(spec.replace(/^(\.\.\/)+/, ''))))).toHaveLength(3);
  });
});
