import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { findSegment, updateSegment } from '../../src/db/segments.js';
import { buildTestApp, LOCAL } from '../helper.js';
import { expectServing, makeProject, makeSegments, mediaFiles, multipart, pngBytes, uploadImage } from './fixtures.js';

async function setup() {
  const app = await buildTestApp();
  const project = makeProject(app);
  const [segment] = makeSegments(app, project.id, 1);
  if (segment === undefined) throw new Error('no segment');
  const imageDir = `projects/${project.id}/images`;
  const read = (relative: string) => fs.readFileSync(path.join(app.ctx.config.mediaDir, relative));
  return { app, project, segment, imageDir, read };
}

describe('POST /api/segments/:id/upload-image', () => {
  it('stores a PNG under the project and returns its media URL', async () => {
    const { app, segment, imageDir, read } = await setup();
    const png = await pngBytes();
    const res = await uploadImage(app, segment.id, png, 'photo.png');
    expect(res.statusCode).toBe(200);
    const relative = `${imageDir}/${segment.id}_photo.png`;
    expect(res.json()).toEqual({ id: segment.id, image_file: `/media/${relative}`, message: 'Image uploaded' });
    expect(findSegment(app.ctx.db, segment.id)?.image_file).toBe(relative);
    expect(read(relative).equals(png)).toBe(true);
    expect(mediaFiles(app)).toEqual([relative]);
  });

  it.each([
    ['jpeg', 'scan.jpeg', '.jpg'],
    ['webp', 'art.webp', '.webp'],
  ] as const)('accepts %s', async (format, filename, ext) => {
    const { app, segment, imageDir } = await setup();
    const data = await sharp({ create: { width: 40, height: 30, channels: 3, background: '#0a0' } })
      .toFormat(format)
      .toBuffer();
    const res = await uploadImage(app, segment.id, data, filename);
    expect(res.statusCode).toBe(200);
    expect(res.json().image_file).toBe(`/media/${imageDir}/${segment.id}_${filename.replace(/\.[^.]+$/, ext)}`);
  });

  it('names the file by its content, not by its extension', async () => {
    const { app, segment, imageDir } = await setup();
    const res = await uploadImage(app, segment.id, await pngBytes(), 'holiday.jpg');
    expect(res.statusCode).toBe(200);
    expect(res.json().image_file).toBe(`/media/${imageDir}/${segment.id}_holiday.png`);
  });

  it.each([
    ['../../x.png', 'x.png'],
    ['..\\..\\evil.png', 'evil.png'],
    ['my photo (1).PNG', 'my_photo_1_.png'],
    ['.hidden.png', 'hidden.png'],
    ['../', 'image.png'],
  ])('keeps the upload named %j inside the project folder', async (filename, safe) => {
    const { app, segment, imageDir } = await setup();
    const res = await uploadImage(app, segment.id, await pngBytes(), filename);
    expect(res.statusCode).toBe(200);
    expect(res.json().image_file).toBe(`/media/${imageDir}/${segment.id}_${safe}`);
    expect(mediaFiles(app)).toEqual([`${imageDir}/${segment.id}_${safe}`]);
  });

  it('replaces the previous image and removes its file', async () => {
    const { app, segment, imageDir, read } = await setup();
    await uploadImage(app, segment.id, await pngBytes(), 'first.png');
    const second = await pngBytes(32, 32, '#00f');
    const res = await uploadImage(app, segment.id, second, 'second.png');
    expect(res.statusCode).toBe(200);
    expect(mediaFiles(app)).toEqual([`${imageDir}/${segment.id}_second.png`]);
    expect(read(`${imageDir}/${segment.id}_second.png`).equals(second)).toBe(true);
  });

  it('overwrites in place when the new upload has the same name', async () => {
    const { app, segment, imageDir, read } = await setup();
    await uploadImage(app, segment.id, await pngBytes(), 'same.png');
    const second = await pngBytes(32, 32, '#00f');
    expect((await uploadImage(app, segment.id, second, 'same.png')).statusCode).toBe(200);
    expect(mediaFiles(app)).toEqual([`${imageDir}/${segment.id}_same.png`]);
    expect(read(`${imageDir}/${segment.id}_same.png`).equals(second)).toBe(true);
  });

  it('keeps the EXIF orientation of a phone photo as uploaded', async () => {
    const { app, segment, imageDir, read } = await setup();
    const photo = await sharp({ create: { width: 60, height: 40, channels: 3, background: '#888' } })
      .jpeg()
      .withMetadata({ orientation: 6 })
      .toBuffer();
    const res = await uploadImage(app, segment.id, photo, 'IMG_0001.JPG');
    expect(res.statusCode).toBe(200);
    const stored = read(`${imageDir}/${segment.id}_IMG_0001.jpg`);
    expect(stored.equals(photo)).toBe(true);
    expect((await sharp(stored).metadata()).orientation).toBe(6);
  });

  it.each([
    ['random bytes named .png', crypto.randomBytes(4096), 'The file is not a readable image; upload a JPEG, PNG or WebP'],
    ['a text file', Buffer.from('hello, not an image'), 'The file is not a readable image; upload a JPEG, PNG or WebP'],
    ['an empty file', Buffer.alloc(0), 'The file is empty'],
  ])('returns 400 Invalid image file for %s and keeps the old image', async (_, data, details) => {
    const { app, segment, imageDir } = await setup();
    await uploadImage(app, segment.id, await pngBytes(), 'old.png');
    const res = await uploadImage(app, segment.id, data, 'x.png');
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual({ error: 'Invalid image file', code: 'invalid_image', details });
    expect(findSegment(app.ctx.db, segment.id)?.image_file).toBe(`${imageDir}/${segment.id}_old.png`);
    expect(mediaFiles(app)).toEqual([`${imageDir}/${segment.id}_old.png`]);
  });

  it('returns 400 Invalid image file for a GIF', async () => {
    const { app, segment } = await setup();
    const gif = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#f00' } }).gif().toBuffer();
    const res = await uploadImage(app, segment.id, gif, 'anim.png');
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual({
      error: 'Invalid image file', code: 'invalid_image',
      details: 'Unsupported image format "gif"; upload a JPEG, PNG or WebP',
    });
    expect(mediaFiles(app)).toEqual([]);
  });

  it('returns 413 File too large for 25 MB and keeps the old image', async () => {
    const { app, segment, imageDir } = await setup();
    await uploadImage(app, segment.id, await pngBytes(), 'old.png');
    const res = await uploadImage(app, segment.id, crypto.randomBytes(25 * 1024 * 1024), 'x.png');
    expect(res.statusCode).toBe(413);
    expect(res.json()).toMatchObject({ error: 'File too large', code: 'file_too_large' });
    expect(findSegment(app.ctx.db, segment.id)?.image_file).toBe(`${imageDir}/${segment.id}_old.png`);
    expect(mediaFiles(app)).toEqual([`${imageDir}/${segment.id}_old.png`]);
    await expectServing(app);
  });

  it('returns 400 when the file is not in the field "image"', async () => {
    const { app, segment } = await setup();
    const body = await multipart({ photo: { data: await pngBytes(), filename: 'a.png' } });
    const res = await app.inject({ method: 'POST', url: `/api/segments/${segment.id}/upload-image/`, ...body });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual({ error: 'No image file', code: 'no_image_file', details: 'Send the image as multipart/form-data in the field "image"' });
    expect(mediaFiles(app)).toEqual([]);
  });

  it('returns 400 when the form has no file', async () => {
    const { app, segment } = await setup();
    const body = await multipart({ image: 'just text' });
    const res = await app.inject({ method: 'POST', url: `/api/segments/${segment.id}/upload-image/`, ...body });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toBe('No image file');
  });

  it('returns 400 for a JSON body', async () => {
    const { app, segment } = await setup();
    const res = await app.inject({
      method: 'POST',
      url: `/api/segments/${segment.id}/upload-image/`,
      headers: LOCAL,
      payload: { image: 'data:image/png;base64,AAAA' },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toBe('No image file');
  });

  it('returns 400 for a locked segment and stores nothing', async () => {
    const { app, segment } = await setup();
    updateSegment(app.ctx.db, segment.id, { is_locked: true });
    const res = await uploadImage(app, segment.id, await pngBytes(), 'a.png');
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual({ error: 'Cannot change the image of a locked segment. Unlock it first.', code: 'segment_locked' });
    expect(findSegment(app.ctx.db, segment.id)?.image_file).toBeNull();
    expect(mediaFiles(app)).toEqual([]);
  });

  it('returns 404 for an unknown segment', async () => {
    const { app } = await setup();
    const res = await uploadImage(app, 'nope', await pngBytes(), 'a.png');
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual({ error: 'Segment not found', code: 'segment_not_found' });
    expect(mediaFiles(app)).toEqual([]);
  });
});

describe('DELETE /api/segments/:id/remove-image', () => {
  it('clears the image and moves its file out of the images folder into the undo trash', async () => {
    const { app, project, segment } = await setup();
    await uploadImage(app, segment.id, await pngBytes(), 'a.png');
    const res = await app.inject({ method: 'DELETE', url: `/api/segments/${segment.id}/remove-image/`, headers: LOCAL });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ id: segment.id, image_file: null, message: 'Image removed' });
    expect(findSegment(app.ctx.db, segment.id)?.image_file).toBeNull();
    expect(mediaFiles(app)).toEqual([expect.stringMatching(new RegExp(`^projects/${project.id}/\\.trash/[0-9a-f-]+/${segment.id}_a\\.png$`))]);
  });

  it('succeeds when the segment has no image', async () => {
    const { app, segment } = await setup();
    const res = await app.inject({ method: 'DELETE', url: `/api/segments/${segment.id}/remove-image`, headers: LOCAL });
    expect(res.statusCode).toBe(200);
    expect(res.json().image_file).toBeNull();
  });

  it('returns 400 for a locked segment and keeps the image', async () => {
    const { app, segment, imageDir } = await setup();
    await uploadImage(app, segment.id, await pngBytes(), 'a.png');
    updateSegment(app.ctx.db, segment.id, { is_locked: true });
    const res = await app.inject({ method: 'DELETE', url: `/api/segments/${segment.id}/remove-image/`, headers: LOCAL });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual({ error: 'Cannot remove the image of a locked segment. Unlock it first.', code: 'segment_locked' });
    expect(mediaFiles(app)).toEqual([`${imageDir}/${segment.id}_a.png`]);
  });

  it('returns 404 for an unknown segment', async () => {
    const { app } = await setup();
    const res = await app.inject({ method: 'DELETE', url: '/api/segments/nope/remove-image/', headers: LOCAL });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual({ error: 'Segment not found', code: 'segment_not_found' });
  });

  it('returns 405 for GET', async () => {
    const { app, segment } = await setup();
    const res = await app.inject({ method: 'GET', url: `/api/segments/${segment.id}/remove-image/`, headers: LOCAL });
    expect(res.statusCode).toBe(405);
  });
});
