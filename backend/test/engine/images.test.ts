import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { prepareImage, preparedImageSize, readImageSize } from '../../src/engine/images.js';
import { coverSize } from '../../src/engine/ken-burns.js';
import { makeTempDir } from '../helper.js';

const output = { width: 1920, height: 1080 };

describe('preparedImageSize', () => {
  it('is cover × zoom rounded up to even pixels, so the tightest window needs no enlarging', () => {
    expect(preparedImageSize({ width: 4000, height: 3000 }, output, 1.3)).toEqual({ width: 2496, height: 1872 });
    expect(preparedImageSize({ width: 200, height: 150 }, output, 1.3)).toEqual({ width: 2496, height: 1872 });
    expect(preparedImageSize({ width: 1920, height: 1080 }, output, 1)).toEqual({ width: 1920, height: 1080 });
    for (const image of [{ width: 1080, height: 1920 }, { width: 3001, height: 997 }, { width: 777, height: 777 }]) {
      for (const zoom of [1, 1.17, 1.3, 2]) {
        const size = preparedImageSize(image, output, zoom);
        const cover = coverSize(image, output);
        expect(size.width % 2 + size.height % 2).toBe(0);
        // The renderer maps cover coordinates to prepared pixels by × zoom: that must stay inside.
        expect(size.width).toBeGreaterThanOrEqual(cover.width * zoom - 1e-6);
        expect(size.height).toBeGreaterThanOrEqual(cover.height * zoom - 1e-6);
        expect(size.width).toBeLessThan(cover.width * zoom + 2);
        expect(size.height).toBeLessThan(cover.height * zoom + 2);
      }
    }
  });
});

describe('prepareImage', () => {
  it('applies EXIF rotation before sizing and returns packed RGB of the prepared size', async () => {
    const dir = makeTempDir();
    const file = path.join(dir, 'rotated.jpg');
    await sharp({ create: { width: 160, height: 120, channels: 3, background: { r: 10, g: 200, b: 30 } } })
      .jpeg()
      .withMetadata({ orientation: 6 })
      .toFile(file);
    expect(await readImageSize(file)).toEqual({ width: 120, height: 160 });
    const prepared = await prepareImage(file, { width: 160, height: 90 }, 1.5);
    expect({ width: prepared.width, height: prepared.height }).toEqual(preparedImageSize({ width: 120, height: 160 }, { width: 160, height: 90 }, 1.5));
    expect(prepared.rgb.length).toBe(prepared.width * prepared.height * 3);
  });

  it('reuses a cached preparation from cacheDir', async () => {
    const dir = makeTempDir();
    const file = path.join(dir, 'a.png');
    await sharp({ create: { width: 50, height: 40, channels: 4, background: { r: 0, g: 0, b: 255, alpha: 0.5 } } }).png().toFile(file);
    const first = await prepareImage(file, { width: 32, height: 18 }, 1.2, dir);
    const second = await prepareImage(file, { width: 32, height: 18 }, 1.2, dir);
    expect(Buffer.compare(Buffer.from(second.rgb), Buffer.from(first.rgb))).toBe(0);
    // Half-transparent blue flattened onto white.
    expect(Array.from(first.rgb.subarray(0, 3))).toEqual([expect.closeTo(127, 0), expect.closeTo(127, 0), 255]);
    // In shared memory either way, so the frame worker gets the pixels without a copy; each
    // preparation has its own id (the worker keys its YUV conversions by it).
    expect(first.rgb.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(second.rgb.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(second.id).not.toBe(first.id);
  });

  it('prepares the image again when its cached pixels are truncated', async () => {
    const dir = makeTempDir();
    const file = path.join(dir, 'a.png');
    await sharp({ create: { width: 50, height: 40, channels: 3, background: { r: 200, g: 10, b: 10 } } }).png().toFile(file);
    const first = await prepareImage(file, { width: 32, height: 18 }, 1.2, dir);
    const cached = fs.readdirSync(dir).find((f) => f.endsWith('.rgb')) ?? '';
    fs.truncateSync(path.join(dir, cached), 100);
    const again = await prepareImage(file, { width: 32, height: 18 }, 1.2, dir);
    expect(Buffer.compare(Buffer.from(again.rgb), Buffer.from(first.rgb))).toBe(0);
    expect(fs.statSync(path.join(dir, cached)).size).toBe(first.rgb.length);
  });

  it('creates a cache folder that does not exist yet and fills it', async () => {
    const dir = makeTempDir();
    const file = path.join(dir, 'a.png');
    await sharp({ create: { width: 50, height: 40, channels: 3, background: '#0a0' } }).png().toFile(file);
    const cacheDir = path.join(dir, 'cache', 'render-images');
    await prepareImage(file, { width: 32, height: 18 }, 1.2, cacheDir);
    expect(fs.readdirSync(cacheDir).filter((f) => f.endsWith('.rgb'))).toHaveLength(1);
  });

  it('still prepares the image when the cache cannot be written', async () => {
    const dir = makeTempDir();
    const file = path.join(dir, 'a.png');
    await sharp({ create: { width: 50, height: 40, channels: 3, background: '#0a0' } }).png().toFile(file);
    const blocked = path.join(dir, 'not-a-folder');
    fs.writeFileSync(blocked, 'a file where the cache folder should be');
    const prepared = await prepareImage(file, { width: 32, height: 18 }, 1.2, path.join(blocked, 'cache'));
    expect(prepared.rgb.length).toBe(prepared.width * prepared.height * 3);
  });
});
