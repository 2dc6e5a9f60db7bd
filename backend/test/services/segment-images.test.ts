import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { BadRequestError } from '../../src/api/errors.js';
import { detectImageFormat, safeImageName } from '../../src/services/segment-images.js';

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
      new BadRequestError('Invalid image file', `Unsupported image format "${format}"; upload a JPEG, PNG or WebP`),
    );
  });

  it('rejects bytes that are not an image', async () => {
    await expect(detectImageFormat(Buffer.from('<svg'))).rejects.toBeInstanceOf(BadRequestError);
  });
});
