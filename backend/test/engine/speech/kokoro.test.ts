import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  checkKokoro,
  createKokoroEngine,
  KOKORO_MODEL_ID,
  KOKORO_REQUIRED_FILES,
  missingKokoroFiles,
} from '../../../src/engine/speech/kokoro.js';
import { createSpeechService } from '../../../src/engine/speech/index.js';
import { makeTempDir } from '../../helper.js';
import { resolveMediaTools } from '../../../src/engine/tools/media-tools.js';
import { TOOLS } from '../media.js';

function placeModelFiles(modelsDir: string): void {
  for (const file of KOKORO_REQUIRED_FILES) {
    const full = path.join(modelsDir, KOKORO_MODEL_ID, file);
    fs.mkdirSync(path.dirname(full), { recursive: true });
    fs.writeFileSync(full, 'x');
  }
}

describe('Kokoro loader', () => {
  it('is unavailable and names every missing file when the models folder is empty', async () => {
    const modelsDir = makeTempDir();
    let imported = false;
    const status = await checkKokoro(modelsDir, async () => {
      imported = true;
      return {};
    });
    expect(status).toEqual({
      available: false,
      reason: `Kokoro model files are missing from ${modelsDir}: ${KOKORO_REQUIRED_FILES.map((f) => `${KOKORO_MODEL_ID}/${f}`).join(', ')}`,
    });
    // Without the model there is no reason to load the (heavy) package at all.
    expect(imported).toBe(false);
  });

  it('reports only the files that are missing', async () => {
    const modelsDir = makeTempDir();
    placeModelFiles(modelsDir);
    fs.rmSync(path.join(modelsDir, KOKORO_MODEL_ID, 'onnx', 'model_quantized.onnx'));
    expect(await missingKokoroFiles(modelsDir)).toEqual([`${KOKORO_MODEL_ID}/onnx/model_quantized.onnx`]);
  });

  it('is unavailable when the model is present but the kokoro-js package is not installed', async () => {
    const modelsDir = makeTempDir();
    placeModelFiles(modelsDir);
    const status = await checkKokoro(modelsDir, async (name) => {
      throw new Error(`Cannot find package '${name}'`);
    });
    expect(status).toEqual({ available: false, reason: 'The package kokoro-js could not be loaded; run npm install' });
  });

  it('is available when the model files and a module exporting KokoroTTS are both there', async () => {
    const modelsDir = makeTempDir();
    placeModelFiles(modelsDir);
    const fake = { KokoroTTS: { from_pretrained: async () => ({}) }, env: {} };
    expect((await checkKokoro(modelsDir, async () => fake)).available).toBe(true);
    const engine = createKokoroEngine({ modelsDir, importer: async () => fake });
    const voices = await engine.listVoices();
    expect(voices).toContainEqual({
      id: 'kokoro:af_heart',
      name: 'English (US) — Heart, female',
      engine: 'kokoro',
      language: 'en-us',
      language_name: 'English (US)',
      gender: 'female',
    });
    expect(voices.every((v) => v.engine === 'kokoro')).toBe(true);
  });

  it('loads the model from the models folder with remote downloads turned off', async () => {
    const modelsDir = makeTempDir();
    placeModelFiles(modelsDir);
    const env = { allowLocalModels: false, allowRemoteModels: true, localModelPath: '' };
    const loaded: { id: string; options: unknown }[] = [];
    const fake = {
      env,
      KokoroTTS: {
        from_pretrained: async (id: string, options: unknown) => {
          loaded.push({ id, options });
          return {
            async *stream() {
              yield { audio: { audio: Float32Array.from([0, 0.2, -0.4, 0.1]), sampling_rate: 24000 } };
              yield { audio: { audio: Float32Array.from([0.05, 0]), sampling_rate: 24000 } };
            },
          };
        },
      },
    };
    // kokoro-js gives the model class; transformers.js, which it loads through, owns `env`.
    const engine = createKokoroEngine({ modelsDir, importer: async (name) => (name === 'kokoro-js' ? { KokoroTTS: fake.KokoroTTS } : { env }) });
    const out = path.join(makeTempDir(), 'k.wav');
    const result = await engine.synthesize({ text: 'Hello. World.', voice: 'af_heart', speed: 1, outputFile: out });
    expect(env).toEqual({ allowLocalModels: true, allowRemoteModels: false, localModelPath: modelsDir + path.sep });
    expect(loaded).toEqual([{ id: KOKORO_MODEL_ID, options: { dtype: 'q8', device: 'cpu' } }]);
    expect(result).toEqual({ sampleRate: 24000, durationSeconds: 6 / 24000, frames: 6, wordTimings: null });
  });
});

