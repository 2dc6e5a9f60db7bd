import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { BadRequestError, NotFoundError } from '../errors.js';
import type { Db } from '../db/database.js';
import { findSegment, setSegmentImage, type Segment } from '../db/segments.js';
import { imagesPath, removeMediaFile, resolveMediaPath } from '../storage/media.js';

export type ImageFormat = 'jpeg' | 'png' | 'webp';

const EXTENSIONS: Record<ImageFormat, string> = { jpeg: '.jpg', png: '.png', webp: '.webp' };

/**
 * The format of an image judged by its content (sharp reads the header), or a
 * BadRequestError saying why it is not a usable JPEG, PNG or WebP.
 */
export async function detectImageFormat(data: Buffer): Promise<ImageFormat> {
  if (data.length === 0) throw invalidImage('The file is empty');
  const meta = await sharp(data)
    .metadata()
    .catch(() => null);
  if (meta === null) throw invalidImage('The file is not a readable image; upload a JPEG, PNG or WebP');
  const format = meta.format;
  if (format !== 'jpeg' && format !== 'png' && format !== 'webp') {
    throw invalidImage(`Unsupported image format "${format}"; upload a JPEG, PNG or WebP`);
  }
  if (!meta.width || !meta.height) throw invalidImage('The image has no width or height');
  return format;
}

/**
 * A file name that cannot leave the images folder: the last path component only (either
 * separator), characters outside [A-Za-z0-9._-] replaced, no leading dots, and the
 * extension of the detected format, so the file is served with the right content type
 * whatever the upload was called.
 */
export function safeImageName(originalName: string, format: ImageFormat): string {
  const base = originalName.split(/[\\/]/).pop() ?? '';
  const stem = base
    .replace(/\.[^.]*$/, '')
    .replace(/[^A-Za-z0-9._-]+/g, '_')
    .replace(/^[._]+/, '')
    .slice(0, 100);
  return `${stem || 'image'}${EXTENSIONS[format]}`;
}

/**
 * Stores an uploaded image as the segment's image (SPEC §2.3): the bytes go to a temp file
 * that is renamed into place, the database points at the new file, and only then is the
 * previous file removed, so a failure at any step leaves the old image in use. The file is
 * kept as uploaded, EXIF orientation included: browsers honour it in <img> and the renderer
 * rotates with sharp (engine/images.ts).
 */
export async function replaceSegmentImage(
  db: Db,
  mediaDir: string,
  segment: Segment,
  upload: { filename: string; data: Buffer },
): Promise<Segment> {
  const format = await detectImageFormat(upload.data);
  const relative = `${imagesPath(segment.project_id)}/${segment.id}_${safeImageName(upload.filename, format)}`;
  const target = resolveMediaPath(mediaDir, relative);
  await fs.mkdir(path.dirname(target), { recursive: true });
  // Dot-prefixed, so @fastify/static (dotfiles: deny) never serves a half-written file.
  const temp = path.join(path.dirname(target), `.upload-${crypto.randomUUID()}.tmp`);
  try {
    await fs.writeFile(temp, upload.data);
    await fs.rename(temp, target);
  } catch (err) {
    await fs.rm(temp, { force: true });
    throw err;
  }
  // Read the previous image at the swap itself (no await between the two statements), so
  // of two overlapping uploads the second removes the first one's file, not a stale path.
  const previous = findSegment(db, segment.id)?.image_file ?? null;
  const updated = setSegmentImage(db, segment.id, relative);
  if (updated === undefined) {
    // The segment was deleted while the upload was in flight.
    await removeMediaFile(mediaDir, relative);
    throw new NotFoundError('Segment');
  }
  if (previous !== null && previous !== relative) await removeMediaFile(mediaDir, previous);
  return updated;
}

function invalidImage(details: string): BadRequestError {
  return new BadRequestError('invalid_image', 'Invalid image file', details);
}
