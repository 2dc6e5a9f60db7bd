/** Tiny test media and frame analysis for the engine tests (real sharp, real ffmpeg). */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import sharp from 'sharp';
import { requireTool, resolveMediaTools } from '../../src/engine/tools/media-tools.js';

export const TOOLS = await resolveMediaTools(process.env);

/** The programs StoryFlow itself would use here (system or bundled), so tests pass on a bare machine too. */
export const FFMPEG = requireTool(TOOLS.ffmpeg);
export const FFPROBE = requireTool(TOOLS.ffprobe);

/** Whether the system espeak-ng CLI runs here (absent on a bare machine and in the hidden-programs CI run). */
export function hasEspeakCli(): boolean {
  try {
    execFileSync('espeak-ng', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

export type Rgb = { r: number; g: number; b: number };

/** A colour with soft texture (so motion is visible), mostly `base`. */
export async function makeTexturedImage(file: string, width: number, height: number, base: Rgb, seed = 1): Promise<void> {
  const noise = await sharp({
    create: { width, height, channels: 3, background: base, noise: { type: 'gaussian', mean: 128, sigma: 60 } },
  })
    .blur(Math.max(0.5, Math.min(width, height) / 60))
    .raw()
    .toBuffer();
  const out = Buffer.alloc(width * height * 3);
  const rgb = [base.r, base.g, base.b];
  for (let i = 0; i < out.length; i++) out[i] = Math.max(0, Math.min(255, rgb[i % 3]! + ((noise[i]! - 128) * 0.3 * ((seed % 3) + 1)) / 2));
  const img = sharp(out, { raw: { width, height, channels: 3 } });
  await (file.endsWith('.png') ? img.png() : img.jpeg({ quality: 95 })).toFile(file);
}

/**
 * A high-contrast, smooth (band-limited) grey texture for measuring motion: sums of
 * sinusoids with periods of 20–90 px, so an 8-bit frame still carries sub-pixel position.
 */
export async function makePanTexture(file: string, width: number, height: number): Promise<void> {
  const pixels = Buffer.alloc(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const v =
        128 +
        45 * Math.sin(0.23 * x + 0.7) +
        30 * Math.sin(0.097 * x + 0.013 * y + 2.1) +
        25 * Math.sin(0.071 * x - 0.05 * y + 4.2) +
        15 * Math.sin(0.31 * x + 0.11 * y);
      pixels[y * width + x] = Math.max(0, Math.min(255, Math.round(v)));
    }
  }
  await sharp(pixels, { raw: { width, height, channels: 1 } }).png().toFile(file);
}

/** Four quadrants: red top-left, green top-right, blue bottom-left, yellow bottom-right. */
export async function makeQuadrantImage(file: string, width: number, height: number): Promise<void> {
  const hw = Math.floor(width / 2);
  const hh = Math.floor(height / 2);
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">
    <rect width="${hw}" height="${hh}" fill="#ff0000"/><rect x="${hw}" width="${width - hw}" height="${hh}" fill="#00ff00"/>
    <rect y="${hh}" width="${hw}" height="${height - hh}" fill="#0000ff"/><rect x="${hw}" y="${hh}" width="${width - hw}" height="${height - hh}" fill="#ffff00"/></svg>`;
  const img = sharp(Buffer.from(svg));
  await (file.endsWith('.png') ? img.png() : img.jpeg({ quality: 95 })).toFile(file);
}

/** A mono WAV of exactly `seconds` (choose seconds × 24000 whole). */
export function makeToneWav(file: string, seconds: number, frequency = 440): void {
  execFileSync(FFMPEG, ['-v', 'error', '-y', '-f', 'lavfi', '-i', `sine=frequency=${frequency}:sample_rate=24000:duration=${seconds}`, '-c:a', 'pcm_s16le', file]);
}

export type Probe = {
  streams: { codec_type: string; codec_name: string; width?: number; height?: number; pix_fmt?: string; r_frame_rate?: string; nb_frames?: string; duration?: string }[];
  format: { duration: string };
};

export function probe(file: string): Probe {
  return JSON.parse(execFileSync(FFPROBE, ['-v', 'error', '-print_format', 'json', '-show_format', '-show_streams', file], { encoding: 'utf8' })) as Probe;
}

/** Every frame decoded to raw pixels (`gray` = 1 byte per pixel, `rgb24` = 3). */
export function decodeFrames(file: string, width: number, height: number, pixFmt: 'gray' | 'rgb24'): Buffer[] {
  const raw = execFileSync(FFMPEG, ['-v', 'error', '-i', file, '-f', 'rawvideo', '-pix_fmt', pixFmt, 'pipe:1'], { maxBuffer: 1 << 30 });
  const size = width * height * (pixFmt === 'gray' ? 1 : 3);
  const frames: Buffer[] = [];
  for (let o = 0; o + size <= raw.length; o += size) frames.push(raw.subarray(o, o + size));
  return frames;
}

/** Mean colour of a rectangle of an rgb24 frame. */
export function meanColour(frame: Buffer, width: number, rect: { x: number; y: number; w: number; h: number }): Rgb {
  let r = 0;
  let g = 0;
  let b = 0;
  for (let y = rect.y; y < rect.y + rect.h; y++) {
    for (let x = rect.x; x < rect.x + rect.w; x++) {
      const o = (y * width + x) * 3;
      r += frame[o]!;
      g += frame[o + 1]!;
      b += frame[o + 2]!;
    }
  }
  const n = rect.w * rect.h;
  return { r: r / n, g: g / n, b: b / n };
}

export function colourDistance(a: Rgb, b: Rgb): number {
  return Math.hypot(a.r - b.r, a.g - b.g, a.b - b.b);
}

export function meanAbsDifference(a: Buffer, b: Buffer): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += Math.abs(a[i]! - b[i]!);
  return sum / a.length;
}

/** md5 of every decoded frame (ffmpeg's framemd5 muxer), for determinism checks. */
export function frameMd5s(file: string): string[] {
  const out = execFileSync(FFMPEG, ['-v', 'error', '-i', file, '-map', '0:v', '-f', 'framemd5', 'pipe:1'], { encoding: 'utf8' });
  return out.split('\n').filter((l) => l !== '' && !l.startsWith('#'));
}

/** Top-level MP4 box types in file order (faststart puts moov before mdat). */
export function topLevelBoxes(file: string): string[] {
  const data = fs.readFileSync(file);
  const boxes: string[] = [];
  let offset = 0;
  while (offset + 8 <= data.length) {
    let size = data.readUInt32BE(offset);
    const type = data.toString('latin1', offset + 4, offset + 8);
    if (size === 1) size = Number(data.readBigUInt64BE(offset + 8));
    if (size === 0) size = data.length - offset;
    boxes.push(type);
    offset += size;
  }
  return boxes;
}

/** Column means of a gray frame: a 1-D signal that shifts as the picture pans horizontally. */
export function columnProfile(frame: Buffer, width: number, height: number): Float64Array {
  const profile = new Float64Array(width);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) profile[x]! += frame[y * width + x]!;
  for (let x = 0; x < width; x++) profile[x]! /= height;
  return profile;
}

function catmullRom(signal: Float64Array, pos: number): number {
  const i = Math.floor(pos);
  const t = pos - i;
  const at = (k: number): number => signal[Math.max(0, Math.min(signal.length - 1, k))]!;
  const p0 = at(i - 1);
  const p1 = at(i);
  const p2 = at(i + 1);
  const p3 = at(i + 2);
  return 0.5 * (2 * p1 + (-p0 + p2) * t + (2 * p0 - 5 * p1 + 4 * p2 - p3) * t * t + (-p0 + 3 * p1 - 3 * p2 + p3) * t * t * t);
}

/**
 * Sub-pixel displacement d such that next(x) ≈ prev(x + d): integer search, then the
 * minimum of the sum of squared differences against a cubic-interpolated `prev`, refined
 * on a fine grid with a parabola through the best three points.
 */
export function estimateShift(prev: Float64Array, next: Float64Array, maxShift = 8): number {
  const margin = maxShift + 3;
  const ssd = (d: number): number => {
    let s = 0;
    for (let x = margin; x < next.length - margin; x++) {
      const diff = next[x]! - catmullRom(prev, x + d);
      s += diff * diff;
    }
    return s;
  };
  let best = 0;
  let bestCost = Infinity;
  for (let d = -maxShift; d <= maxShift; d++) {
    const c = ssd(d);
    if (c < bestCost) {
      bestCost = c;
      best = d;
    }
  }
  const step = 0.01;
  let fine = best;
  bestCost = Infinity;
  for (let d = best - 1; d <= best + 1 + 1e-9; d += step) {
    const c = ssd(d);
    if (c < bestCost) {
      bestCost = c;
      fine = d;
    }
  }
  const c0 = ssd(fine - step);
  const c1 = ssd(fine);
  const c2 = ssd(fine + step);
  const denom = c0 - 2 * c1 + c2;
  return denom > 0 ? fine + (step * (c0 - c2)) / (2 * denom) : fine;
}

export function meanAndStd(values: number[]): { mean: number; std: number } {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const variance = values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length;
  return { mean, std: Math.sqrt(variance) };
}
