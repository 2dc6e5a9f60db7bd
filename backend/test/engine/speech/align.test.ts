import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { alignWordTimings } from '../../../src/engine/speech/align.js';
import { createWasmEspeakEngine } from '../../../src/engine/speech/espeak-wasm.js';
import type { WordTiming } from '../../../src/engine/speech/word-timings.js';
import { makeTempDir } from '../../helper.js';
import { onsetErrors, summarize, type FrameErrors } from '../speech-onsets.js';

const FPS = 30;
// Pauses of several lengths (full stops, commas) between words of one to six syllables.
const TEXT =
  'Go. Extraordinary. Cat, elephant, umbrella. Responsibility. Yes. Mountains, rivers, and valleys. ' +
  'Unbelievable. Fish. Kilometre. Sunrise, midnight. Photography. Bread.';

/** Start errors in frames at 30 fps, word by word (the same words in the same order). */
function startErrors(truth: readonly WordTiming[], aligned: readonly WordTiming[]): FrameErrors {
  expect(aligned.map((w) => w.word)).toEqual(truth.map((w) => w.word));
  return summarize(truth.map((w, i) => Math.abs(w.start - aligned[i]!.start) * FPS));
}

const show = (e: FrameErrors): string => `median ${e.median.toFixed(2)}, p95 ${e.p95.toFixed(2)}, max ${e.max.toFixed(2)}`;

describe('caption alignment (MFCC DTW against an espeak-ng reference)', () => {
  const cases = [
    { voice: 'en-us+f3', speed: 1.3, label: 'female variant, 30 % faster' },
    { voice: 'en-gb', speed: 0.8, label: 'British voice, 20 % slower' },
  ];
  for (const { voice, speed, label } of cases) {
    it(`times speech without word events to within a frame of its own synthesis events and of its acoustic onsets (${label})`, async () => {
      const file = path.join(makeTempDir(), 'speech.wav');
      // Ground truth: the word events of the synthesis that wrote this WAV; the aligner never sees them.
      const truth = (await createWasmEspeakEngine().synthesize({ text: TEXT, voice, speed, outputFile: file })).wordTimings ?? [];
      expect(truth.length).toBe(TEXT.split(' ').length);
      // The reference is asked for at the default voice and speed: the aligner must find the pace itself.
      const [outcome] = await alignWordTimings([{ audioFile: file, text: TEXT, voice: 'en-us', speed: 1 }]);
      if (outcome?.ok !== true) throw new Error(`alignment failed: ${outcome?.message}`);
      const e = startErrors(truth, outcome.words);
      // Independent of any synthesis events: each onset after a pause against the nearest aligned start.
      const onsets = onsetErrors(file, outcome.words.map((w) => w.start), FPS);
      console.log(`alignment (${label}): ${truth.length} words, start error vs events ${show(e)}; ${onsets.count} onsets, ${show(onsets)} frames at ${FPS} fps`);
      expect(e.median).toBeLessThanOrEqual(1);
      expect(e.p95).toBeLessThanOrEqual(2);
      expect(e.max).toBeLessThanOrEqual(3);
      expect(onsets.count).toBeGreaterThanOrEqual(15);
      expect(onsets.median).toBeLessThanOrEqual(1);
      expect(onsets.p95).toBeLessThanOrEqual(2);
      expect(onsets.max).toBeLessThanOrEqual(3);
      // Every end after its start, starts in order, all inside the audio.
      outcome.words.forEach((w, i) => {
        expect(w.end).toBeGreaterThanOrEqual(w.start);
        if (i > 0) expect(w.start).toBeGreaterThanOrEqual(outcome.words[i - 1]!.start);
      });
    });
  }

  it('is deterministic: the same audio and text give the same timings', async () => {
    const file = path.join(makeTempDir(), 'speech.wav');
    await createWasmEspeakEngine().synthesize({ text: 'Rivers run. Mountains stand still.', voice: 'en-us', speed: 1.1, outputFile: file });
    const job = { audioFile: file, text: 'Rivers run. Mountains stand still.', voice: 'en-us', speed: 1 };
    const [a, b] = await alignWordTimings([job, job]);
    expect(a?.ok).toBe(true);
    expect(b).toEqual(a);
  });

  it('reports a job whose audio cannot be read and still aligns the others', async () => {
    const file = path.join(makeTempDir(), 'speech.wav');
    await createWasmEspeakEngine().synthesize({ text: 'Hello there.', voice: 'en-us', speed: 1, outputFile: file });
    const [missing, good] = await alignWordTimings([
      { audioFile: path.join(makeTempDir(), 'absent.wav'), text: 'Hello there.', voice: 'en-us', speed: 1 },
      { audioFile: file, text: 'Hello there.', voice: 'en-us', speed: 1 },
    ]);
    expect(missing).toMatchObject({ ok: false, message: expect.stringContaining('absent.wav') });
    expect(good).toMatchObject({ ok: true, words: [{ word: 'Hello' }, { word: 'there.' }] });
  });

  it('stops when aborted', async () => {
    const file = path.join(makeTempDir(), 'speech.wav');
    await createWasmEspeakEngine().synthesize({ text: TEXT, voice: 'en-us', speed: 1, outputFile: file });
    const controller = new AbortController();
    const running = alignWordTimings([{ audioFile: file, text: TEXT, voice: 'en-us', speed: 1 }], controller.signal);
    controller.abort();
    await expect(running).rejects.toMatchObject({ name: 'AbortError' });
  });
});
