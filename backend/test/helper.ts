import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach } from 'vitest';
import { buildApp, type App } from '../src/app.js';
import { configFor, type Config } from '../src/config.js';

/** A fresh temp data directory, removed after the current test. */
export function makeTempDir(prefix = 'storyflow-test-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/**
 * A real app on a real SQLite file in a temp directory; closed after the test.
 * Call inside a test (or beforeEach) so cleanup is registered for it.
 */
export async function buildTestApp(overrides: Partial<Config> = {}): Promise<App> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'storyflow-app-'));
  const app = await buildApp(configFor(dataDir, overrides));
  afterEach(async () => {
    await app.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });
  return app;
}

/** Headers of a same-origin browser request through the web app. */
export const LOCAL = { host: '127.0.0.1:8000' } as const;
