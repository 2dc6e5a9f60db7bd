import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createSpeechService } from '../../../src/engine/speech/index.js';
import { createWasmEspeakEngine } from '../../../src/engine/speech/espeak-wasm.js';
import { resolveMediaTools } from '../../../src/engine/tools/media-tools.js';
import { makeTempDir } from '../../helper.js';
import { onsetErrors, summarize } from '../speech-onsets.js';
import { hasEspeakCli } from '../media.js';

const FPS = 30;
const TEXT = 'The lighthouse keeper waited. Then, one night, a light answered his. Nobody else saw it.';

describe('speech service: word timings from an engine that reports none', () => {
  // The espeak-ng CLI stands in for such an engine (Kokoro's weights cannot be fetched here):
  // it writes the WAV but gives no word events, so the service aligns its audio.
  it.skipIf(!hasEspeakCli())('aligns the espeak-ng CLI\'s audio: starts within a frame of the same speech\'s word events and of its acoustic onsets', async () => {
    const tools = await resolveMediaTools({ ESPEAK_PATH: 'espeak-ng', PATH: process.env.PATH ?? '' });
    expect(tools.espeak).toMatchObject({ ok: true, kind: 'program' });
    const speech = createSpeechService({ espeak: tools.espeak, modelsDir: makeTempDir() });
    const file = path.join(makeTempDir(), 'cli.wav');
    const result = await speech.speak({ text: TEXT, voiceId: 'espeak:en-us', speed: 1.2, outputFile: file, wordTimings: 'align-if-missing' });
    expect(result.voiceId).toBe('espeak:en-us');
    const words = result.wordTimings ?? [];
    expect(words.map((w) => w.word)).toEqual(TEXT.split(' '));

    // Ground truth: the WASM build speaks the same text the same way and reports its word events.
    const truth = (await createWasmEspeakEngine().synthesize({ text: TEXT, voice: 'en-us', speed: 1.2, outputFile: path.join(makeTempDir(), 'w.wav') })).wordTimings ?? [];
    const e = summarize(words.map((w, i) => Math.abs(w.start - truth[i]!.start) * FPS));
    const onsets = onsetErrors(file, words.map((w) => w.start), FPS);
    console.log(`CLI audio aligned: vs events median ${e.median.toFixed(2)}, p95 ${e.p95.toFixed(2)}, max ${e.max.toFixed(2)}; ${onsets.count} onsets, median ${onsets.median.toFixed(2)}, max ${onsets.max.toFixed(2)} frames at ${FPS} fps`);
    expect(e.median).toBeLessThanOrEqual(1);
    expect(e.max).toBeLessThanOrEqual(3);
    expect(onsets.count).toBeGreaterThanOrEqual(4);
    expect(onsets.max).toBeLessThanOrEqual(3);

    // A caller that keeps no timings (voice samples, the CLI render) is not made to wait for them.
    const plain = await speech.speak({ text: TEXT, voiceId: 'espeak:en-us', speed: 1.2, outputFile: path.join(makeTempDir(), 'plain.wav') });
    expect(plain.wordTimings).toBeNull();
  });
});
