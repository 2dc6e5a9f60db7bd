/**
 * Worker thread running espeak-ng compiled to WebAssembly. Synthesis is synchronous
 * inside the module, so it lives here, off the main thread; one request at a time.
 */
import { parentPort } from 'node:worker_threads';
import initialize, { type EspeakInstance, type RawEspeakEvent } from '@echogarden/espeak-ng-emscripten';
import type { EspeakVoiceRow, FromEspeakWorker, ToEspeakWorker } from './espeak-wasm-protocol.js';
import type { SynthesisEvent } from './word-timings.js';

const port = parentPort;
if (port === null) throw new Error('espeak-wasm-worker must run in a worker thread');

let espeak: Promise<EspeakInstance> | undefined;
function instance(): Promise<EspeakInstance> {
  // The module prints nothing useful; keep the server's terminal clean.
  espeak ??= initialize({ print: () => undefined, printErr: () => undefined }).then((m) => new m.eSpeakNGWorker());
  return espeak;
}

let voiceFiles: Map<string, string> | undefined;
function listVoices(es: EspeakInstance): EspeakVoiceRow[] {
  return es.list_voices().map((v) => ({ languages: v.languages.map((l) => l.name), name: v.name, file: v.identifier }));
}

/**
 * The library looks voices up by file, not by language as the CLI's `-v en-gb` does:
 * map the language (and an optional `+variant`) to the voice file first.
 */
function voiceFile(es: EspeakInstance, voice: string): string | undefined {
  voiceFiles ??= new Map(listVoices(es).flatMap((v) => v.languages.map((l) => [l, v.file] as const)).reverse());
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

async function handle(message: ToEspeakWorker): Promise<{ reply: FromEspeakWorker; transfer: ArrayBuffer[] }> {
  const es = await instance();
  if (message.type === 'voices') return { reply: { type: 'voices', id: message.id, voices: listVoices(es) }, transfer: [] };
  const file = voiceFile(es, message.voice);
  if (file === undefined || es.set_voice(file) !== 0) {
    return { reply: { type: 'error', id: message.id, message: `Unknown espeak-ng voice "${message.voice}"`, unknownVoice: true }, transfer: [] };
  }
  es.set_rate(message.wordsPerMinute);
  const chunks: Int16Array[] = [];
  const events: SynthesisEvent[] = [];
  es.synthesize(plainText(message.text), (samples, raw) => {
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
  const reply: FromEspeakWorker = { type: 'audio', id: message.id, sampleRate: es.get_samplerate(), samples, events };
  return { reply, transfer: [samples.buffer as ArrayBuffer] };
}

port.on('message', (message: ToEspeakWorker) => {
  handle(message).then(
    ({ reply, transfer }) => port.postMessage(reply, transfer),
    (err: unknown) => port.postMessage({ type: 'error', id: message.id, message: String(err), unknownVoice: false } satisfies FromEspeakWorker),
  );
});
