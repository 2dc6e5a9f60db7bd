import type { WordTiming } from './word-timings.js';

/** A voice the user can pick (SPEC §2.4 `GET /api/settings/voices/`). */
export type Voice = {
  /** `{engine}:{engine's own voice name}`, e.g. `espeak:en-us`, `kokoro:af_heart`. */
  id: string;
  /** Plain words, language first: "English (US) — Heart, female". */
  name: string;
  engine: SpeechEngineName;
  language: string;
  /** The group the voice is listed under: "English (US)". */
  language_name: string;
  gender?: 'male' | 'female';
};

export type SpeechEngineName = 'espeak' | 'kokoro';

export type SynthesisRequest = {
  text: string;
  /** The engine's own voice name (the part of the id after `engine:`). */
  voice: string;
  /** 0.5–2.0, 1.0 = the engine's normal pace. */
  speed: number;
  /** Where the finished mono 16-bit WAV goes; replaced atomically. */
  outputFile: string;
  signal?: AbortSignal | undefined;
};

export type SynthesisResult = {
  sampleRate: number;
  /** Measured from the written file. */
  durationSeconds: number;
  /** Each word's span in the written audio, from the same synthesis; null when the engine reports none. */
  wordTimings: WordTiming[] | null;
};

export type SpeechEngine = {
  readonly name: SpeechEngineName;
  /** True when the engine can run on this machine now (program or model files present). */
  isAvailable(): Promise<boolean>;
  listVoices(): Promise<Voice[]>;
  readonly defaultVoice: string;
  synthesize(request: SynthesisRequest): Promise<SynthesisResult>;
};

/** A speech engine failed; the message is plain words, engine output goes to `detail` for the log. */
export class SpeechError extends Error {
  override readonly name = 'SpeechError';
  constructor(
    message: string,
    readonly detail?: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export function abortError(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('Speech generation was cancelled', 'AbortError');
}
