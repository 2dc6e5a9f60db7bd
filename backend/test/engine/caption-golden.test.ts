/**
 * Burned-in captions against golden images (SPEC §7.3), drawn by the frame worker exactly
 * as a render draws them: Latin, Arabic shaped right to left with one word highlighted,
 * Hebrew, and the 9:16 safe zone. The comparison is SSIM over the caption's own box (a
 * whole-frame SSIM would pass with the caption missing). Regenerate after an intended
 * change with UPDATE_GOLDEN=1 and look at the PNGs.
 */
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import type { RenderCaptions } from '../../src/engine/caption-track.js';
import { drawSegmentFrame, yuv420ToRgb } from '../../src/engine/segment-frame.js';
import type { WordTiming } from '../../src/engine/speech/word-timings.js';
import { resolveCaptionFont } from '../../src/services/caption-fonts.js';
import { makeTempDir } from '../helper.js';
import { ssim } from './timeline-media.js';

const GOLDEN = path.join(import.meta.dirname, '..', 'fixtures', 'golden');
const FPS = 25;
const BACKGROUND = { r: 40, g: 70, b: 110 };

async function font(name: string): Promise<string> {
  return (await resolveCaptionFont('/nonexistent', `bundled:${name}`))!;
}

function timed(text: string, starts: number[]): WordTiming[] {
  return text.split(' ').map((word, i) => ({ word, start: starts[i]!, end: (starts[i + 1] ?? starts[i]! + 0.5) - 0.05 }));
}

type Case = { width: number; height: number; words: WordTiming[]; captions: RenderCaptions; atSeconds: number };

/** The frame as RGB, on a flat picture (a flat picture stays flat under any motion, so only the caption shows). */
async function draw(c: Case): Promise<Buffer> {
  const imagePath = path.join(makeTempDir(), 'flat.png');
  await sharp({ create: { width: 64, height: 64, channels: 3, background: BACKGROUND } }).png().toFile(imagePath);
  const size = { width: c.width, height: c.height };
  const yuv = await drawSegmentFrame({
    imagePath, motion: 'still', focus: null, size, zoomIntensity: 1.2, fps: FPS, spanFrames: 3 * FPS,
    frame: Math.round(c.atSeconds * FPS), words: c.words, captions: c.captions,
  });
  return Buffer.from(yuv420ToRgb(yuv, c.width, c.height));
}

type Box = { left: number; top: number; right: number; bottom: number };

/** Pixels that are not the background: the caption's box (inclusive), or null with none. */
function captionBox(rgb: Buffer, width: number, height: number): Box | null {
  let box: Box | null = null;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const o = (y * width + x) * 3;
      const d = Math.abs(rgb[o]! - BACKGROUND.r) + Math.abs(rgb[o + 1]! - BACKGROUND.g) + Math.abs(rgb[o + 2]! - BACKGROUND.b);
      if (d < 24) continue;
      if (box === null) box = { left: x, top: y, right: x, bottom: y };
      else {
        box.left = Math.min(box.left, x);
        box.right = Math.max(box.right, x);
        box.top = Math.min(box.top, y);
        box.bottom = Math.max(box.bottom, y);
      }
    }
  }
  return box;
}

async function gray(rgb: Buffer, width: number, height: number): Promise<Buffer> {
  return sharp(rgb, { raw: { width, height, channels: 3 } }).greyscale().raw().toBuffer();
}

/** SSIM of the two frames over the union of their caption boxes (padded by 4 px), in gray. */
async function captionSsim(actual: Buffer, golden: Buffer, width: number, height: number): Promise<number> {
  const a = captionBox(actual, width, height);
  const b = captionBox(golden, width, height);
  if (a === null || b === null) return a === b ? 1 : 0;
  const left = Math.max(0, Math.min(a.left, b.left) - 4);
  const top = Math.max(0, Math.min(a.top, b.top) - 4);
  const w = Math.min(width, Math.max(a.right, b.right) + 5) - left;
  const h = Math.min(height, Math.max(a.bottom, b.bottom) + 5) - top;
  const crop = async (rgb: Buffer) =>
    sharp(await gray(rgb, width, height), { raw: { width, height, channels: 1 } }).extract({ left, top, width: w, height: h }).raw().toBuffer();
  return ssim(await crop(actual), await crop(golden), w, h);
}

/** Compares with (or, with UPDATE_GOLDEN=1, writes) `name`.png; returns the frame's RGB. */
async function expectGolden(name: string, c: Case): Promise<Buffer> {
  const rgb = await draw(c);
  const file = path.join(GOLDEN, `${name}.png`);
  if (process.env.UPDATE_GOLDEN === '1') {
    fs.mkdirSync(GOLDEN, { recursive: true });
    await sharp(rgb, { raw: { width: c.width, height: c.height, channels: 3 } }).png({ compressionLevel: 9 }).toFile(file);
  }
  const golden = await sharp(file).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  expect([golden.info.width, golden.info.height]).toEqual([c.width, c.height]);
  expect(await captionSsim(rgb, golden.data, c.width, c.height)).toBeGreaterThanOrEqual(0.99);
  return rgb;
}

