import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseWavHeader } from '../../src/engine/wav.js';
import { buildTestApp } from '../helper.js';
import { request } from './fixtures.js';

describe('GET /api/settings/voices/{id}/sample/', () => {
  it('answers a short WAV of the voice and synthesises it only once', async () => {
    const app = await buildTestApp();
    const url = `/api/settings/voices/${encodeURIComponent('espeak:en-us+f3')}/sample/`;
    const first = await request(app, 'GET', url);
    expect(first.statusCode).toBe(200);
    expect(first.headers['content-type']).toBe('audio/wav');
    const wav = parseWavHeader(first.rawPayload);
    expect(wav.channels).toBe(1);
    expect(wav.frames / wav.sampleRate).toBeGreaterThan(1);

    const cacheDir = path.join(app.ctx.config.dataDir, 'cache', 'voice-samples');
    const [cached] = fs.readdirSync(cacheDir);
    const before = fs.statSync(path.join(cacheDir, cached!)).mtimeMs;
    const second = await request(app, 'GET', url);
    expect(second.rawPayload.equals(first.rawPayload)).toBe(true);
    expect(fs.readdirSync(cacheDir)).toEqual([cached]);
    expect(fs.statSync(path.join(cacheDir, cached!)).mtimeMs).toBe(before);

    // Another voice is another sample.
    const male = await request(app, 'GET', `/api/settings/voices/${encodeURIComponent('espeak:en-us')}/sample/`);
    expect(male.statusCode).toBe(200);
    expect(male.rawPayload.equals(first.rawPayload)).toBe(false);
  });

  it('is 404 for a voice that is not listed', async () => {
    const app = await buildTestApp();
    for (const id of ['espeak:xx-nope', 'kokoro:af_heart', 'nope']) {
      const res = await request(app, 'GET', `/api/settings/voices/${encodeURIComponent(id)}/sample/`);
      expect(res.statusCode).toBe(404);
      expect(res.json()).toMatchObject({ error: 'Voice not found' });
    }
  });
});
