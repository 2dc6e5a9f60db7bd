import fs from 'node:fs/promises';
import path from 'node:path';
import { writeNormalizedWav } from '../wav.js';
import { kokoroChunkWordTimings, kokoroVocabulary } from './kokoro-word-timings.js';
import { languageLabel, voiceName } from './voice-catalogue.js';
import { abortError, SpeechError, type SpeechEngine, type SynthesisRequest, type SynthesisResult, type Voice } from './types.js';
import type { WordTiming } from './word-timings.js';

/**
 * Kokoro-82M through the `kokoro-js` package (ONNX). Used once its model files are in
 * `{modelsDir}/Kokoro-82M-v1.0-ONNX/`, which Settings → "Download natural voices" puts
 * there (model-download.ts); the voice tables ship inside kokoro-js. See docs/speech.md.
 */
export const KOKORO_MODEL_ID = 'Kokoro-82M-v1.0-ONNX';
export const KOKORO_PACKAGE = 'kokoro-js';
/** kokoro-js loads through transformers.js, whose `env` decides where models come from. */
export const TRANSFORMERS_PACKAGE = '@huggingface/transformers';
/** What transformers.js reads for the q8 model, relative to the model folder. */
export const KOKORO_REQUIRED_FILES = ['config.json', 'tokenizer.json', 'tokenizer_config.json', 'onnx/model_quantized.onnx'];
export const KOKORO_DEFAULT_VOICE = 'af_heart';

/** The English voices kokoro-js v1.x ships (its VOICES table). */
const KOKORO_VOICES: readonly [id: string, name: string, gender: 'male' | 'female'][] = [
  ['af_heart', 'Heart', 'female'], ['af_alloy', 'Alloy', 'female'], ['af_aoede', 'Aoede', 'female'],
  ['af_bella', 'Bella', 'female'], ['af_jessica', 'Jessica', 'female'], ['af_kore', 'Kore', 'female'],
  ['af_nicole', 'Nicole', 'female'], ['af_nova', 'Nova', 'female'], ['af_river', 'River', 'female'],
  ['af_sarah', 'Sarah', 'female'], ['af_sky', 'Sky', 'female'], ['am_adam', 'Adam', 'male'],
  ['am_echo', 'Echo', 'male'], ['am_eric', 'Eric', 'male'], ['am_fenrir', 'Fenrir', 'male'],
  ['am_liam', 'Liam', 'male'], ['am_michael', 'Michael', 'male'], ['am_onyx', 'Onyx', 'male'],
  ['am_puck', 'Puck', 'male'], ['am_santa', 'Santa', 'male'], ['bf_emma', 'Emma', 'female'],
  ['bf_isabella', 'Isabella', 'female'], ['bf_alice', 'Alice', 'female'], ['bf_lily', 'Lily', 'female'],
  ['bm_george', 'George', 'male'], ['bm_lewis', 'Lewis', 'male'], ['bm_daniel', 'Daniel', 'male'],
  ['bm_fable', 'Fable', 'male'],
];

export function kokoroVoices(): Voice[] {
  return KOKORO_VOICES.map(([id, name, gender]) => {
    // kokoro-js names its voices by prefix: a = American, b = British English.
    const language = id.startsWith('b') ? 'en-gb' : 'en-us';
    const languageName = languageLabel(language);
    return { id: `kokoro:${id}`, name: voiceName(languageName, name, gender), engine: 'kokoro', language, language_name: languageName, gender };
  });
}

/** The slice of kokoro-js we use, checked at run time: it is imported by name (see below). */
type RawAudio = { audio: Float32Array; sampling_rate: number };
/** The ONNX model kokoro-js calls once per chunk: inputs in, every output of the graph back. */
type KokoroModel = (inputs: Record<string, unknown>) => Promise<Record<string, unknown>>;
type KokoroTts = {
  model?: KokoroModel;
  stream(
    text: string,
    options: { voice: string; speed: number },
  ): AsyncIterable<{ audio: RawAudio; text?: string; phonemes?: string }>;
};
type KokoroModule = {
  KokoroTTS: { from_pretrained(modelId: string, options: { dtype: string; device: string }): Promise<KokoroTts> };
};
type TransformersEnv = { allowLocalModels: boolean; allowRemoteModels: boolean; localModelPath: string };

