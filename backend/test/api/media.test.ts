import { describe, expect, it } from 'vitest';
import { buildTestApp, LOCAL } from '../helper.js';
import { makeProject, makeSegments, pngBytes, uploadImage, writeMediaFile } from './fixtures.js';

async function uploaded() {
  const app = await buildTestApp();
  const [segment] = makeSegments(app, makeProject(app).id, 1);
  const png = await pngBytes(120, 80);
  const res = await uploadImage(app, segment!.id, png, 'frame.png');
  expect(res.statusCode).toBe(200);
  return { app, png, url: res.json().image_file as string };
}

describe('GET /media/*', () => {
  it('serves an uploaded image with its content type', async () => {
    const { app, png, url } = await uploaded();
    const res = await app.inject({ method: 'GET', url, headers: LOCAL });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('image/png');
    expect(res.headers['accept-ranges']).toBe('bytes');
    expect(res.rawPayload.equals(png)).toBe(true);
  });

  it('answers a Range request with 206 and the requested bytes', async () => {
    const { app, png, url } = await uploaded();
    const res = await app.inject({ method: 'GET', url, headers: { ...LOCAL, range: 'bytes=0-9' } });
    expect(res.statusCode).toBe(206);
    expect(res.headers['content-range']).toBe(`bytes 0-9/${png.length}`);
    expect(res.rawPayload.equals(png.subarray(0, 10))).toBe(true);
  });

  it('answers an unsatisfiable Range with 416', async () => {
    const { app, png, url } = await uploaded();
    const res = await app.inject({ method: 'GET', url, headers: { ...LOCAL, range: `bytes=${png.length + 100}-` } });
    expect(res.statusCode).toBe(416);
    expect(res.headers['content-range']).toBe(`bytes */${png.length}`);
    expect(res.json()).toEqual({ error: 'Range Not Satisfiable', code: 'range_not_satisfiable' });
  });

  it('serves WAV audio as audio/wav', async () => {
    const app = await buildTestApp();
    writeMediaFile(app, 'projects/p/audio/s.wav', 'RIFF');
    const res = await app.inject({ method: 'GET', url: '/media/projects/p/audio/s.wav', headers: LOCAL });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^audio\/(x-)?wav/);
  });

  it('does not serve files outside the media folder or dotfiles', async () => {
    const { app } = await uploaded();
    writeMediaFile(app, 'projects/p/images/.upload-1.tmp', 'partial');
    for (const url of ['/media/../storyflow.db', '/media/%2e%2e/storyflow.db', '/media/projects/p/images/.upload-1.tmp']) {
      const res = await app.inject({ method: 'GET', url, headers: LOCAL });
      expect(res.statusCode, url).toBeGreaterThanOrEqual(400);
      expect(res.statusCode, url).toBeLessThan(500);
      expect(res.body, url).not.toContain('SQLite format');
    }
  });

  it('returns 404 for a missing file', async () => {
    const app = await buildTestApp();
    const res = await app.inject({ method: 'GET', url: '/media/projects/x/images/none.png', headers: LOCAL });
    expect(res.statusCode).toBe(404);
  });
});
