import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createWasmEspeakEngine } from '../../src/engine/speech/espeak-wasm.js';
import { parseWavHeader } from '../../src/engine/wav.js';
import { makeTempDir } from '../helper.js';

const FPS = 30;
// Pauses (sentence ends, commas) between words of one to six syllables, so each word after
// a pause has an onset the energy can find.
const TEXT =
  'Go. Extraordinary. Cat, elephant, umbrella. Responsibility. Yes. Mountains, rivers, and valleys. ' +
  'Unbelievable. Fish. Kilometre. Sunrise, midnight. Photography. Bread.';

/** Acoustic onsets: the first loud 5 ms window after at least 100 ms of quiet. */
function energyOnsets(file: string): number[] {
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

function quantile(sorted: readonly number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
}

describe('caption timing on real speech', () => {
  it('stored word starts match the acoustic onsets after pauses: median ≤ 1 frame, p95 ≤ 2, none over 3 (30 fps)', async () => {
    const out = path.join(makeTempDir(), 'timing.wav');
    const result = await createWasmEspeakEngine().synthesize({ text: TEXT, voice: 'en-us', speed: 1, outputFile: out });
    const starts = (result.wordTimings ?? []).map((t) => t.start);
    const onsets = energyOnsets(out);
    // Every pause in the text yields one onset; each is compared with the nearest stored word start.
    expect(onsets.length).toBeGreaterThanOrEqual(15);
    const errorsInFrames = onsets.map((onset) => Math.min(...starts.map((s) => Math.abs(s - onset))) * FPS).sort((a, b) => a - b);
    const median = quantile(errorsInFrames, 0.5);
    const p95 = quantile(errorsInFrames, 0.95);
    const max = errorsInFrames[errorsInFrames.length - 1]!;
    console.log(`caption timing: ${onsets.length} onsets, median ${median.toFixed(2)}, p95 ${p95.toFixed(2)}, max ${max.toFixed(2)} frames at ${FPS} fps`);
    expect(median).toBeLessThanOrEqual(1);
    expect(p95).toBeLessThanOrEqual(2);
    expect(max).toBeLessThanOrEqual(3);
  });
});
