/**
 * Caption fonts (SPEC §7.3): the bundled list, uploads judged by their content, deletion,
 * the file for the browser, and uploads surviving a restart.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CaptionFont } from '@storyflow/contract';
import { buildApp } from '../../src/app.js';
import { configFor } from '../../src/config.js';
import { fontsDir } from '../../src/services/caption-fonts.js';
import { buildTestApp, LOCAL } from '../helper.js';
import { makeProject, multipart, pngBytes } from './fixtures.js';

const require = createRequire(import.meta.url);
/** A real font that is not one of the bundled files. */
const MONO = fs.readFileSync(path.join(path.dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf/DejaVuSansMono.ttf'));

async function upload(app: Awaited<ReturnType<typeof buildTestApp>>, data: Buffer, filename: string) {
  return app.inject({ method: 'POST', url: '/api/fonts/', ...(await multipart({ font: { data, filename } })) });
}

function storedFonts(dataDir: string): string[] {
  return fs.existsSync(fontsDir(dataDir)) ? fs.readdirSync(fontsDir(dataDir)) : [];
}

describe('GET /api/fonts/', () => {
  it('lists the bundled fonts, which between them cover Latin, Cyrillic, Greek, Arabic and Hebrew', async () => {
    const app = await buildTestApp();
    const res = await app.inject({ method: 'GET', url: '/api/fonts/', headers: LOCAL });
    expect(res.statusCode).toBe(200);
    const fonts = res.json<CaptionFont[]>();
    expect(fonts.map((f) => [f.id, f.name, f.bundled])).toEqual([
      ['bundled:noto-sans', 'Noto Sans', true],
      ['bundled:noto-sans-arabic', 'Noto Sans Arabic', true],
      ['bundled:dejavu-sans', 'DejaVu Sans', true],
    ]);
    const scripts = new Set(fonts.flatMap((f) => f.scripts));
    for (const s of ['Latin', 'Cyrillic', 'Greek', 'Arabic', 'Hebrew']) expect(scripts.has(s), s).toBe(true);
    // The browser can load each one for the picker's preview.
    const file = await app.inject({ method: 'GET', url: fonts[1]!.url, headers: LOCAL });
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toBe('font/ttf');
    expect(file.rawPayload.subarray(0, 4)).toEqual(Buffer.from([0, 1, 0, 0]));
  });
});

describe('POST /api/fonts/', () => {
  it('stores a real font whatever its file name, lists it, serves it, and keeps it across a restart', async () => {
    const app = await buildTestApp();
    const res = await upload(app, MONO, 'my-font.bin');
    expect(res.statusCode).toBe(201);
    const font = res.json<CaptionFont>();
    expect(font).toMatchObject({ name: 'DejaVu Sans Mono', bundled: false });
    expect(font.id).toMatch(/^upload:[a-f0-9]{16}$/u);
    expect(font.scripts).toContain('Latin');
    // Uploading the same file again is the same font, not a second copy.
    expect((await upload(app, MONO, 'again.ttf')).json<CaptionFont>().id).toBe(font.id);
    expect(storedFonts(app.ctx.config.dataDir)).toHaveLength(1);

    const file = await app.inject({ method: 'GET', url: font.url, headers: LOCAL });
    expect(file.statusCode).toBe(200);
    expect(Buffer.compare(file.rawPayload, MONO)).toBe(0);
    // A project can choose it.
    const project = makeProject(app);
    const patched = await app.inject({ method: 'PATCH', url: `/api/projects/${project.id}/`, headers: LOCAL, payload: { captions: { font: font.id } } });
    expect(patched.statusCode).toBe(200);

    const restarted = await buildApp(configFor(app.ctx.config.dataDir));
    try {
      const fonts = (await restarted.inject({ method: 'GET', url: '/api/fonts/', headers: LOCAL })).json<CaptionFont[]>();
      expect(fonts.map((f) => f.id)).toContain(font.id);
    } finally {
      await restarted.close();
    }
  });

  it('refuses a file that is not a font (by content, not by name) with 400 invalid_font and stores nothing', async () => {
    const app = await buildTestApp();
    const cases: [Buffer, string][] = [
      [await pngBytes(), 'font.ttf'],
      [Buffer.from('OTTO this is text pretending'), 'font.otf'],
      [MONO.subarray(0, 4000), 'cut-short.ttf'],
      [Buffer.alloc(0), 'empty.ttf'],
    ];
    for (const [data, filename] of cases) {
      const res = await upload(app, data, filename);
      expect(res.statusCode, filename).toBe(400);
      expect(res.json(), filename).toMatchObject({ code: 'invalid_font', error: expect.any(String) });
    }
    const missing = await app.inject({ method: 'POST', url: '/api/fonts/', ...(await multipart({ other: { data: MONO, filename: 'x.ttf' } })) });
    expect(missing.statusCode).toBe(400);
    expect(missing.json()).toMatchObject({ code: 'invalid_font' });
    expect(storedFonts(app.ctx.config.dataDir)).toEqual([]);
    const fonts = (await app.inject({ method: 'GET', url: '/api/fonts/', headers: LOCAL })).json<CaptionFont[]>();
    expect(fonts.every((f) => f.bundled)).toBe(true);
  });
});

describe('DELETE /api/fonts/:id', () => {
  it('deletes an uploaded font; a bundled one is a 400 and an unknown one a 404', async () => {
    const app = await buildTestApp();
    const font = (await upload(app, MONO, 'mono.ttf')).json<CaptionFont>();
    const bundled = await app.inject({ method: 'DELETE', url: '/api/fonts/bundled:noto-sans', headers: LOCAL });
    expect(bundled.statusCode).toBe(400);
    expect(bundled.json()).toMatchObject({ code: 'font_bundled' });

    expect((await app.inject({ method: 'DELETE', url: `/api/fonts/${font.id}`, headers: LOCAL })).statusCode).toBe(204);
    expect(storedFonts(app.ctx.config.dataDir)).toEqual([]);
    const again = await app.inject({ method: 'DELETE', url: `/api/fonts/${font.id}`, headers: LOCAL });
    expect(again.statusCode).toBe(404);
    expect(again.json()).toMatchObject({ code: 'font_not_found' });
    const file = await app.inject({ method: 'GET', url: font.url, headers: LOCAL });
    expect(file.statusCode).toBe(404);
    expect((await app.inject({ method: 'GET', url: '/api/fonts/not%20an%20id/file', headers: LOCAL })).statusCode).toBe(400);
  });
});
