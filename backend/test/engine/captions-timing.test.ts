import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createWasmEspeakEngine } from '../../src/engine/speech/espeak-wasm.js';
import { makeTempDir } from '../helper.js';
import { energyOnsets, quantile } from './speech-onsets.js';

const FPS = 30;
// Pauses (sentence ends, commas) between words of one to six syllables, so each word after
// a pause has an onset the energy can find.
const TEXT =
  'Go. Extraordinary. Cat, elephant, umbrella. Responsibility. Yes. Mountains, rivers, and valleys. ' +
  'Unbelievable. Fish. Kilometre. Sunrise, midnight. Photography. Bread.';

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
