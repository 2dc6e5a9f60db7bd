import { describe, expect, it } from 'vitest';
import {
  durationSteps,
  kokoroChunkWordTimings,
  kokoroVocabulary,
  type KokoroChunk,
} from '../../../src/engine/speech/kokoro-word-timings.js';

// "Hello, world." as kokoro-js phonemises it: 15 characters, so 17 tokens with the start and end ones.
const PHONEMES = 'həlˈoʊ, wˈɜːld.';
// Made-up predictions; the steps they become (Round ties to even, then at least 1) are below.
const DURATIONS = Float32Array.from([4.5, 2.5, 3.5, 1, 0.2, 2, 3, 6, 1, 2, 1, 4, 2, 2, 3, 5, 10]);
// steps:                           4    2    4    1  1    2  3  6  1  2  1  4  2  2  3  5  10

function chunk(over: Partial<KokoroChunk> = {}): KokoroChunk {
  return {
    text: 'Hello, world.',
    phonemes: PHONEMES,
    vocabulary: new Set(Array.from(PHONEMES)),
    durations: DURATIONS,
    sampleRate: 24000,
    offsetSeconds: 0,
    ...over,
  };
}

describe('Kokoro durations to word timings', () => {
  it('turns the float predictions into the steps the decoder used', () => {
    expect(durationSteps([2.5, 3.5, 0.4, -1, 1.5000001, 7])).toEqual([2, 4, 1, 1, 2, 7]);
  });

  it('times each word from its first to its last phoneme, at 600 samples per step', () => {
    // Hello: tokens 1–6 (h…ʊ), steps 4 to 4+2+4+1+1+2+3 = 17; world: tokens 9–14 (w…d), steps 24 to 38.
    expect(kokoroChunkWordTimings(chunk())).toEqual([
      { word: 'Hello,', start: 0.1, end: 0.425 },
      { word: 'world.', start: 0.6, end: 0.95 },
    ]);
  });

  it('adds the offset of the sentence in the segment and scales by the sample rate', () => {
    const timings = kokoroChunkWordTimings(chunk({ offsetSeconds: 2, sampleRate: 12000 }));
    expect(timings?.map((t) => [t.start, t.end])).toEqual([
      [2.2, 2.85],
      [3.2, 3.9],
    ]);
  });

  it('skips phoneme characters the tokenizer drops, as the tokenizer does', () => {
    // A tie bar the vocabulary lacks: no token, no duration, so the spans stay the same.
    const withTieBar = 'həlˈo\u0361ʊ, wˈɜːld.';
    expect(kokoroChunkWordTimings(chunk({ phonemes: withTieBar }))).toEqual(kokoroChunkWordTimings(chunk()));
  });

  it('gives no timings when the phoneme words do not match the words of the text', () => {
    // kokoro-js reads "$5" as "5 dollars": three phoneme words for two words of text.
    const phonemes = 'fˈaɪv dˈɑːlɚz nˈaʊ';
    const durations = new Float32Array(Array.from(phonemes).length + 2).fill(2);
    expect(kokoroChunkWordTimings(chunk({ text: '$5 now', phonemes, vocabulary: new Set(Array.from(phonemes)), durations }))).toBeNull();
  });

  it('gives no timings when the tensor does not have one value per token', () => {
    expect(kokoroChunkWordTimings(chunk({ durations: DURATIONS.subarray(1) }))).toBeNull();
  });

  it('reads the vocabulary from a tokenizer.json and refuses one without it', () => {
    expect(kokoroVocabulary({ model: { vocab: { $: 0, ' ': 16, a: 43 } } })).toEqual(new Set(['$', ' ', 'a']));
    expect(kokoroVocabulary({ model: {} })).toBeNull();
    expect(kokoroVocabulary('x')).toBeNull();
  });
});
