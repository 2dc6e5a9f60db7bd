import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { findSegment } from '../../src/db/segments.js';
import { prepareImage, readImageFile, readImageSize } from '../../src/engine/images.js';
import { imagesPath } from '../../src/storage/media.js';
import { makeProject, makeSegments, mediaFiles, uploadImage } from '../api/fixtures.js';
import { buildTestApp, makeTempDir } from '../helper.js';

/** A photo-like JPEG (noise, so every part of the file carries pixels). */
async function noisyJpeg(width: number, height: number): Promise<Buffer> {
  const raw = Buffer.alloc(width * height * 3);
  for (let i = 0; i < raw.length; i++) raw[i] = (i * 2654435761) >>> 24;
  return sharp(raw, { raw: { width, height, channels: 3 } }).jpeg({ quality: 90 }).toBuffer();
}

/** A valid 1×1 PNG whose header claims width × height: a decompression bomb's header. */
async function pngClaiming(width: number, height: number): Promise<Buffer> {
  const png = Buffer.from(await sharp({ create: { width: 1, height: 1, channels: 3, background: '#000' } }).png().toBuffer());
  // IHDR is the first chunk: length(4) "IHDR"(4) width(4) height(4) ... crc(4) after 13 data bytes.
  png.writeUInt32BE(width, 16);
  png.writeUInt32BE(height, 20);
  png.writeUInt32BE(zlib.crc32(png.subarray(12, 29)), 29);
  return png;
}

async function appWithImage() {
  const app = await buildTestApp();
  const project = makeProject(app);
  const [segment] = makeSegments(app, project.id, 1);
  if (segment === undefined) throw new Error('no segment');
  const old = await noisyJpeg(64, 48);
  expect((await uploadImage(app, segment.id, old, 'old.jpg')).statusCode).toBe(200);
  const oldPath = `${imagesPath(project.id)}/${segment.id}_old.jpg`;
  return { app, segment, oldPath };
}

describe('an upload is decoded whole before it replaces the image', () => {
  it('refuses a JPEG cut to 45 % with 400 and keeps the old image', async () => {
    const { app, segment, oldPath } = await appWithImage();
    const photo = await noisyJpeg(640, 480);
    const cut = photo.subarray(0, Math.floor(photo.length * 0.45));
    // The header alone reads fine: this is what slipped through before.
    expect((await sharp(cut).metadata()).width).toBe(640);
    const res = await uploadImage(app, segment.id, cut, 'new.jpg');
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual({
      error: 'Invalid image file',
      code: 'invalid_image',
      details: 'The image is damaged or incomplete; upload the file again or export it anew',
    });
    expect(findSegment(app.ctx.db, segment.id)?.image_file).toBe(oldPath);
    expect(mediaFiles(app)).toEqual([oldPath]);
  });

  it('refuses a 20000×20000 bomb by its header, without decoding it', async () => {
    const { app, segment, oldPath } = await appWithImage();
    const res = await uploadImage(app, segment.id, await pngClaiming(20000, 20000), 'bomb.png');
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual({
      error: 'Invalid image file',
      code: 'invalid_image',
      details: 'The image is 20000×20000 pixels; at most 100 megapixels are accepted',
    });
    expect(findSegment(app.ctx.db, segment.id)?.image_file).toBe(oldPath);
  });

  it('still accepts a whole JPEG, PNG and WebP', async () => {
    const { app, segment } = await appWithImage();
    const base = sharp(await noisyJpeg(120, 80));
    for (const [name, data] of [
      ['a.jpg', await base.clone().jpeg().toBuffer()],
      ['b.png', await base.clone().png().toBuffer()],
      ['c.webp', await base.clone().webp().toBuffer()],
    ] as const) {
      expect((await uploadImage(app, segment.id, data, name)).statusCode, name).toBe(200);
    }
  });
});

describe('image reads during a render', () => {
  function fifo(dir: string): string {
    const file = path.join(dir, 'image.png');
    execFileSync('mkfifo', [file]);
    return file;
  }

  it.skipIf(process.platform === 'win32')('refuse a FIFO in an image’s place at once instead of waiting on it', async () => {
    const dir = makeTempDir();
    const file = fifo(dir);
    // Nothing ever writes to the FIFO: a plain read would wait forever.
    await expect(readImageFile(file)).rejects.toThrow('the image is not a regular file');
    await expect(readImageSize(file)).rejects.toThrow('the image is not a regular file');
    await expect(prepareImage(file, { width: 32, height: 18 }, 1.2)).rejects.toThrow('the image is not a regular file');
  });

  it('refuse an image past the pixel limit at prepare time too', async () => {
    const dir = makeTempDir();
    const file = path.join(dir, 'bomb.png');
    fs.writeFileSync(file, await pngClaiming(20000, 20000));
    await expect(prepareImage(file, { width: 32, height: 18 }, 1.2)).rejects.toThrow(/pixel/);
  });
});
