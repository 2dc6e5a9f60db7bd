/** Acoustic word onsets in a speech WAV, for the caption timing tests. */
import fs from 'node:fs';
import { parseWavHeader } from '../../src/engine/wav.js';

/** Acoustic onsets (seconds): the first loud 5 ms window after at least 100 ms of quiet. */
export function energyOnsets(file: string): number[] {
  const buf = fs.readFileSync(file);
  const info = parseWavHeader(buf);
  const windowFrames = Math.round(info.sampleRate / 200);
  const onsets: number[] = [];
  let quiet = 20;
  for (let w = 0; (w + 1) * windowFrames <= info.frames; w++) {
    let sum = 0;
    for (let i = 0; i < windowFrames; i++) sum += buf.readInt16LE(info.dataOffset + (w * windowFrames + i) * 2) ** 2;
    const loud = Math.sqrt(sum / windowFrames) > 500;
    if (loud && quiet >= 20) onsets.push((w * windowFrames) / info.sampleRate);
    quiet = loud ? 0 : quiet + 1;
  }
  return onsets;
}

export function quantile(sorted: readonly number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
}

export type FrameErrors = { count: number; median: number; p95: number; max: number };

/** Median, p95 and largest of absolute errors given in frames. */
export function summarize(errorsInFrames: readonly number[]): FrameErrors {
  const sorted = [...errorsInFrames].sort((a, b) => a - b);
  return { count: sorted.length, median: quantile(sorted, 0.5), p95: quantile(sorted, 0.95), max: sorted[sorted.length - 1]! };
}

/** Each acoustic onset against the nearest word start, in frames at `fps`. */
export function onsetErrors(file: string, starts: readonly number[], fps: number): FrameErrors {
  return summarize(energyOnsets(file).map((onset) => Math.min(...starts.map((s) => Math.abs(s - onset))) * fps));
}
