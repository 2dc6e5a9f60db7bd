import fs from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import type { NaturalVoicesStatus as NaturalVoicesStatusJson } from '@storyflow/contract';
import { buildTestApp, makeTempDir } from '../helper.js';
import { makeModelFiles, refusedUrl, startModelServer } from '../engine/speech/model-server.js';
import { request } from './fixtures.js';

const SIZES = { 'config.json': 2_000, 'tokenizer.json': 9_000, 'tokenizer_config.json': 800, 'onnx/model_quantized.onnx': 300_000 };

async function appWithModelSource(modelsUrl: string, manifest: unknown): Promise<App> {
  const dir = makeTempDir();
  const manifestFile = path.join(dir, 'manifest.json');
  fs.writeFileSync(manifestFile, JSON.stringify(manifest));
  return buildTestApp({ modelsDir: path.join(dir, 'models'), modelsUrl, modelsManifestFile: manifestFile });
}

/** Polls like the Settings panel does until the download has ended. */
async function waitForEnd(app: App): Promise<NaturalVoicesStatusJson> {
  for (;;) {
    const status = (await request(app, 'GET', '/api/settings/natural-voices/')).json<NaturalVoicesStatusJson>();
    if (status.state !== 'downloading') return status;
    await sleep(20);
  }
}

describe('natural voices download (SPEC §7.7)', () => {
  it('downloads Kokoro from STORYFLOW_MODELS_URL, then lists its voices and makes it the default', async () => {
    const { files, manifest } = makeModelFiles(SIZES);
    const server = await startModelServer(files);
    server.cutNext('onnx/model_quantized.onnx', 120_000);
    const app = await appWithModelSource(server.url, manifest);
    expect((await request(app, 'GET', '/api/settings/')).json()).toMatchObject({ default_voice_id: 'espeak:en-us' });
    expect((await request(app, 'GET', '/api/settings/natural-voices/')).json()).toMatchObject({ state: 'not_installed' });

    const started = await request(app, 'POST', '/api/settings/natural-voices/download/');
    expect(started.statusCode).toBe(202);
    expect(started.json()).toMatchObject({ state: 'downloading', error: null });

    const end = await waitForEnd(app);
    const total = Object.values(SIZES).reduce((a, b) => a + b, 0);
    expect(end).toEqual({
      state: 'installed',
      bytes_done: total,
      bytes_total: total,
      percentage: 100,
      current_file: null,
      error: null,
      error_code: null,
    });
    expect(server.requests.some((r) => r.range !== undefined)).toBe(true);

    // The real kokoro-js package is loaded to decide this; the files are the test's own bytes.
    const voices = (await request(app, 'GET', '/api/settings/voices/')).json<{ id: string }[]>();
    expect(voices.map((v) => v.id)).toContain('kokoro:af_heart');
    expect((await request(app, 'GET', '/api/settings/')).json()).toMatchObject({ default_voice_id: 'kokoro:af_heart' });

    const again = await request(app, 'POST', '/api/settings/natural-voices/download/');
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ state: 'installed' });
  });

  it('reports a clear offline error and installs nothing when the source cannot be reached', async () => {
    const { manifest } = makeModelFiles(SIZES);
    const app = await appWithModelSource(await refusedUrl(), manifest);
    await request(app, 'POST', '/api/settings/natural-voices/download/');
    const end = await waitForEnd(app);
    expect(end).toMatchObject({ state: 'failed', error_code: 'models_offline' });
    expect(end.error).toMatch(/^Could not reach 127\.0\.0\.1:\d+ \(ECONNREFUSED\)/);
    expect(fs.existsSync(path.join(app.ctx.config.modelsDir, 'Kokoro-82M-v1.0-ONNX'))).toBe(false);
    expect((await request(app, 'GET', '/api/settings/')).json()).toMatchObject({ default_voice_id: 'espeak:en-us' });
  });

  it('refuses to install from a manifest that lacks checksums', async () => {
    const { files, manifest } = makeModelFiles(SIZES);
    const server = await startModelServer(files);
    const unverified = { ...manifest, files: manifest.files.map((f) => ({ ...f, sha256: null })) };
    const app = await appWithModelSource(server.url, unverified);
    await request(app, 'POST', '/api/settings/natural-voices/download/');
    const end = await waitForEnd(app);
    expect(end).toMatchObject({ state: 'failed', error_code: 'models_manifest_incomplete' });
    expect(end.error).toContain('has no sha256 checksum for config.json');
    expect(server.requests).toEqual([]);
  });
});
