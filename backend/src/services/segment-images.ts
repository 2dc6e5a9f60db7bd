import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { BadRequestError, NotFoundError } from '../errors.js';
import type { Db } from '../db/database.js';
import { findProject } from '../db/projects.js';
import { findSegment, setSegmentImage, type Segment } from '../db/segments.js';
import { decodeWholeImage, MAX_IMAGE_PIXELS } from '../engine/index.js';
import { imagesPath, removeMediaFile, removeProjectMedia, resolveMediaPath } from '../storage/media.js';

export type ImageFormat = 'jpeg' | 'png' | 'webp';

const EXTENSIONS: Record<ImageFormat, string> = { jpeg: '.jpg', png: '.png', webp: '.webp' };

/**
 * The format of an image judged by its content, or a BadRequestError saying why it is
 * not a usable JPEG, PNG or WebP. The header says the format and size; then every pixel
 * is decoded, since a file cut short keeps a valid header and would only fail the render.
 */
export async function detectImageFormat(data: Buffer): Promise<ImageFormat> {
  if (data.length === 0) throw invalidImage('The file is empty');
  // Reading the header decodes no pixels, so any size may be read here and refused below by name.
  const meta = await sharp(data, { limitInputPixels: false })
    .metadata()
    .catch(() => null);
  if (meta === null) throw invalidImage('The file is not a readable image; upload a JPEG, PNG or WebP');
  const format = meta.format;
  if (format !== 'jpeg' && format !== 'png' && format !== 'webp') {
    throw invalidImage(`Unsupported image format "${format}"; upload a JPEG, PNG or WebP`);
  }
  if (!meta.width || !meta.height) throw invalidImage('The image has no width or height');
  if (meta.width * meta.height > MAX_IMAGE_PIXELS) {
    throw invalidImage(
      `The image is ${meta.width}×${meta.height} pixels; at most ${MAX_IMAGE_PIXELS / 1_000_000} megapixels are accepted`,
    );
  }
  await decodeWholeImage(data).catch((err: unknown) => {
    const reason = err instanceof Error && /timeout/i.test(err.message) ? 'took too long to decode' : 'is damaged or incomplete';
    throw invalidImage(`The image ${reason}; upload the file again or export it anew`);
  });
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
  // The body took a while to arrive: the segment (or its project) may be gone by now, and
  // then no folder may be created for it.
  if (findSegment(db, segment.id) === undefined) throw new NotFoundError('Segment');
  const relative = `${imagesPath(segment.project_id)}/${segment.id}_${safeImageName(upload.filename, format)}`;
  const target = resolveMediaPath(mediaDir, relative);
  // Dot-prefixed, so @fastify/static (dotfiles: deny) never serves a half-written file.
  const temp = path.join(path.dirname(target), `.upload-${crypto.randomUUID()}.tmp`);
  try {
    await fs.mkdir(path.dirname(target), { recursive: true });
    await fs.writeFile(temp, upload.data);
    await fs.rename(temp, target);
  } catch (err) {
    await fs.rm(temp, { force: true });
    // A project deleted while its files were written removes its folder from under us.
    if (findSegment(db, segment.id) === undefined) throw await segmentGone(db, mediaDir, segment, relative);
    throw err;
  }
  // Read the previous image at the swap itself (no await between the two statements), so
  // of two overlapping uploads the second removes the first one's file, not a stale path.
  const previous = findSegment(db, segment.id)?.image_file ?? null;
  const updated = setSegmentImage(db, segment.id, relative);
  if (updated === undefined) throw await segmentGone(db, mediaDir, segment, relative);
  if (previous !== null && previous !== relative) await removeMediaFile(mediaDir, previous);
  return updated;
}

/**
 * The segment was deleted while its upload was written: remove what the upload wrote,
 * and when the whole project went, its media folder too (the upload may have created it
 * again after the project's delete removed it).
 */
async function segmentGone(db: Db, mediaDir: string, segment: Segment, relative: string): Promise<NotFoundError> {
  if (findProject(db, segment.project_id) === undefined) await removeProjectMedia(mediaDir, segment.project_id);
  else await removeMediaFile(mediaDir, relative);
  return new NotFoundError('Segment');
}

function invalidImage(details: string): BadRequestError {
  return new BadRequestError('invalid_image', 'Invalid image file', details);
}
