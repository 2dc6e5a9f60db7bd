/**
 * espeak-ng's WebAssembly build driven synchronously: one synthesis with its events. Only
 * for worker threads (the speech worker and the caption aligner), since a synthesis blocks
 * the thread it runs on.
 */
import initialize, { type EspeakInstance, type RawEspeakEvent } from '@echogarden/espeak-ng-emscripten';
import type { EspeakVoiceRow } from './espeak-wasm-protocol.js';
import type { SynthesisEvent } from './word-timings.js';

export type { EspeakInstance };

/**
 * A new instance (~75 ms). Its syntheses depend on what it spoke before (the noise of
 * fricatives comes from a random generator that is never reseeded), so work that must be
 * repeatable (the caption aligner) starts each job on a fresh one.
 */
export function newEspeakInstance(): Promise<EspeakInstance> {
  // The module prints nothing useful; keep the server's terminal clean.
  return initialize({ print: () => undefined, printErr: () => undefined }).then((m) => new m.eSpeakNGWorker());
}

let espeak: Promise<EspeakInstance> | undefined;
/** One instance per thread, made on first use. */
export function espeakInstance(): Promise<EspeakInstance> {
  espeak ??= newEspeakInstance();
  return espeak;
}

export function listEspeakVoices(es: EspeakInstance): EspeakVoiceRow[] {
  return es.list_voices().map((v) => ({ languages: v.languages.map((l) => l.name), name: v.name, file: v.identifier }));
}

let voiceFiles: Map<string, string> | undefined;
/**
 * The library looks voices up by file, not by language as the CLI's `-v en-gb` does:
 * map the language (and an optional `+variant`) to the voice file first.
 */
function voiceFile(es: EspeakInstance, voice: string): string | undefined {
  voiceFiles ??= new Map(listEspeakVoices(es).flatMap((v) => v.languages.map((l) => [l, v.file] as const)).reverse());
  const [language = '', variant] = voice.split('+');
  const file = voiceFiles.get(language);
  return file === undefined ? undefined : variant === undefined ? file : `${file}+${variant}`;
}

/**
 * The module reads SSML. Narration is plain text, so markup characters become spaces:
 * same length, so espeak's character positions still index the original text.
 */
function plainText(text: string): string {
  return text.replace(/[<>]/g, ' ').replace(/&(?=[#\p{L}\p{N}]+;)/gu, ' ');
}

const EVENT_TYPES = new Set<SynthesisEvent['type']>(['word', 'sentence', 'phoneme', 'end', 'mark', 'play', 'msg_terminated', 'list_terminated', 'samplerate']);

function toEvent(e: RawEspeakEvent): SynthesisEvent | undefined {
  const type = e.type as SynthesisEvent['type'];
  if (!EVENT_TYPES.has(type)) return undefined;
  return {
    type,
    textPosition: e.text_position,
    length: e.word_length,
    audioMs: e.audio_position,
    ...(type === 'phoneme' ? { phoneme: typeof e.id === 'string' ? e.id : '' } : {}),
  };
}

export type EspeakSynthesis = { sampleRate: number; samples: Int16Array; events: SynthesisEvent[] };

/** Speaks `text`; undefined when espeak-ng has no such voice. */
export function synthesizeWithEvents(es: EspeakInstance, text: string, voice: string, wordsPerMinute: number): EspeakSynthesis | undefined {
  const file = voiceFile(es, voice);
  if (file === undefined || es.set_voice(file) !== 0) return undefined;
  es.set_rate(wordsPerMinute);
  const chunks: Int16Array[] = [];
  const events: SynthesisEvent[] = [];
  es.synthesize(plainText(text), (samples, raw) => {
    if (samples !== undefined && samples.length > 0) chunks.push(samples);
    for (const e of raw) {
      const event = toEvent(e);
      if (event !== undefined) events.push(event);
    }
    return false;
  });
  const samples = new Int16Array(chunks.reduce((n, c) => n + c.length, 0));
  let offset = 0;
  for (const c of chunks) {
    samples.set(c, offset);
    offset += c.length;
  }
  return { sampleRate: es.get_samplerate(), samples, events };
}
