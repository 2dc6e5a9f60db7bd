/**
 * Image preparation with sharp: upright (EXIF), opaque (alpha flattened), and scaled so
 * the tightest Ken Burns window has at least one source pixel per output pixel. Any
 * size or aspect ratio comes out covering the frame; nothing is centre-cropped at
 * native size.
 */
import { createHash } from 'node:crypto';
import { constants as fsConstants } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { coverSize, type Size } from './ken-burns.js';

/** 100 megapixels: beyond any camera photo worth a video frame, far below a decompression bomb. */
export const MAX_IMAGE_PIXELS = 100_000_000;
/** A read of a local file that takes longer is stuck (a FIFO, a dead network mount). */
const READ_TIMEOUT_MS = 15_000;
/** A 100-megapixel JPEG decodes in a few seconds; this bounds a crafted file that would not. */
const DECODE_TIMEOUT_SECONDS = 30;
/** Every decode: stop at the first corrupt or missing byte, refuse a pixel count past the limit. */
const DECODE_OPTIONS = { failOn: 'error', limitInputPixels: MAX_IMAGE_PIXELS } as const;

/**
 * The bytes of an image file. Only a regular file is read: the file is opened without
 * blocking and checked before any read, so a FIFO or device put in an image's place fails
 * at once instead of holding a thread of the pool (and with it the task queue) forever;
 * a read that still stalls gives up after READ_TIMEOUT_MS.
 */
export async function readImageFile(imagePath: string): Promise<Buffer> {
  const handle = await fs.open(imagePath, fsConstants.O_RDONLY | (fsConstants.O_NONBLOCK ?? 0));
  try {
    const stat = await handle.stat();
    if (!stat.isFile()) throw new Error('the image is not a regular file');
    return await handle.readFile({ signal: AbortSignal.timeout(READ_TIMEOUT_MS) });
  } finally {
    await handle.close();
  }
}

/**
 * Decodes every pixel of an image (not only its header, which a file cut short still
 * has) and throws if any is missing or corrupt, if it has more than MAX_IMAGE_PIXELS or
 * if decoding takes too long. sharp decodes on its own threads, streaming, so the event
 * loop stays free and memory stays small whatever the size.
 */
export async function decodeWholeImage(data: Buffer): Promise<void> {
  await sharp(data, DECODE_OPTIONS)
    .timeout({ seconds: DECODE_TIMEOUT_SECONDS })
    // No shrink-on-load: every source pixel is decoded, then reduced to a few.
    .resize(8, 8, { fit: 'fill', fastShrinkOnLoad: false })
    .raw()
    .toBuffer();
}

/**
 * Transparent areas become white: a logo or cut-out reads better on white than on black.
 * The editor's thumbnails flatten on the same colour (makeThumbnail), so a preview shows
 * what the render will.
 */
export const FLATTEN_BACKGROUND = { r: 255, g: 255, b: 255 } as const;

/** WebP quality of a thumbnail: small files for a 500-card timeline, no visible blocking at card size. */
const THUMBNAIL_QUALITY = 80;

/**
 * A small WebP of an image as the render shows it: upright (EXIF), transparency flattened
 * on FLATTEN_BACKGROUND, at most `maxWidth` pixels wide (never enlarged), aspect kept.
 * sharp works on the libuv pool, so the event loop stays free.
 */
export async function makeThumbnail(data: Buffer, maxWidth: number): Promise<Buffer> {
  return sharp(data, DECODE_OPTIONS)
    .timeout({ seconds: DECODE_TIMEOUT_SECONDS })
    .autoOrient()
    .flatten({ background: FLATTEN_BACKGROUND })
    .resize({ width: maxWidth, withoutEnlargement: true })
    .webp({ quality: THUMBNAIL_QUALITY })
    .toBuffer();
}

export type PreparedImage = {
  /** Identifies these pixels to the frame worker, which keeps their YUV conversion for the next clip that shows them. */
  id: number;
  /**
   * Packed RGB, width × height × 3 bytes, in shared memory: handing the picture to the frame
   * worker then copies nothing (cloning ~10 MB held the event loop for ~¼ s per clip).
   */
  rgb: Uint8Array;
  width: number;
  height: number;
  /** The cover size (ken-burns.ts coordinates) this image was scaled from. */
  cover: Size;
};

let lastImageId = 0;

