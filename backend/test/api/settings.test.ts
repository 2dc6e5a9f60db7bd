import { describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import { buildTestApp, LOCAL } from '../helper.js';
import { expectFieldErrors, expectFieldReply, expectReply, request } from './fixtures.js';

const DEFAULTS = {
  default_voice_id: 'espeak:en-us',
  tts_speed: 1,
  zoom_intensity: 1.3,
  subtitle_font: '',
  subtitle_color: '#FFFFFF',
};

/** A refused change left the stored settings at their defaults. */
async function expectUnchanged(app: App): Promise<void> {
  const read = await request(app, 'GET', '/api/settings/');
  expect(read.json()).toEqual(DEFAULTS);
}

describe('GET /api/settings', () => {
  it('creates the settings on first read with the defaults and espeak-ng as the voice', async () => {
    const app = await buildTestApp();
    expect(app.ctx.db.prepare('SELECT COUNT(*) AS n FROM settings').get()).toEqual({ n: 0 });
    expectReply(await request(app, 'GET', '/api/settings/'), 200, DEFAULTS);
    expect(app.ctx.db.prepare('SELECT COUNT(*) AS n FROM settings').get()).toEqual({ n: 1 });
    const again = await request(app, 'GET', '/api/settings');
    expect(again.json()).toEqual(DEFAULTS);
  });
});

describe('PATCH /api/settings', () => {
  it('updates the given fields and keeps the others', async () => {
    const app = await buildTestApp();
    const changes = { default_voice_id: 'espeak:en-us+f3', tts_speed: 0.5, zoom_intensity: 2, subtitle_color: '#00ff00' };
    const expected = { ...DEFAULTS, ...changes };
    expectReply(await request(app, 'PATCH', '/api/settings/', changes), 200, expected);
    const read = await request(app, 'GET', '/api/settings/');
    expect(read.json()).toEqual(expected);
  });

  it('accepts the range limits themselves', async () => {
    const app = await buildTestApp();
    for (const payload of [{ tts_speed: 2, zoom_intensity: 1 }, { tts_speed: 0.5, zoom_intensity: 2 }]) {
      const res = await request(app, 'PATCH', '/api/settings/', payload);
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject(payload);
    }
  });

  it.each([
    [{ tts_speed: 0.4 }, { tts_speed: ['Must be between 0.5 and 2.0'] }],
    [{ tts_speed: 2.01 }, { tts_speed: ['Must be between 0.5 and 2.0'] }],
    [{ zoom_intensity: 0.9 }, { zoom_intensity: ['Must be between 1.0 and 2.0'] }],
    [{ zoom_intensity: 2.5 }, { zoom_intensity: ['Must be between 1.0 and 2.0'] }],
    [{ subtitle_color: 'white' }, { subtitle_color: ['Must be a hex colour such as #FFFFFF'] }],
  ])('returns 400 naming the field for %j and changes nothing', async (payload, body) => {
    const app = await buildTestApp();
    expectFieldReply(await request(app, 'PATCH', '/api/settings/', payload), body);
    await expectUnchanged(app);
  });

  it('returns 400 naming the field for a value of the wrong type', async () => {
    const app = await buildTestApp();
    expectFieldErrors(await request(app, 'PATCH', '/api/settings/', { tts_speed: 'fast' }), ['tts_speed']);
  });

  it('returns 400 {default_voice_id: [...]} for a voice that is not listed', async () => {
    const app = await buildTestApp();
    const res = await request(app, 'PATCH', '/api/settings/', { default_voice_id: 'kokoro:af_heart', tts_speed: 1.5 });
    expectFieldReply(res, {
      default_voice_id: ['"kokoro:af_heart" is not an available voice; see GET /api/settings/voices/'],
    });
    await expectUnchanged(app);
  });

  it('refuses a change from a foreign origin', async () => {
    const app = await buildTestApp();
    const res = await app.inject({
      method: 'PATCH',
      url: '/api/settings/',
      headers: { ...LOCAL, origin: 'https://evil.example' },
      payload: { tts_speed: 1.5 },
    });
    expect(res.statusCode).toBe(403);
  });
});

describe('GET /api/settings/voices', () => {
  it('lists espeak-ng voices, each naming its engine, and no Kokoro voices without its model', async () => {
    const app = await buildTestApp();
    const res = await request(app, 'GET', '/api/settings/voices/');
    expect(res.statusCode).toBe(200);
    const voices = res.json<{ id: string; engine: string }[]>();
    const english = { engine: 'espeak', language: 'en-us', language_name: 'English (US)' };
    expect(voices).toContainEqual({ ...english, id: 'espeak:en-us', name: 'English (US) — eSpeak, male', gender: 'male' });
    expect(voices).toContainEqual({ ...english, id: 'espeak:en-us+f3', name: 'English (US) — eSpeak, female', gender: 'female' });
    expect(voices.every((v) => v.engine === 'espeak' && v.id.startsWith('espeak:'))).toBe(true);
    expect(new Set(voices.map((v) => v.id)).size).toBe(voices.length);
  });

  it('is empty when no engine is available', async () => {
    const app = await buildTestApp({ espeakPath: '/nonexistent' });
    expectReply(await request(app, 'GET', '/api/settings/voices/'), 200, []);
  });
});
