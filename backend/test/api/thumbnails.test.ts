import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { FLATTEN_BACKGROUND, prepareImage } from '../../src/engine/images.js';
import { findSegment } from '../../src/db/segments.js';
import { projectThumbnailCacheDir } from '../../src/storage/media.js';
import { buildTestApp, LOCAL } from '../helper.js';
import { expectReply, makeProject, makeSegments, request, uploadImage, writeMediaFile } from './fixtures.js';

async function setup() {
  const app = await buildTestApp();
  const project = makeProject(app);
  const [segment, other] = makeSegments(app, project.id, 2);
  if (segment === undefined || other === undefined) throw new Error('no segments');
  const cacheDir = projectThumbnailCacheDir(app.ctx.config.dataDir, project.id);
  const cached = () => (fs.existsSync(cacheDir) ? fs.readdirSync(cacheDir).sort() : []);
  const thumbnail = (query = '', headers: Record<string, string> = {}) =>
    app.inject({ method: 'GET', url: `/api/segments/${segment.id}/thumbnail.webp${query}`, headers: { ...LOCAL, ...headers } });
  return { app, project, segment, other, cacheDir, cached, thumbnail };
}

const solid = (width: number, height: number, background: string) =>
  sharp({ create: { width, height, channels: 3, background } }).png().toBuffer();

/** The decoded picture of a response: its size and its centre pixel. */
async function decode(body: Buffer) {
  const { data, info } = await sharp(body).raw().toBuffer({ resolveWithObject: true });
  const at = (Math.floor(info.height / 2) * info.width + Math.floor(info.width / 2)) * info.channels;
  return { format: (await sharp(body).metadata()).format, width: info.width, height: info.height, centre: [...data.subarray(at, at + 3)] };
}