function sharedCopy(bytes: Uint8Array): Uint8Array {
  const shared = new Uint8Array(new SharedArrayBuffer(bytes.length));
  shared.set(bytes);
  return shared;
}

/** The cached pixels read straight into shared memory; null when missing or of the wrong size. */
async function readCachedPixels(cachePath: string, bytes: number): Promise<Uint8Array | null> {
  const handle = await fs.open(cachePath, 'r').catch(() => null);
  if (handle === null) return null;
  try {
    if ((await handle.stat()).size !== bytes) return null;
    const pixels = new Uint8Array(new SharedArrayBuffer(bytes));
    for (let at = 0; at < bytes; ) {
      const { bytesRead } = await handle.read(pixels, at, bytes - at, at);
      if (bytesRead === 0) return null;
      at += bytesRead;
    }
    return pixels;
  } catch {
    return null;
  } finally {
    await handle.close();
  }
}

const roundUpToEven = (n: number): number => 2 * Math.ceil(n / 2 - 1e-9);

/**
 * Cover size × zoom, rounded up to even numbers (yuv420p halves both axes): at the
 * tightest window (output / zoom in cover units) that is ≥ 1 source pixel per output pixel,
 * so the renderer only ever shrinks or shifts, never enlarges.
 */
export function preparedImageSize(image: Size, output: Size, zoomIntensity: number): Size {
  const cover = coverSize(image, output);
  return {
    width: Math.max(2, roundUpToEven(cover.width * zoomIntensity)),
    height: Math.max(2, roundUpToEven(cover.height * zoomIntensity)),
  };
}

/** Width and height as displayed, i.e. after EXIF rotation; throws if the file is not an image. */
export async function readImageSize(imagePath: string): Promise<Size> {
  return imageSize(await readImageFile(imagePath));
}

async function imageSize(data: Buffer): Promise<Size> {
  const meta = await sharp(data, DECODE_OPTIONS).metadata();
  const size = meta.autoOrient;
  if (size.width <= 0 || size.height <= 0) throw new Error('image has no pixels');
  return { width: size.width, height: size.height };
}

export async function prepareImage(
  imagePath: string,
  output: Size,
  zoomIntensity: number,
  cacheDir?: string,
): Promise<PreparedImage> {
  const data = await readImageFile(imagePath);
  const oriented = await imageSize(data);
  const cover = coverSize(oriented, output);
  const { width, height } = preparedImageSize(oriented, output, zoomIntensity);
  const cachePath = cacheDir === undefined ? undefined : path.join(cacheDir, cacheKey(data, width, height));
  if (cachePath !== undefined) {
    const cached = await readCachedPixels(cachePath, width * height * 3);
    if (cached !== null) return { id: ++lastImageId, rgb: cached, width, height, cover };
  }
  const rgb = await sharp(data, DECODE_OPTIONS)
    .timeout({ seconds: DECODE_TIMEOUT_SECONDS })
    .autoOrient()
    .flatten({ background: FLATTEN_BACKGROUND })
    .removeAlpha()
    .toColourspace('srgb')
    // The aspect ratio is the cover's up to the rounding to even pixels, so 'fill' only
    // stretches by under a pixel; lanczos3 keeps detail when shrinking large photos.
    .resize(width, height, { fit: 'fill', kernel: 'lanczos3' })
    .raw()
    .toBuffer();
  if (rgb.length !== width * height * 3) throw new Error('unexpected pixel layout after preparing the image');
  if (cachePath !== undefined) await writeCache(cachePath, rgb);
  return { id: ++lastImageId, rgb: sharedCopy(rgb), width, height, cover };
}

/**
 * A cache is an optimisation: a folder that cannot be created or written (disk full,
 * permissions) must not fail the render, nor be reported as an undecodable image.
 */
async function writeCache(cachePath: string, rgb: Buffer): Promise<void> {
  const tmp = `${cachePath}.${process.pid}.tmp`;
  try {
    await fs.mkdir(path.dirname(cachePath), { recursive: true });
    await fs.writeFile(tmp, rgb);
    await fs.rename(tmp, cachePath);
  } catch {
    await fs.rm(tmp, { force: true }).catch(() => undefined);
  }
}

function cacheKey(data: Buffer, width: number, height: number): string {
  const hash = createHash('sha256');
  hash.update(data);
  return `${hash.digest('hex').slice(0, 32)}-${width}x${height}.rgb`;
}
