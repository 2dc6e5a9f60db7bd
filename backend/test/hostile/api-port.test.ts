import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe } from 'vitest';
import { buildApp, type App } from '../../src/app.js';
import { configFor } from '../../src/config.js';
import { badInputCases } from './bad-input-cases.js';

describe('bad input on the API port (real HTTP, one kept-alive connection)', () => {
  let app: App;
  let dataDir: string;
  let base = '';
  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'storyflow-hostile-'));
    app = await buildApp(configFor(dataDir));
    base = await app.listen({ host: '127.0.0.1', port: 0 });
  });
  afterAll(async () => {
    await app?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });
  badInputCases(() => base);
});