describe('Kokoro word timings from the timestamped model', () => {
  // A stand-in for kokoro-js 1.2: stream() calls its public `model` field once per sentence and
  // yields the sentence, its phonemes and its audio, as the real one does.
  function fakeKokoro(sentences: { text: string; phonemes: string; samples: number; durations?: number[] }[]) {
    const tts = {
      model: async (_inputs: Record<string, unknown>): Promise<Record<string, unknown>> => ({}),
      async *stream() {
        for (const s of sentences) {
          await tts.model({});
          yield { text: s.text, phonemes: s.phonemes, audio: { audio: new Float32Array(s.samples).fill(0.1), sampling_rate: 24000 } };
        }
      },
    };
    let call = 0;
    tts.model = async () => {
      const d = sentences[call++]?.durations;
      return d === undefined ? { waveform: {} } : { waveform: {}, durations: { data: Float32Array.from(d) } };
    };
    const env = { allowLocalModels: false, allowRemoteModels: true, localModelPath: '' };
    return async (name: string) => (name === 'kokoro-js' ? { KokoroTTS: { from_pretrained: async () => tts } } : { env });
  }

  function modelsWithVocabulary(chars: string): string {
    const modelsDir = makeTempDir();
    placeModelFiles(modelsDir);
    const vocab = Object.fromEntries(['$', ...new Set(Array.from(chars))].map((c, i) => [c, i]));
    fs.writeFileSync(path.join(modelsDir, KOKORO_MODEL_ID, 'tokenizer.json'), JSON.stringify({ model: { vocab } }));
    return modelsDir;
  }

  it('times the words of every sentence, the second one after the first sentence\'s audio', async () => {
    const a = { text: 'Hi there.', phonemes: 'hˈaɪ ðɛɹ.', samples: 24000, durations: [4, 2, 1, 2, 2, 1, 2, 2, 2, 3, 8] };
    const b = { text: 'Bye.', phonemes: 'bˈaɪ.', samples: 12000, durations: [2, 2, 1, 2, 2, 4, 3] };
    const engine = createKokoroEngine({ modelsDir: modelsWithVocabulary(a.phonemes + b.phonemes), importer: fakeKokoro([a, b]) });
    const result = await engine.synthesize({ text: 'Hi there. Bye.', voice: 'af_heart', speed: 1, outputFile: path.join(makeTempDir(), 'k.wav') });
    expect(result.durationSeconds).toBe(1.5);
    // Hi: tokens 1–4 → steps 4..11; there: tokens 6–8 (not the full stop) → steps 12..18 (× 25 ms);
    // Bye: steps 2..9 after the first sentence's 1 s.
    expect(result.wordTimings).toEqual([
      { word: 'Hi', start: 0.1, end: 0.275 },
      { word: 'there.', start: 0.3, end: 0.45 },
      { word: 'Bye.', start: 1.05, end: 1.225 },
    ]);
  });

  it('gives none when the model has no durations output (the plain export)', async () => {
    const a = { text: 'Hi there.', phonemes: 'hˈaɪ ðɛɹ.', samples: 2400 };
    const engine = createKokoroEngine({ modelsDir: modelsWithVocabulary(a.phonemes), importer: fakeKokoro([a]) });
    const result = await engine.synthesize({ text: 'Hi there.', voice: 'af_heart', speed: 1, outputFile: path.join(makeTempDir(), 'k.wav') });
    expect(result.wordTimings).toBeNull();
  });
});

describe('Kokoro with the real kokoro-js package', () => {
  it('loads the package once the files are there and reports a broken model in plain words', async () => {
    const modelsDir = makeTempDir();
    placeModelFiles(modelsDir);
    const engine = createKokoroEngine({ modelsDir });
    expect(await engine.isAvailable()).toBe(true);
    // The files are the test's own bytes, not weights: loading them must fail cleanly.
    const err = await engine
      .synthesize({ text: 'Hello.', voice: 'af_heart', speed: 1, outputFile: path.join(makeTempDir(), 'k.wav') })
      .catch((e: unknown) => e);
    expect(err).toMatchObject({
      name: 'SpeechError',
      message: `The Kokoro model in ${path.join(modelsDir, KOKORO_MODEL_ID)} could not be loaded. Delete that folder and download natural voices again.`,
    });
  });
});

describe('speech service engine choice', () => {
  it('lists only espeak-ng voices and defaults to espeak-ng when the Kokoro model is missing', async () => {
    const speech = createSpeechService({ espeak: TOOLS.espeak, modelsDir: makeTempDir() });
    const voices = await speech.listVoices();
    expect(voices.length).toBeGreaterThan(10);
    expect(new Set(voices.map((v) => v.engine))).toEqual(new Set(['espeak']));
    expect(voices).toContainEqual({
      id: 'espeak:en-us',
      name: 'English (US) — eSpeak, male',
      engine: 'espeak',
      language: 'en-us',
      language_name: 'English (US)',
      gender: 'male',
    });
    expect(await speech.defaultVoiceId()).toBe('espeak:en-us');
  });

  it('falls back to the default espeak-ng voice when the chosen voice\'s engine is unavailable', async () => {
    const speech = createSpeechService({ espeak: TOOLS.espeak, modelsDir: makeTempDir() });
    const out = path.join(makeTempDir(), 'x.wav');
    const result = await speech.speak({ text: 'Hello.', voiceId: 'kokoro:af_heart', speed: 1, outputFile: out });
    expect(result.voiceId).toBe('espeak:en-us');
    expect(fs.existsSync(out)).toBe(true);
  });

  it('has no engine when espeak-ng is missing and there is no Kokoro model', async () => {
    const speech = createSpeechService({ espeak: (await resolveMediaTools({ ESPEAK_PATH: '/nonexistent' })).espeak, modelsDir: makeTempDir() });
    expect(await speech.isAvailable()).toBe(false);
    expect(await speech.listVoices()).toEqual([]);
    await expect(
      speech.speak({ text: 'x', voiceId: 'espeak:en-us', speed: 1, outputFile: path.join(makeTempDir(), 'x.wav') }),
    ).rejects.toThrow('No speech engine is available');
  });
});
