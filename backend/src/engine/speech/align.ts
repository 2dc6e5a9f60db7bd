/**
 * Word timings for speech audio that has none (audio made before word timings existed,
 * Kokoro, the espeak-ng CLI): aligned against an espeak-ng rendering of the same text by
 * MFCC DTW, never spread by proportion (SPEC §7.3, DESIGN §7 "Captions"). The work runs in
 * one worker thread per call (align-worker.ts), so the event loop never waits on it.
 */
import { startEngineWorker } from '../start-worker.js';
import { abortError } from './types.js';
import type { WordTiming } from './word-timings.js';

export type AlignJob = {
  /** A WAV of the spoken `text`. */
  audioFile: string;
  text: string;
  /** The espeak-ng voice of the reference: the audio's language (`en-us`, `de`, …). */
  voice: string;
  /** The speed the audio was asked for (1 = normal); the worker corrects the pace further. */
  speed: number;
};

export type AlignOutcome = { ok: true; words: WordTiming[] } | { ok: false; message: string };

/** The espeak-ng voice that speaks the language of a StoryFlow voice id, for the reference. */
export function referenceVoice(voiceId: string | null): string {
  const [engine, voice = ''] = (voiceId ?? '').split(':');
  if (engine === 'espeak' && voice !== '') return voice;
  // Kokoro names its voices by prefix: b = British English, else American.
  if (engine === 'kokoro') return voice.startsWith('b') ? 'en-gb' : 'en-us';
  return 'en-us';
}

/** One outcome per job, in order; a job that fails says why and leaves the others alone. */
export function alignWordTimings(jobs: readonly AlignJob[], signal?: AbortSignal): Promise<AlignOutcome[]> {
  if (jobs.length === 0) return Promise.resolve([]);
  if (signal?.aborted === true) return Promise.reject(abortError(signal));
  return new Promise((resolve, reject) => {
    const worker = startEngineWorker(import.meta.url, 'align-worker', { workerData: jobs });
    const onAbort = (): void => void worker.terminate();
    signal?.addEventListener('abort', onAbort, { once: true });
    let outcomes: AlignOutcome[] | undefined;
    let failure: Error | undefined;
    worker.once('message', (message: AlignOutcome[]) => {
      outcomes = message;
    });
    worker.once('error', (err) => {
      failure = err;
    });
    worker.once('exit', () => {
      signal?.removeEventListener('abort', onAbort);
      if (signal?.aborted === true) reject(abortError(signal));
      else if (outcomes !== undefined) resolve(outcomes);
      else reject(new Error(`The caption aligner stopped without an answer${failure ? `: ${failure.message}` : ''}`));
    });
  });
}
