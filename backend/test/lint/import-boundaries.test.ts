import path from 'node:path';
import { ESLint, type Linter } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';

// The boundaries are ESLint rules (eslint.config.mjs, run by `npm run lint` in CI). These tests
// run the repository's own config on sources with forbidden imports and check that it reports
// each one, so the protection cannot silently vanish from the config. Type information is
// switched off: the boundary rules do not need it and the probe files exist only in memory.
const ROOT = path.resolve(import.meta.dirname, '../../..');
const BOUNDARY_RULES = new Set(['@typescript-eslint/no-restricted-imports', 'no-restricted-syntax']);

const eslint = new ESLint({
  cwd: ROOT,
  overrideConfig: tseslint.configs.disableTypeChecked,
  // Only the boundary rules run, so checking the whole tree stays quick.
  ruleFilter: ({ ruleId }) => BOUNDARY_RULES.has(ruleId),
});

async function boundaryErrors(filePath: string, code: string): Promise<{ line: number; message: string }[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(ROOT, filePath) });
  return (result?.messages ?? [])
    .filter((m: Linter.LintMessage) => m.ruleId !== null && BOUNDARY_RULES.has(m.ruleId))
    .map((m) => ({ line: m.line, message: m.message }));
}

describe('engine/ import boundary', () => {
  it('reports every import of the HTTP layer, the database, the task manager and the services', async () => {
    const source = [
      "import Fastify from 'fastify';",
      "import multipart from '@fastify/multipart';",
      "import Database from 'better-sqlite3';",
      "import { findProject } from '../db/projects.js';",
      "import type { TaskControl } from '../tasks/task-manager.js';",
      "export { NotFoundError } from '../api/errors.js';",
      "const speech = await import('../services/speech.js');",
      'export const used = [Fastify, multipart, Database, findProject, speech];',
    ].join('\n');
    const errors = await boundaryErrors('backend/src/engine/probe.ts', source);
    expect(errors.map((e) => e.line)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(errors[0]?.message).toContain('engine/ is a library');
  });

  it('reports the same from a subfolder of engine/', async () => {
    const source = "import { loadConfig } from '../../db/index.js';\nexport const c = loadConfig;\n";
    expect(await boundaryErrors('backend/src/engine/speech/probe.ts', source)).toHaveLength(1);
  });

  it('allows node:*, sharp and its own modules', async () => {
    const source = [
      "import fs from 'node:fs';",
      "import sharp from 'sharp';",
      "import { buildEncodeArgs } from './ffmpeg.js';",
      "import { readWav } from '../wav.js';",
      'export const used = [fs, sharp, buildEncodeArgs, readWav];',
    ].join('\n');
    expect(await boundaryErrors('backend/src/engine/speech/probe.ts', source)).toEqual([]);
  });
});

describe('frontend import boundary', () => {
  it('reports backend imports and value imports of the contract or zod', async () => {
    const source = [
      "import { projectSchema } from '@storyflow/contract';",
      "import { z } from 'zod';",
      "import { buildApp } from '../../backend/src/app';",
      "import { limits } from '../../contract/src/index';",
      "const lazy = import('@storyflow/contract');",
      "import { projectSchema as s } from '@storyflow/contract/project';",
      'export const used = [projectSchema, z, buildApp, limits, lazy, s];',
    ].join('\n');
    const errors = await boundaryErrors('frontend/components/Probe.tsx', source);
    expect(errors.map((e) => e.line)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('allows `import type` from the contract, and values from its zod-free limits', async () => {
    const source = [
      "import type { Project } from '@storyflow/contract';",
      "import { MAX_IMAGE_BYTES } from '@storyflow/contract/limits';",
      'export type P = Project;',
      'export const max = MAX_IMAGE_BYTES;',
    ].join('\n');
    expect(await boundaryErrors('frontend/lib/probe.ts', source)).toEqual([]);
  });
});

describe('the tree as it is', () => {
  it('keeps both boundaries', async () => {
    const results = await eslint.lintFiles(['backend/src/engine', 'frontend']);
    expect(results.length).toBeGreaterThan(20);
    const crossings = results.flatMap((r) =>
      r.messages
        .filter((m) => m.ruleId !== null && BOUNDARY_RULES.has(m.ruleId))
        .map((m) => `${path.relative(ROOT, r.filePath)}:${m.line} ${m.message}`),
    );
    expect(crossings).toEqual([]);
  });
});
