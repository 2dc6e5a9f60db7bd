import type { WordTiming } from './word-timings.js';

/**
 * Word timings from Kokoro's own duration predictions (SPEC §7.3: timings from the same
 * synthesis that wrote the audio). The timestamped ONNX export of Kokoro-82M returns, next
 * to `waveform`, a `durations` tensor with one value per input token: the decoder gives
 * each token that many steps of 600 samples at 24 kHz (DESIGN §7). The values are the float
 * predictions before the graph's Round (ties to even) and Clip(min=1), and already include
 * the speed, so the same two operations recover the steps the audio was made from.
 */
export const KOKORO_SAMPLES_PER_STEP = 600;

/** What kokoro-js's phonemizer puts between and around words but the model does not "say". */
const PUNCTUATION = new Set(Array.from(';:,.!?¡¿—…"«»“”()'));

/** Round half to even, as ONNX Round does (2.5 → 2, 3.5 → 4). */
function roundHalfEven(x: number): number {
  const floor = Math.floor(x);
  const diff = x - floor;
  if (diff > 0.5) return floor + 1;
  if (diff < 0.5) return floor;
  return floor % 2 === 0 ? floor : floor + 1;
}

/** The steps the decoder used for each token: Round (ties to even), then at least 1. */
export function durationSteps(durations: ArrayLike<number>): number[] {
  return Array.from(durations, (d) => Math.max(1, roundHalfEven(d)));
}

/** The words of the text that are spoken (some letter or digit), in order. */
function spokenWords(text: string): string[] {
  return text.split(/\s+/u).filter((w) => /[\p{L}\p{N}]/u.test(w));
}

export type KokoroChunk = {
  /** The text kokoro-js spoke for this chunk (one sentence of `stream()`). */
  text: string;
  /** The phoneme string it gave the tokenizer (stream yields it). */
  phonemes: string;
  /** The characters the tokenizer keeps (the vocabulary of the model's tokenizer.json); it drops the rest. */
  vocabulary: ReadonlySet<string>;
  /** The model's `durations` output: one value per token, with the start and end tokens at either end. */
  durations: ArrayLike<number>;
  sampleRate: number;
  /** Where this chunk's audio starts in the segment's audio, in seconds. */
  offsetSeconds: number;
};

/**
 * Each spoken word of the chunk with its span. Phoneme words (runs between spaces, without
 * punctuation) are matched to the text's words in order, so only when their counts agree:
 * kokoro-js rewrites some text before phonemising ("$5" → "5 dollars", "1990" → "19 90") and
 * espeak may say a number as several words. Then there is no sure word boundary, and the
 * answer is null (an alignment of the audio can still time the words); so is a tensor whose
 * length does not match the tokens.
 */
export function kokoroChunkWordTimings(chunk: KokoroChunk): WordTiming[] | null {
  const kept = Array.from(chunk.phonemes).filter((c) => chunk.vocabulary.has(c));
  if (chunk.durations.length !== kept.length + 2) return null;
  const steps = durationSteps(chunk.durations);
  // startStep[i]: the first step of token i; token 0 is the start token, character j is token j + 1.
  const startStep: number[] = [];
  let total = 0;
  for (const s of steps) {
    startStep.push(total);
    total += s;
  }
  // Samples first, one division last: no rounding error builds up over a long sentence.
  const seconds = (step: number) => chunk.offsetSeconds + (step * KOKORO_SAMPLES_PER_STEP) / chunk.sampleRate;
  const spans: { first: number; last: number }[] = [];
  let current: { first: number; last: number } | undefined;
  kept.forEach((c, j) => {
    if (c === ' ') {
      current = undefined;
      return;
    }
    if (PUNCTUATION.has(c)) return;
    const token = j + 1;
    if (current === undefined) {
      current = { first: token, last: token };
      spans.push(current);
    } else {
      current.last = token;
    }
  });
  const words = spokenWords(chunk.text);
  if (words.length !== spans.length) return null;
  return words.map((word, i) => {
    const { first, last } = spans[i]!;
    return {
      word,
      start: seconds(startStep[first]!),
      end: seconds(startStep[last]! + steps[last]!),
    };
  });
}

/** The characters a Kokoro tokenizer.json keeps: the keys of its `model.vocab`; null if it has none. */
export function kokoroVocabulary(tokenizerJson: unknown): Set<string> | null {
  const model = typeof tokenizerJson === 'object' && tokenizerJson !== null ? (tokenizerJson as { model?: unknown }).model : undefined;
  const vocab = typeof model === 'object' && model !== null ? (model as { vocab?: unknown }).vocab : undefined;
  if (typeof vocab !== 'object' || vocab === null) return null;
  return new Set(Object.keys(vocab));
}
