/**
 * espeak-ng from its WebAssembly build, in a worker thread: needs no system package, and
 * its library API reports word events, so every WAV comes with word timings from the
 * same synthesis. Requests run one at a time; cancelling one ends the worker (the WASM
 * call cannot be interrupted) and the next request starts a fresh one (~0.1–0.2 s).
 */
import type { Worker } from 'node:worker_threads';
import { writeNormalizedWav } from '../wav.js';
import { startWorker } from '../worker-thread.js';
import { ESPEAK_DEFAULT_VOICE, espeakVoiceList, wordsPerMinute } from './espeak.js';
import type { EspeakVoiceRow, FromEspeakWorker, ToEspeakWorker } from './espeak-wasm-protocol.js';
import { abortError, SpeechError, type SpeechEngine, type Voice } from './types.js';
import { wordTimingsFromEvents } from './word-timings.js';

const INT16_FULL_SCALE = 32768;
/** espeak-ng says nothing for these voice names; refuse them before they reach the module. */
const VOICE_NAME = /^[A-Za-z0-9][A-Za-z0-9_+-]*$/;

type Reply<T extends FromEspeakWorker['type']> = Extract<FromEspeakWorker, { type: T }>;
type Request = ToEspeakWorker extends infer M ? (M extends unknown ? Omit<M, 'id'> : never) : never;

class EspeakWorker {
  private worker: Worker | undefined;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (m: FromEspeakWorker) => void; reject: (e: unknown) => void }>();
  /** Serialises requests, so cancelling one never ends the worker under another. */
  private queue: Promise<unknown> = Promise.resolve();

  request<T extends 'audio' | 'voices'>(message: Request, signal?: AbortSignal): Promise<Reply<T>> {
    const run = this.queue.then(() => this.send<T>(message, signal));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private send<T extends 'audio' | 'voices'>(message: Request, signal?: AbortSignal): Promise<Reply<T>> {
    if (signal?.aborted === true) return Promise.reject(abortError(signal));
    const worker = this.ensureWorker();
    const id = this.nextId++;
    return new Promise<Reply<T>>((resolve, reject) => {
      const onAbort = (): void => {
        this.pending.delete(id);
        this.stop();
        reject(abortError(signal!));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.pending.set(id, {
        resolve: (reply) => {
          signal?.removeEventListener('abort', onAbort);
          if (reply.type === 'error') reject(new SpeechError(reply.message));
          else resolve(reply as Reply<T>);
        },
        reject: (err) => {
          signal?.removeEventListener('abort', onAbort);
          reject(err);
        },
      });
      // Held open only while a request is out (see ensureWorker).
      worker.ref();
      worker.postMessage({ ...message, id });
    });
  }

  private ensureWorker(): Worker {
    if (this.worker !== undefined) return this.worker;
    const worker = startWorker(import.meta.url, 'espeak-wasm-worker');
    worker.on('message', (reply: FromEspeakWorker) => {
      const entry = this.pending.get(reply.id);
      this.pending.delete(reply.id);
      if (this.pending.size === 0) worker.unref();
      entry?.resolve(reply);
    });
    const fail = (err: unknown): void => {
      if (this.worker !== worker) return;
      this.worker = undefined;
      for (const entry of this.pending.values()) entry.reject(new SpeechError('espeak-ng (WebAssembly) stopped unexpectedly', String(err)));
      this.pending.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(`exit code ${code}`));
    // An idle speech worker must not keep a CLI run, a benchmark or a test process alive; it
    // is ref'd while a request is out. After the listeners: adding one refs its port again.
    worker.unref();
    this.worker = worker;
    return worker;
  }

  private stop(): void {
    const worker = this.worker;
    this.worker = undefined;
    void worker?.terminate();
  }
}

function voiceEntries(rows: readonly EspeakVoiceRow[]): Parameters<typeof espeakVoiceList>[0] {
  // The WASM listing carries no gender; espeak-ng's own voices are male unless a variant says otherwise.
  return rows.flatMap((r) => (r.languages[0] === undefined ? [] : [{ language: r.languages[0], espeakName: r.name, file: r.file, female: false }]));
}

export function createWasmEspeakEngine(): SpeechEngine {
  const worker = new EspeakWorker();
  let voices: Promise<Voice[]> | undefined;

  return {
    name: 'espeak',
    defaultVoice: ESPEAK_DEFAULT_VOICE,

    async isAvailable() {
      return true;
    },

    listVoices() {
      voices ??= worker.request<'voices'>({ type: 'voices' }).then(
        (reply) => espeakVoiceList(voiceEntries(reply.voices)),
        (err: unknown) => {
          voices = undefined; // try again next time rather than caching the failure
          throw err;
        },
      );
      return voices;
    },

    async synthesize(request) {
      if (!VOICE_NAME.test(request.voice)) throw new SpeechError(`Unknown espeak-ng voice "${request.voice}"`);
      const reply = await worker.request<'audio'>(
        { type: 'synthesize', text: request.text, voice: request.voice, wordsPerMinute: wordsPerMinute(request.speed) },
        request.signal,
      );
      const samples = new Float32Array(reply.samples.length);
      for (let i = 0; i < samples.length; i++) samples[i] = reply.samples[i]! / INT16_FULL_SCALE;
      const written = await writeNormalizedWav({ sampleRate: reply.sampleRate, samples }, request.outputFile);
      return {
        sampleRate: written.sampleRate,
        durationSeconds: written.durationSeconds,
        wordTimings: wordTimingsFromEvents(request.text, reply.events, written.durationSeconds),
      };
    },
  };
}