describe('GET /api/segments/:id/thumbnail.webp', () => {
  it('is a WebP of the image at most w pixels wide, aspect kept', async () => {
    const { app, segment, thumbnail } = await setup();
    await uploadImage(app, segment.id, await solid(800, 400, '#0000ff'));
    const res = await thumbnail('?w=100');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('image/webp');
    const picture = await decode(res.rawPayload);
    expect(picture).toMatchObject({ format: 'webp', width: 100, height: 50 });
    expect(picture.centre[2]).toBeGreaterThan(240);
    expect(res.rawPayload.length).toBeLessThan(2000);
  });

  it('is 480 wide by default and never enlarges a small image', async () => {
    const { app, segment, thumbnail } = await setup();
    await uploadImage(app, segment.id, await solid(1200, 600, '#888'));
    expect(await decode((await thumbnail()).rawPayload)).toMatchObject({ width: 480, height: 240 });
    await uploadImage(app, segment.id, await solid(120, 90, '#888'), 'small.png');
    expect(await decode((await thumbnail('?w=400')).rawPayload)).toMatchObject({ width: 120, height: 90 });
  });

  it('serves a second request from the disk cache, and a 304 to a browser holding it', async () => {
    const { app, segment, cached, cacheDir, thumbnail } = await setup();
    await uploadImage(app, segment.id, await solid(300, 200, '#00ff00'));
    const first = await thumbnail('?w=64');
    expect(cached()).toEqual([expect.stringMatching(new RegExp(`^${segment.id}-[0-9a-f]{32}-w64\\.webp$`))]);

    // Whatever the cache file holds is what is served: proof that the second answer is not made anew.
    const marker = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#ff00ff' } }).webp().toBuffer();
    fs.writeFileSync(path.join(cacheDir, cached()[0]!), marker);
    const second = await thumbnail('?w=64');
    expect(second.statusCode).toBe(200);
    expect(second.rawPayload.equals(marker)).toBe(true);
    expect(second.headers.etag).toBe(first.headers.etag);
    expect(second.headers['cache-control']).toBe('private, no-cache');

    const revalidated = await thumbnail('?w=64', { 'if-none-match': String(first.headers.etag) });
    expect(revalidated.statusCode).toBe(304);
    expect(revalidated.rawPayload.length).toBe(0);
    // Another width is another picture, cached beside the first.
    expect((await thumbnail('?w=32')).headers.etag).not.toBe(first.headers.etag);
    expect(cached()).toHaveLength(2);
  });

  it('shows a replaced image at once, even one stored under the same name, and drops the old thumbnails', async () => {
    const { app, segment, cached, thumbnail } = await setup();
    await uploadImage(app, segment.id, await solid(100, 100, '#ff0000'), 'same.png');
    const red = await thumbnail('?w=50');
    await thumbnail('?w=40');
    expect(cached()).toHaveLength(2);

    await uploadImage(app, segment.id, await solid(100, 100, '#0000ff'), 'same.png');
    const blue = await thumbnail('?w=50', { 'if-none-match': String(red.headers.etag) });
    expect(blue.statusCode).toBe(200);
    expect(blue.headers.etag).not.toBe(red.headers.etag);
    const { centre } = await decode(blue.rawPayload);
    expect(centre[0]).toBeLessThan(20);
    expect(centre[2]).toBeGreaterThan(235);
    expect(cached()).toEqual([expect.stringMatching(/-w50\.webp$/)]);
  });

  it('flattens a transparent image on the colour the render uses', async () => {
    const { app, segment, thumbnail } = await setup();
    const clear = await sharp({ create: { width: 64, height: 36, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } } })
      .png()
      .toBuffer();
    await uploadImage(app, segment.id, clear, 'logo.png');
    const preview = await decode((await thumbnail('?w=64')).rawPayload);

    const stored = findSegment(app.ctx.db, segment.id)?.image_file ?? '';
    const rendered = await prepareImage(path.join(app.ctx.config.mediaDir, stored), { width: 64, height: 36 }, 1);
    const renderedCentre = [...rendered.rgb.subarray(0, 3)];
    expect(renderedCentre).toEqual([FLATTEN_BACKGROUND.r, FLATTEN_BACKGROUND.g, FLATTEN_BACKGROUND.b]);
    for (const [i, channel] of preview.centre.entries()) expect(Math.abs(channel - renderedCentre[i]!)).toBeLessThanOrEqual(2);
  });

  it('forgets a segment’s thumbnails when its image is removed or it is deleted, and a project’s with the project', async () => {
    const { app, project, segment, other, cached, cacheDir, thumbnail } = await setup();
    await uploadImage(app, segment.id, await solid(40, 40, '#123456'));
    await uploadImage(app, other.id, await solid(40, 40, '#654321'));
    await thumbnail('?w=32');
    await request(app, 'GET', `/api/segments/${other.id}/thumbnail.webp?w=32`);
    expect(cached()).toHaveLength(2);

    await request(app, 'DELETE', `/api/segments/${segment.id}/remove-image/`);
    expect(cached()).toEqual([expect.stringMatching(new RegExp(`^${other.id}-`))]);
    expectReply(await thumbnail(), 404, { error: 'This segment has no image', code: 'segment_has_no_image' });

    await request(app, 'GET', `/api/segments/${other.id}/thumbnail.webp?w=32`);
    expect((await request(app, 'DELETE', `/api/projects/${project.id}/`)).statusCode).toBe(204);
    expect(fs.existsSync(cacheDir)).toBe(false);
  });

  it('deleting a segment removes its thumbnails', async () => {
    const { app, segment, cached, thumbnail } = await setup();
    await uploadImage(app, segment.id, await solid(40, 40, '#123456'));
    await thumbnail('?w=32');
    expect(cached()).toHaveLength(1);
    expect((await request(app, 'DELETE', `/api/segments/${segment.id}/`)).statusCode).toBe(204);
    expect(cached()).toEqual([]);
  });

  describe('refuses', () => {
    it.each(['?w=0', '?w=31', '?w=1025', '?w=abc', '?w=12.5'])('a width of %s with a field error', async (query) => {
      const { app, segment, cached, thumbnail } = await setup();
      await uploadImage(app, segment.id, await solid(40, 40, '#123456'));
      const res = await thumbnail(query);
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({ code: 'validation_failed', w: [expect.any(String)] });
      expect(cached()).toEqual([]);
    });

    it('an unknown segment with 404', async () => {
      const { app } = await setup();
      expectReply(await request(app, 'GET', '/api/segments/nope/thumbnail.webp'), 404, {
        error: 'Segment not found',
        code: 'segment_not_found',
      });
    });

    it('a segment without an image with 404', async () => {
      const { thumbnail } = await setup();
      expectReply(await thumbnail(), 404, { error: 'This segment has no image', code: 'segment_has_no_image' });
    });

    it('an image whose file is gone with 404, and one that is damaged with 422', async () => {
      const { app, segment, cached, thumbnail } = await setup();
      await uploadImage(app, segment.id, await solid(40, 40, '#123456'));
      const stored = findSegment(app.ctx.db, segment.id)?.image_file ?? '';
      fs.rmSync(path.join(app.ctx.config.mediaDir, stored));
      expectReply(await thumbnail(), 404, {
        error: "The segment's image file is missing; upload it again",
        code: 'segment_has_no_image',
      });
      writeMediaFile(app, stored, 'not an image at all');
      expectReply(await thumbnail(), 422, { error: "The segment's image cannot be read; upload it again", code: 'invalid_image' });
      expect(cached()).toEqual([]);
      // The server keeps serving the other segments.
      expect((await request(app, 'GET', `/api/segments/${segment.id}/`)).statusCode).toBe(200);
    });
  });
});
