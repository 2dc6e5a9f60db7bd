import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { BadRequestError } from '../../src/errors.js';
import { openDatabase } from '../../src/db/database.js';
import { insertProject } from '../../src/db/projects.js';
import { appendSegments, findSegment } from '../../src/db/segments.js';
import { detectImageFormat, replaceSegmentImage, safeImageName } from '../../src/services/segment-images.js';
import { makeTempDir } from '../helper.js';

describe('safeImageName', () => {
  it.each([
    ['photo.png', 'png', 'photo.png'],
    ['Photo.JPG', 'jpeg', 'Photo.jpg'],
    ['../../x.png', 'png', 'x.png'],
    ['C:\\Users\\me\\cat.webp', 'webp', 'cat.webp'],
    ['a b/c d (2).jpeg', 'jpeg', 'c_d_2_.jpg'],
    ['..', 'png', 'image.png'],
    ['', 'png', 'image.png'],
    ['.bashrc', 'png', 'image.png'],
    ['über schön.png', 'png', 'ber_sch_n.png'],
    ['no-extension', 'webp', 'no-extension.webp'],
  ] as const)('turns %j (%s) into %j', (name, format, expected) => {
    expect(safeImageName(name, format)).toBe(expected);
  });

  it('caps the name at 100 characters plus the extension', () => {
    expect(safeImageName(`${'a'.repeat(300)}.png`, 'png')).toBe(`${'a'.repeat(100)}.png`);
  });
});

describe('detectImageFormat', () => {
  const make = (format: 'png' | 'jpeg' | 'webp' | 'gif' | 'tiff') =>
    sharp({ create: { width: 4, height: 4, channels: 3, background: '#123' } }).toFormat(format).toBuffer();

  it.each(['png', 'jpeg', 'webp'] as const)('recognises %s by its bytes', async (format) => {
    expect(await detectImageFormat(await make(format))).toBe(format);
  });

  it.each(['gif', 'tiff'] as const)('rejects %s', async (format) => {
    await expect(detectImageFormat(await make(format))).rejects.toEqual(
      new BadRequestError('invalid_image', 'Invalid image file', `Unsupported image format "${format}"; upload a JPEG, PNG or WebP`),
    );
  });

  it('rejects bytes that are not an image', async () => {
    await expect(detectImageFormat(Buffer.from('<svg'))).rejects.toBeInstanceOf(BadRequestError);
  });
});

describe('replaceSegmentImage', () => {
  function setup() {
    const dir = makeTempDir();
    const db = openDatabase(path.join(dir, 'storyflow.db'));
    const mediaDir = path.join(dir, 'media');
    const project = insertProject(db, { title: 'T' });
    const [segment] = appendSegments(db, project.id, [{ text_content: 'a', image_prompt: '' }]);
    if (segment === undefined) throw new Error('no segment');
    const imagesDir = path.join(mediaDir, 'projects', project.id, 'images');
    return { db, mediaDir, segment, imagesDir, close: () => db.close() };
  }
  const png = () => sharp({ create: { width: 4, height: 4, channels: 3, background: '#f00' } }).png().toBuffer();

  it('keeps the previous image when the new one cannot be stored', async () => {
    const { db, mediaDir, segment, imagesDir, close } = setup();
    const first = await replaceSegmentImage(db, mediaDir, segment, { filename: 'old.png', data: await png() });
    // A directory where the new file should go makes the rename fail after the temp file is written.
    fs.mkdirSync(path.join(imagesDir, `${segment.id}_new.png`, 'blocker'), { recursive: true });
    await expect(replaceSegmentImage(db, mediaDir, first, { filename: 'new.png', data: await png() })).rejects.toThrow();
    expect(findSegment(db, segment.id)?.image_file).toBe(first.image_file);
    expect(fs.readdirSync(imagesDir).sort()).toEqual([`${segment.id}_new.png`, `${segment.id}_old.png`]);
    close();
  });

  it('leaves exactly the file the segment points at when two uploads overlap', async () => {
    const { db, mediaDir, segment, imagesDir, close } = setup();
    const data = await png();
    await Promise.all([
      replaceSegmentImage(db, mediaDir, segment, { filename: 'a.png', data }),
      replaceSegmentImage(db, mediaDir, segment, { filename: 'b.png', data }),
    ]);
    const current = findSegment(db, segment.id)?.image_file ?? '';
    expect(fs.readdirSync(imagesDir)).toEqual([path.basename(current)]);
    close();
  });
});
