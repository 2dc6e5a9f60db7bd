/**
 * Image preparation with sharp: upright (EXIF), opaque (alpha flattened), and scaled so
 * the tightest Ken Burns window has at least one source pixel per output pixel. Any
 * size or aspect ratio comes out covering the frame; nothing is centre-cropped at
 * native size.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { coverSize, type Size } from './ken-burns.js';

/** Transparent areas become white: a logo or cut-out reads better on white than on black. */
const FLATTEN_BACKGROUND = { r: 255, g: 255, b: 255 };

export type PreparedImage = {
  /** Packed RGB, width × height × 3 bytes. */
  rgb: Uint8Array;
  width: number;
  height: number;
  /** The cover size (ken-burns.ts coordinates) this image was scaled from. */
  cover: Size;
};

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
  const meta = await sharp(imagePath).metadata();
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
  const oriented = await readImageSize(imagePath);
  const cover = coverSize(oriented, output);
  const { width, height } = preparedImageSize(oriented, output, zoomIntensity);
  const cachePath =
    cacheDir === undefined ? undefined : path.join(cacheDir, await cacheKey(imagePath, width, height));
  if (cachePath !== undefined) {
    const cached = await fs.readFile(cachePath).catch(() => null);
    if (cached !== null && cached.length === width * height * 3) return { rgb: cached, width, height, cover };
  }
  const rgb = await sharp(imagePath)
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
  return { rgb, width, height, cover };
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

async function cacheKey(imagePath: string, width: number, height: number): Promise<string> {
  const hash = createHash('sha256');
  hash.update(await fs.readFile(imagePath));
  return `${hash.digest('hex').slice(0, 32)}-${width}x${height}.rgb`;
}