export type ModuleImporter = (specifier: string) => Promise<unknown>;

/**
 * Imported by name at run time and only once the model is present: loading it starts
 * onnxruntime (hundreds of MB of native code), which a user of espeak-ng never needs.
 */
const importByName: ModuleImporter = (specifier) => import(specifier) as Promise<unknown>;

function isKokoroModule(mod: unknown): mod is KokoroModule {
  if (typeof mod !== 'object' || mod === null) return false;
  const m = mod as Record<string, unknown>;
  const tts = m.KokoroTTS as Record<string, unknown> | undefined;
  return typeof tts?.from_pretrained === 'function';
}

function transformersEnvOf(mod: unknown): TransformersEnv | undefined {
  const env = typeof mod === 'object' && mod !== null ? (mod as { env?: unknown }).env : undefined;
  return typeof env === 'object' && env !== null ? (env as TransformersEnv) : undefined;
}

export type KokoroStatus =
  | { available: true; module: KokoroModule; env: TransformersEnv }
  | { available: false; reason: string };

export async function missingKokoroFiles(modelsDir: string): Promise<string[]> {
  const missing: string[] = [];
  for (const file of KOKORO_REQUIRED_FILES) {
    const full = path.join(modelsDir, KOKORO_MODEL_ID, file);
    const ok = await fs.stat(full).then((s) => s.isFile() && s.size > 0, () => false);
    if (!ok) missing.push(`${KOKORO_MODEL_ID}/${file}`);
  }
  return missing;
}

/** Why Kokoro can or cannot run here: model files first (cheap), then the package. */
export async function checkKokoro(modelsDir: string, importer: ModuleImporter = importByName): Promise<KokoroStatus> {
  const missing = await missingKokoroFiles(modelsDir);
  if (missing.length > 0) {
    return { available: false, reason: `Kokoro model files are missing from ${modelsDir}: ${missing.join(', ')}` };
  }
  let mod: unknown;
  let transformers: unknown;
  try {
    [mod, transformers] = await Promise.all([importer(KOKORO_PACKAGE), importer(TRANSFORMERS_PACKAGE)]);
  } catch {
    return { available: false, reason: `The package ${KOKORO_PACKAGE} could not be loaded; run npm install` };
  }
  if (!isKokoroModule(mod)) return { available: false, reason: `${KOKORO_PACKAGE} does not export KokoroTTS` };
  const env = transformersEnvOf(transformers);
  if (env === undefined) return { available: false, reason: `${TRANSFORMERS_PACKAGE} does not export env` };
  return { available: true, module: mod, env };
}

type LoadedKokoro = { tts: KokoroTts; durations: DurationsTap; vocabulary: ReadonlySet<string> | null };

/** The `durations` output of the model's last call, taken once. */
type DurationsTap = { take(): ArrayLike<number> | undefined };

/**
 * kokoro-js (1.2) keeps only `waveform` from the model's outputs, but calls the model
 * through its public `model` field; wrapping that field lets us read `durations` too,
 * which only the timestamped export of Kokoro-82M has (docs/speech.md). With the plain
 * export `durations` is absent and segments get no word timings from Kokoro.
 */
function captureDurations(tts: KokoroTts): DurationsTap {
  let last: ArrayLike<number> | undefined;
  const inner = tts.model;
  if (typeof inner === 'function') {
    tts.model = async (inputs) => {
      const outputs = await inner(inputs);
      const data = (outputs.durations as { data?: unknown } | undefined)?.data;
      last = data instanceof Float32Array ? data : undefined;
      return outputs;
    };
  }
  return {
    take() {
      const taken = last;
      last = undefined;
      return taken;
    },
  };
}

/** The tokenizer's characters, to match the durations (one per kept character) to the phonemes. */
async function readVocabulary(modelsDir: string): Promise<ReadonlySet<string> | null> {
  try {
    return kokoroVocabulary(JSON.parse(await fs.readFile(path.join(modelsDir, KOKORO_MODEL_ID, 'tokenizer.json'), 'utf8')));
  } catch {
    return null; // no timings then; the audio does not depend on it
  }
}

