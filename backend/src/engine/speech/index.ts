import type { ToolResolution } from '../tools/media-tools.js';
import { alignWordTimings, referenceVoice } from './align.js';
import { createEspeakEngine } from './espeak.js';
import { createWasmEspeakEngine } from './espeak-wasm.js';
import { createKokoroEngine, type ModuleImporter } from './kokoro.js';
import { SpeechError, type SpeechEngine, type SynthesisResult, type Voice } from './types.js';
import type { WordTiming } from './word-timings.js';
import { dropSameSoundingVariants } from './voice-catalogue.js';

export { SpeechError, type SpeechEngine, type SynthesisResult, type Voice } from './types.js';
export type { WordTiming } from './word-timings.js';
export { checkKokoro, missingKokoroFiles, KOKORO_MODEL_ID, KOKORO_REQUIRED_FILES } from './kokoro.js';

/** The voice of a fresh install: espeak-ng needs no download. */
export const FALLBACK_VOICE_ID = 'espeak:en-us';

export type SpeakRequest = {
  text: string;
  /** `engine:voice`; a voice whose engine is not available falls back to the default voice. */
  voiceId: string;
  speed: number;
  outputFile: string;
  signal?: AbortSignal | undefined;
  /**
   * The caller keeps word timings (captions): audio from an engine that gives none is then
   * aligned. Voice samples and the CLI render need none and skip the work.
   */
  wordTimings?: 'align-if-missing' | undefined;
};

export type SpeechService = {
  /** At least one engine can speak. */
  isAvailable(): Promise<boolean>;
  /**
   * Voices of every available engine that really sound different, sorted by language
   * name (the UI groups by it) and, within a language, best engine first.
   */
  listVoices(): Promise<Voice[]>;
  /** Kokoro's default voice when its model is installed, else espeak-ng's. */
  defaultVoiceId(): Promise<string>;
  speak(request: SpeakRequest): Promise<SynthesisResult & { voiceId: string }>;
};

export type SpeechOptions = {
  /** The resolver's answer for espeak-ng (engine/tools): the WASM build, a CLI, or none. */
  espeak: ToolResolution;
  modelsDir: string;
  /** Tests replace how the optional kokoro-js package is imported. */
  kokoroImporter?: ModuleImporter;
};

/** Picks the engine for each request. A library: plain options in, files out. */
export function createSpeechService(options: SpeechOptions): SpeechService {
  const engines: SpeechEngine[] = [
    createKokoroEngine({ modelsDir: options.modelsDir, ...(options.kokoroImporter ? { importer: options.kokoroImporter } : {}) }),
    espeakEngine(options.espeak),
  ];

  const measured = new Map<SpeechEngine, Promise<Voice[]>>();
  /** The engine's list with same-sounding variants dropped, measured once per process. */
  function distinctVoices(engine: SpeechEngine): Promise<Voice[]> {
    let voices = measured.get(engine);
    if (voices === undefined) {
      voices = engine.listVoices().then((list) => dropSameSoundingVariants(engine, list));
      // An empty or failed list is not remembered: the engine may work on the next call.
      voices.then(
        (list) => list.length === 0 && measured.delete(engine),
        () => measured.delete(engine),
      );
      measured.set(engine, voices);
    }
    return voices;
  }

  async function availableEngines(): Promise<SpeechEngine[]> {
    const flags = await Promise.all(engines.map((e) => e.isAvailable()));
    return engines.filter((_, i) => flags[i]);
  }

  return {
    async isAvailable() {
      return (await availableEngines()).length > 0;
    },

    async listVoices() {
      const lists = await Promise.all((await availableEngines()).map((e) => distinctVoices(e)));
      const rank = (v: Voice) => engines.findIndex((e) => e.name === v.engine);
      // Array.prototype.sort is stable: each engine's own order survives within a language.
      return lists.flat().sort((a, b) => a.language_name.localeCompare(b.language_name, 'en') || rank(a) - rank(b));
    },

    async defaultVoiceId() {
      const first = (await availableEngines())[0];
      return first === undefined ? FALLBACK_VOICE_ID : `${first.name}:${first.defaultVoice}`;
    },

    async speak(request) {
      const available = await availableEngines();
      const best = available[0];
      if (best === undefined) {
        throw new SpeechError('No speech engine is available. Install espeak-ng (apt install espeak-ng) or set ESPEAK_PATH.');
      }
      const [engineName, voice] = splitVoiceId(request.voiceId);
      const wanted = available.find((e) => e.name === engineName);
      const voices = wanted ? await distinctVoices(wanted) : [];
      const engine = wanted && voices.some((v) => v.id === request.voiceId) ? wanted : best;
      const engineVoice = engine === wanted ? voice : engine.defaultVoice;
      const result = await engine.synthesize({
        text: request.text,
        voice: engineVoice,
        speed: request.speed,
        outputFile: request.outputFile,
        signal: request.signal,
      });
      const voiceId = `${engine.name}:${engineVoice}`;
      // Kokoro (kokoro-js gives no word times) and the espeak-ng CLI report none: align.
      const wordTimings = result.wordTimings ?? (request.wordTimings === 'align-if-missing' ? await alignedTimings({ ...request, voiceId }) : null);
      return { ...result, wordTimings, voiceId };
    },
  };
}

/**
 * Word timings for audio its engine gave none for, by alignment; null if that fails (the
 * audio is still good, and a render tries the alignment again for its captions).
 */
async function alignedTimings(request: SpeakRequest): Promise<WordTiming[] | null> {
  try {
    const [outcome] = await alignWordTimings(
      [{ audioFile: request.outputFile, text: request.text, voice: referenceVoice(request.voiceId), speed: request.speed }],
      request.signal,
    );
    return outcome?.ok === true ? outcome.words : null;
  } catch (err) {
    if (request.signal?.aborted === true) throw err;
    return null;
  }
}

function espeakEngine(tool: ToolResolution): SpeechEngine {
  if (!tool.ok) return unavailableEngine('espeak', tool.message);
  return tool.kind === 'wasm' ? createWasmEspeakEngine() : createEspeakEngine({ espeakPath: tool.path });
}

/** Stands in for an engine the resolver found no program for, so the service keeps one shape. */
function unavailableEngine(name: SpeechEngine['name'], message: string): SpeechEngine {
  return {
    name,
    defaultVoice: '',
    isAvailable: () => Promise.resolve(false),
    listVoices: () => Promise.resolve([]),
    synthesize: () => Promise.reject(new SpeechError(message)),
  };
}

function splitVoiceId(voiceId: string): [engine: string, voice: string] {
  const colon = voiceId.indexOf(':');
  return colon === -1 ? ['', voiceId] : [voiceId.slice(0, colon), voiceId.slice(colon + 1)];
}
