import { describe, expect, it } from 'vitest';
import { createEspeakEngine } from '../../../src/engine/speech/espeak.js';
import { createSpeechService } from '../../../src/engine/speech/index.js';
import { dropSameSoundingVariants, languageLabel } from '../../../src/engine/speech/voice-catalogue.js';
import { makeTempDir } from '../../helper.js';
import { createWasmEspeakEngine } from '../../../src/engine/speech/espeak-wasm.js';
import { resolveMediaTools } from '../../../src/engine/tools/media-tools.js';
import { TOOLS } from '../media.js';

/** The espeak-ng CLI when installed (its variants behave differently from the WebAssembly build's). */
const CLI = (await resolveMediaTools({ ESPEAK_PATH: 'espeak-ng', PATH: process.env.PATH })).espeak;

describe('voice catalogue', () => {
  it('names languages plainly and keeps the engine name for codes Intl does not know', () => {
    expect(languageLabel('en-us')).toBe('English (US)');
    expect(languageLabel('en-gb')).toBe('English (UK)');
    expect(languageLabel('fr-ch')).toBe('French (Switzerland)');
    expect(languageLabel('qya', 'Quenya')).toBe('Quenya');
    expect(languageLabel('chr-US-Qaaa-x-west', 'Cherokee')).toBe('Cherokee');
  });

  it.runIf(CLI.ok)('drops an espeak-ng variant that synthesises byte for byte like its base voice, and keeps one that differs', async () => {
    const engine = createEspeakEngine({ espeakPath: CLI.ok ? CLI.path : '' });
    const voices = (await engine.listVoices()).filter((v) => ['en-us', 'en-gb'].includes(v.language));
    expect(voices.map((v) => v.id)).toEqual(['espeak:en-gb', 'espeak:en-gb+f3', 'espeak:en-us', 'espeak:en-us+f3']);
    // Measured on espeak-ng 1.51: en-gb's language file ignores +f3; en-us honours it.
    const distinct = await dropSameSoundingVariants(engine, voices);
    expect(distinct.map((v) => v.id)).toEqual(['espeak:en-gb', 'espeak:en-us', 'espeak:en-us+f3']);
  });

  it('keeps both English variants with the WebAssembly build, where +f3 applies to en-gb as well', async () => {
    // The library selects the voice file itself (gmw/en+f3); the CLI's `-v en-gb+f3` does not apply the variant.
    const engine = createWasmEspeakEngine();
    const voices = (await engine.listVoices()).filter((v) => ['en-us', 'en-gb'].includes(v.language));
    const distinct = await dropSameSoundingVariants(engine, voices);
    expect(distinct.map((v) => v.id)).toEqual(['espeak:en-gb', 'espeak:en-gb+f3', 'espeak:en-us', 'espeak:en-us+f3']);
  });

  it('lists every voice once, sorted by language name, with no two sounding alike as variant and base', async () => {
    const speech = createSpeechService({ espeak: TOOLS.espeak, modelsDir: makeTempDir() });
    const voices = await speech.listVoices();
    const names = voices.map((v) => v.language_name);
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b, 'en')));
    expect(new Set(voices.map((v) => v.id)).size).toBe(voices.length);
    expect(new Set(voices.map((v) => v.name)).size).toBe(voices.length);
    // en-gb+f3 sounds like en-gb only through the CLI (measured on 1.51); the WASM build applies the variant.
    const wasm = TOOLS.espeak.ok && TOOLS.espeak.kind === 'wasm';
    if (wasm) expect(voices.map((v) => v.id)).toContain('espeak:en-gb+f3');
    else expect(voices.map((v) => v.id)).not.toContain('espeak:en-gb+f3');
  });
});