export function createKokoroEngine(options: { modelsDir: string; importer?: ModuleImporter }): SpeechEngine {
  let model: Promise<LoadedKokoro> | undefined;
  // One synthesis at a time: the durations tap holds the model's last output, which a second
  // request running at the same time (a voice sample, say) would overwrite.
  let previous: Promise<unknown> = Promise.resolve();

  async function load(): Promise<LoadedKokoro> {
    const status = await checkKokoro(options.modelsDir, options.importer);
    if (!status.available) throw new SpeechError(status.reason);
    const { env } = status;
    const { KokoroTTS } = status.module;
    // Offline: read the model from modelsDir and never fetch from the Hugging Face hub.
    env.allowLocalModels = true;
    env.allowRemoteModels = false;
    env.localModelPath = options.modelsDir + path.sep;
    try {
      const tts = await KokoroTTS.from_pretrained(KOKORO_MODEL_ID, { dtype: 'q8', device: 'cpu' });
      return { tts, durations: captureDurations(tts), vocabulary: await readVocabulary(options.modelsDir) };
    } catch (err) {
      throw new SpeechError(
        `The Kokoro model in ${path.join(options.modelsDir, KOKORO_MODEL_ID)} could not be loaded. Delete that folder and download natural voices again.`,
        String(err),
        { cause: err },
      );
    }
  }

  return {
    name: 'kokoro',
    defaultVoice: KOKORO_DEFAULT_VOICE,

    async isAvailable() {
      return (await checkKokoro(options.modelsDir, options.importer)).available;
    },

    async listVoices() {
      return (await this.isAvailable()) ? kokoroVoices() : [];
    },

    async synthesize(request: SynthesisRequest) {
      if (!KOKORO_VOICES.some(([id]) => id === request.voice)) {
        throw new SpeechError(`Unknown Kokoro voice "${request.voice}"`);
      }
      const run = previous.then(() => synthesizeNow(request), () => synthesizeNow(request));
      previous = run.catch(() => undefined);
      return run;
    },
  };

  async function synthesizeNow(request: SynthesisRequest): Promise<SynthesisResult> {
    // Loading takes seconds; keep the model for the life of the process (retry after a failure).
    model ??= load().catch((err: unknown) => {
      model = undefined;
      throw err;
    });
    const { tts, durations, vocabulary } = await model;
    // Inference runs on onnxruntime's native threads; between sentences we check for cancel.
    // stream() splits by sentence, which also avoids generate()'s 510-token truncation.
    const chunks: Float32Array[] = [];
    let sampleRate = 24000;
    let offset = 0;
    // Null as soon as one sentence cannot be timed: timings cover the whole segment or none of it.
    let wordTimings: WordTiming[] | null = vocabulary === null ? null : [];
    durations.take(); // forget a cancelled request's last output
    for await (const { audio, text, phonemes } of tts.stream(request.text, { voice: request.voice, speed: request.speed })) {
      if (request.signal?.aborted) throw abortError(request.signal);
      const spoken = durations.take();
      if (wordTimings !== null && vocabulary !== null) {
        const chunkTimings =
          spoken === undefined || text === undefined || phonemes === undefined
            ? null
            : kokoroChunkWordTimings({ text, phonemes, vocabulary, durations: spoken, sampleRate: audio.sampling_rate, offsetSeconds: offset / audio.sampling_rate });
        wordTimings = chunkTimings === null ? null : [...wordTimings, ...chunkTimings];
      }
      chunks.push(audio.audio);
      offset += audio.audio.length;
      sampleRate = audio.sampling_rate;
    }
    const samples = new Float32Array(offset);
    let at = 0;
    for (const c of chunks) {
      samples.set(c, at);
      at += c.length;
    }
    const written = await writeNormalizedWav({ sampleRate, samples }, request.outputFile);
    return { ...written, wordTimings: wordTimings !== null && wordTimings.length > 0 ? wordTimings : null };
  }
}
