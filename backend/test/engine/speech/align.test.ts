import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { alignWordTimings } from '../../../src/engine/speech/align.js';
import { createWasmEspeakEngine } from '../../../src/engine/speech/espeak-wasm.js';
import type { WordTiming } from '../../../src/engine/speech/word-timings.js';
import { makeTempDir } from '../../helper.js';

const FPS = 30;
// Pauses of several lengths (full stops, commas) between words of one to six syllables.
const TEXT =
  'Go. Extraordinary. Cat, elephant, umbrella. Responsibility. Yes. Mountains, rivers, and valleys. ' +
  'Unbelievable. Fish. Kilometre. Sunrise, midnight. Photography. Bread.';

function quantile(sorted: readonly number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
}

type Errors = { median: number; p95: number; max: number };

/** Start errors in frames at 30 fps, word by word (the same words in the same order). */
function startErrors(truth: readonly WordTiming[], aligned: readonly WordTiming[]): Errors {
  expect(aligned.map((w) => w.word)).toEqual(truth.map((w) => w.word));
  const errors = truth.map((w, i) => Math.abs(w.start - aligned[i]!.start) * FPS).sort((a, b) => a - b);
  return { median: quantile(errors, 0.5), p95: quantile(errors, 0.95), max: errors[errors.length - 1]! };
}

describe('caption alignment (MFCC DTW against an espeak-ng reference)', () => {
  const cases = [
    { voice: 'en-us+f3', speed: 1.3, label: 'female variant, 30 % faster' },
    { voice: 'en-gb', speed: 0.8, label: 'British voice, 20 % slower' },
  ];
  for (const { voice, speed, label } of cases) {
    it(`times speech without word events to within a frame of its own synthesis events (${label})`, async () => {
      const file = path.join(makeTempDir(), 'speech.wav');
      // Ground truth: the word events of the synthesis that wrote this WAV; the aligner never sees them.
      const truth = (await createWasmEspeakEngine().synthesize({ text: TEXT, voice, speed, outputFile: file })).wordTimings ?? [];
      expect(truth.length).toBe(TEXT.split(' ').length);
      const [outcome] = await alignWordTimings([{ audioFile: file, text: TEXT, voice: 'en-us', speed: 1 }]);
      if (outcome?.ok !== true) throw new Error(`alignment failed: ${outcome?.message}`);
      const e = startErrors(truth, outcome.words);
      console.log(`alignment (${label}): ${truth.length} words, start error median ${e.median.toFixed(2)}, p95 ${e.p95.toFixed(2)}, max ${e.max.toFixed(2)} frames at ${FPS} fps`);
      expect(e.median).toBeLessThanOrEqual(1);
      expect(e.p95).toBeLessThanOrEqual(2);
      expect(e.max).toBeLessThanOrEqual(3);
    });
  }
});