type Rgb = { r: number; g: number; b: number };

/** Pixels for which `is` holds, and their mean x. */
function pixelsOf(rgb: Buffer, width: number, is: (p: Rgb) => boolean): { count: number; meanX: number } {
  let count = 0;
  let sumX = 0;
  for (let i = 0; i < rgb.length; i += 3) {
    if (!is({ r: rgb[i]!, g: rgb[i + 1]!, b: rgb[i + 2]! })) continue;
    count += 1;
    sumX += (i / 3) % width;
  }
  return { count, meanX: count === 0 ? 0 : sumX / count };
}

function look(fontPath: string, overrides: Partial<RenderCaptions> = {}): RenderCaptions {
  return { fontPath, style: 'classic', wordsPerCaption: 7, position: 'bottom', size: 96, color: '#FFFFFF', outlineColor: '#000000', highlightColor: '#FFD400', ...overrides };
}

/** The highlight colour (#FFD400) after antialiasing and 4:2:0 chroma: warm, bright, no blue. */
const YELLOW = (p: Rgb): boolean => p.r > 150 && p.g > 110 && p.b < 100 && p.r - p.b > 100;
const WHITE = (p: Rgb): boolean => p.r > 225 && p.g > 225 && p.b > 225;
const BLACK = (p: Rgb): boolean => p.r < 30 && p.g < 30 && p.b < 30;

describe('burned-in caption golden images', () => {
  it('Latin, classic, bottom: white text with a black outline in the lower safe area', async () => {
    const c: Case = { width: 320, height: 180, atSeconds: 0.5, words: timed('The keeper climbed the stairs', [0.1, 0.4, 0.8, 1.2, 1.4]), captions: look(await font('noto-sans')) };
    const rgb = await expectGolden('caption-latin-320x180', c);
    const box = captionBox(rgb, c.width, c.height)!;
    expect(box.top).toBeGreaterThan(c.height / 2);
    expect(box.bottom).toBeLessThan(c.height * 0.93);
    expect(pixelsOf(rgb, c.width, WHITE).count).toBeGreaterThan(100);
    expect(pixelsOf(rgb, c.width, BLACK).count).toBeGreaterThan(100);
  });

  it('Arabic, highlight: joined right-to-left, the first spoken word lit at the right end', async () => {
    const words = timed('كان الحارس يصعد الدرج', [0.1, 0.6, 1.1, 1.6]);
    const captions = look(await font('noto-sans-arabic'), { style: 'highlight' });
    const first = await expectGolden('caption-arabic-highlight-320x180', { width: 320, height: 180, atSeconds: 0.3, words, captions });
    const lit = pixelsOf(first, 320, YELLOW);
    expect(lit.count).toBeGreaterThan(20);
    const box = captionBox(first, 320, 180)!;
    // Reading starts at the right: the first word's highlight sits in the caption's right part.
    expect(lit.meanX).toBeGreaterThan((box.left + box.right) / 2 + 20);
    // The last word is lit at the left end once it is spoken.
    const last = pixelsOf(await draw({ width: 320, height: 180, atSeconds: 1.7, words, captions }), 320, YELLOW);
    expect(last.meanX).toBeLessThan((box.left + box.right) / 2 - 20);
  });

  it('Hebrew (DejaVu Sans): right to left', async () => {
    const c: Case = { width: 320, height: 180, atSeconds: 0.2, words: timed('השומר עלה במדרגות', [0.1, 0.6, 1.1]), captions: look(await font('dejavu-sans'), { style: 'highlight' }) };
    const rgb = await expectGolden('caption-hebrew-highlight-320x180', c);
    const box = captionBox(rgb, c.width, c.height)!;
    expect(pixelsOf(rgb, c.width, YELLOW).meanX).toBeGreaterThan((box.left + box.right) / 2 + 20);
  });

  it('9:16: the caption keeps out of the bottom 18 % and the right 8 %, even at the largest size', async () => {
    for (const [size, name] of [
      [96, 'caption-9x16-180x320'],
      [160, null],
    ] as const) {
      const c: Case = {
        width: 180, height: 320, atSeconds: 0.5,
        words: timed('A storm rolled over the grey sea', [0.1, 0.3, 0.6, 0.9, 1.1, 1.3, 1.5]),
        captions: look(await font('noto-sans'), { size }),
      };
      const rgb = name === null ? await draw(c) : await expectGolden(name, c);
      const box = captionBox(rgb, c.width, c.height)!;
      expect(box.bottom, `size ${size}`).toBeLessThan(c.height * 0.82);
      expect(box.right, `size ${size}`).toBeLessThan(c.width * 0.92);
      expect(box.left, `size ${size}`).toBeGreaterThan(0);
    }
  });

  it('shows no caption before the first word or between captions', async () => {
    const c: Case = { width: 320, height: 180, atSeconds: 0, words: timed('Late words', [0.8, 1.2]), captions: look(await font('noto-sans')) };
    expect(captionBox(await draw(c), c.width, c.height)).toBeNull();
    expect(captionBox(await draw({ ...c, atSeconds: 1 }), c.width, c.height)).not.toBeNull();
  });
});
