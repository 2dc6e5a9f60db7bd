/**
 * Worker thread running espeak-ng compiled to WebAssembly. Synthesis is synchronous
 * inside the module, so it lives here, off the main thread; one request at a time.
 */
import { parentPort } from 'node:worker_threads';
import type { FromEspeakWorker, ToEspeakWorker } from './espeak-wasm-protocol.js';
import { espeakInstance, listEspeakVoices, synthesizeWithEvents } from './espeak-wasm-synth.js';

const port = parentPort;
if (port === null) throw new Error('espeak-wasm-worker must run in a worker thread');

async function handle(message: ToEspeakWorker): Promise<{ reply: FromEspeakWorker; transfer: ArrayBuffer[] }> {
  const es = await espeakInstance();
  if (message.type === 'voices') return { reply: { type: 'voices', id: message.id, voices: listEspeakVoices(es) }, transfer: [] };
  const spoken = synthesizeWithEvents(es, message.text, message.voice, message.wordsPerMinute);
  if (spoken === undefined) {
    return { reply: { type: 'error', id: message.id, message: `Unknown espeak-ng voice "${message.voice}"`, unknownVoice: true }, transfer: [] };
  }
  const reply: FromEspeakWorker = { type: 'audio', id: message.id, ...spoken };
  return { reply, transfer: [spoken.samples.buffer as ArrayBuffer] };
}

port.on('message', (message: ToEspeakWorker) => {
  handle(message).then(
    ({ reply, transfer }) => port.postMessage(reply, transfer),
    (err: unknown) => port.postMessage({ type: 'error', id: message.id, message: String(err), unknownVoice: false } satisfies FromEspeakWorker),
  );
});
