/** Media helpers for the timeline tests: exact PCM, ffprobe packets, SSIM, a counting ffmpeg. */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { encodeWav16 } from '../../src/engine/wav.js';
import { FFMPEG, FFPROBE } from './media.js';

export const RATE = 48000;

/** Writes samples (−1…1) as a 48 kHz mono 16-bit WAV. */
export function writePcmWav(file: string, samples: Float32Array): void {
  fs.writeFileSync(file, encodeWav16({ sampleRate: RATE, samples }));
}

/** Deterministic noise (a fixed LCG), so cross-correlation has one sharp peak. */
export function noise(count: number, seed: number, amplitude = 0.3): Float32Array {
  const out = new Float32Array(count);
  let x = seed >>> 0;
  for (let i = 0; i < count; i++) {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    out[i] = ((x / 2 ** 32) * 2 - 1) * amplitude;
  }
  return out;
}

export function sine(from: number, count: number, frequency: number, amplitude = 0.5): Float32Array {
  const out = new Float32Array(count);
  for (let i = 0; i < count; i++) out[i] = amplitude * Math.sin((2 * Math.PI * frequency * (from + i)) / RATE);
  return out;
}

/** The file's audio decoded to 48 kHz mono float. */
export function decodeAudio(file: string): Float32Array {
  const raw = execFileSync(FFMPEG, ['-v', 'error', '-i', file, '-map', '0:a:0', '-ac', '1', '-ar', String(RATE), '-f', 's16le', 'pipe:1'], {
    maxBuffer: 1 << 28,
  });
  const ints = new Int16Array(raw.buffer, raw.byteOffset, raw.length / 2);
  return Float32Array.from(ints, (v) => v / 32768);
}

/** The lag (in samples, within ±maxLag) at which `actual` best matches `expected`. */
export function bestLag(expected: Float32Array, actual: Float32Array, maxLag: number): number {
  let best = 0;
  let bestScore = -Infinity;
  const n = Math.min(expected.length, actual.length) - maxLag;
  for (let lag = -maxLag; lag <= maxLag; lag++) {
    let score = 0;
    for (let i = maxLag; i < n; i++) score += expected[i]! * actual[i + lag]!;
    if (score > bestScore) {
      bestScore = score;
      best = lag;
    }
  }
  return best;
}

export type VideoPacket = { dts: number; duration: number };

export function videoPackets(file: string): VideoPacket[] {
  const out = execFileSync(
    FFPROBE,
    ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'packet=dts,duration', '-of', 'json', file],
    { encoding: 'utf8', maxBuffer: 1 << 26 },
  );
  const packets = (JSON.parse(out) as { packets: { dts: string | number; duration: string | number }[] }).packets;
  return packets.map((p) => ({ dts: Number(p.dts), duration: Number(p.duration) }));
}

/** Mean SSIM of two gray frames over 8×8 windows (Wang et al. constants for 8-bit). */
export function ssim(a: Buffer, b: Buffer, width: number, height: number): number {
  const c1 = (0.01 * 255) ** 2;
  const c2 = (0.03 * 255) ** 2;
  let total = 0;
  let windows = 0;
  for (let y = 0; y + 8 <= height; y += 4) {
    for (let x = 0; x + 8 <= width; x += 4) {
      let sa = 0, sb = 0, saa = 0, sbb = 0, sab = 0;
      for (let dy = 0; dy < 8; dy++) {
        for (let dx = 0; dx < 8; dx++) {
          const i = (y + dy) * width + x + dx;
          const va = a[i]!;
          const vb = b[i]!;
          sa += va; sb += vb; saa += va * va; sbb += vb * vb; sab += va * vb;
        }
      }
      const n = 64;
      const ma = sa / n, mb = sb / n;
      const va = saa / n - ma * ma, vb = sbb / n - mb * mb, cov = sab / n - ma * mb;
      total += ((2 * ma * mb + c1) * (2 * cov + c2)) / ((ma * ma + mb * mb + c1) * (va + vb + c2));
      windows += 1;
    }
  }
  return total / windows;
}

export function meanLuma(frame: Buffer): number {
  let sum = 0;
  for (const v of frame) sum += v;
  return sum / frame.length;
}

/** A gray gradient image (horizontal or vertical) whose mean brightness is mid-grey either way. */
export async function makeGradient(file: string, width: number, height: number, direction: 'horizontal' | 'vertical'): Promise<void> {
  const px = Buffer.alloc(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const t = direction === 'horizontal' ? x / (width - 1) : y / (height - 1);
      px[y * width + x] = Math.round(48 + 160 * t);
    }
  }
  await sharp(px, { raw: { width, height, channels: 1 } }).png().toFile(file);
}

/**
 * A real ffmpeg behind a script that notes every x264 encoder it starts and every
 * soundtrack build and join, so a test can count the clips encoded (an encoder writes one
 * clip per entry of its -segment_frames), the encoders started, the soundtrack builds and
 * the joins of a render.
 */
export function countingFfmpeg(dir: string): {
  ffmpegPath: string;
  encodes: () => number;
  encoderRuns: () => number;
  soundtracks: () => number;
  joins: () => number;
} {
  const log = path.join(dir, 'encodes.log');
  const soundtrackLog = path.join(dir, 'soundtracks.log');
  const joinLog = path.join(dir, 'joins.log');
  const script = path.join(dir, 'ffmpeg-counting.sh');
  // A soundtrack build starts with the one ffmpeg that writes the narration stem (soundtrack.ts).
  fs.writeFileSync(
    script,
    `#!/bin/sh\ncase "$*" in *libx264*) echo "$*" >> '${log}';; esac\n` +
      `case "$*" in *'-map [narration_stem]'*) echo x >> '${soundtrackLog}';; esac\n` +
      `case "$*" in *'-f concat'*) echo x >> '${joinLog}';; esac\nexec ${FFMPEG} "$@"\n`,
    { mode: 0o755 },
  );
  const lines = (file: string): string[] => (fs.existsSync(file) ? fs.readFileSync(file, 'utf8').split('\n').filter(Boolean) : []);
  const clipsOf = (args: string): number => /-segment_frames (\S+)/.exec(args)?.[1]?.split(',').length ?? 1;
  return {
    ffmpegPath: script,
    encodes: () => lines(log).reduce((sum, args) => sum + clipsOf(args), 0),
    encoderRuns: () => lines(log).length,
    soundtracks: () => lines(soundtrackLog).length,
    joins: () => lines(joinLog).length,
  };
}
