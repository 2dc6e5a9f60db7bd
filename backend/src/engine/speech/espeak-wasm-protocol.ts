/** Messages between the WASM espeak-ng worker thread and the engine that owns it. */
import type { SynthesisEvent } from './word-timings.js';

/** A voice as espeak-ng lists it: its languages in priority order and its voice file. */
export type EspeakVoiceRow = { languages: string[]; name: string; file: string };

export type ToEspeakWorker =
  | { type: 'synthesize'; id: number; text: string; voice: string; wordsPerMinute: number }
  | { type: 'voices'; id: number };

export type FromEspeakWorker =
  | { type: 'audio'; id: number; sampleRate: number; samples: Int16Array; events: SynthesisEvent[] }
  | { type: 'voices'; id: number; voices: EspeakVoiceRow[] }
  | { type: 'error'; id: number; message: string; unknownVoice: boolean };
