import { describe, expect, it } from 'vitest';
import { createEspeakEngine } from '../../../src/engine/speech/espeak.js';
import { createSpeechService } from '../../../src/engine/speech/index.js';
import { dropSameSoundingVariants, languageLabel } from '../../../src/engine/speech/voice-catalogue.js';
import { makeTempDir } from '../../helper.js';
import { TOOLS } from '../media.js';

describe('voice catalogue', () => {
  it('names languages plainly and keeps the engine name for codes Intl does not know', () => {
    expect(languageLabel('en-us')).toBe('English (US)');
    expect(languageLabel('en-gb')).toBe('English (UK)');
    expect(languageLabel('fr-ch')).toBe('French (Switzerland)');
    expect(languageLabel('qya', 'Quenya')).toBe('Quenya');
    expect(languageLabel('chr-US-Qaaa-x-west', 'Cherokee')).toBe('Cherokee');
  });

  it('drops an espeak-ng variant that synthesises byte for byte like its base voice, and keeps one that differs', async () => {
    const engine = createEspeakEngine({ espeakPath: 'espeak-ng' });
    const voices = (await engine.listVoices()).filter((v) => ['en-us', 'en-gb'].includes(v.language));
    expect(voices.map((v) => v.id)).toEqual(['espeak:en-gb', 'espeak:en-gb+f3', 'espeak:en-us', 'espeak:en-us+f3']);
    // Measured on espeak-ng 1.51: en-gb's language file ignores +f3; en-us honours it.
    const distinct = await dropSameSoundingVariants(engine, voices);
    expect(distinct.map((v) => v.id)).toEqual(['espeak:en-gb', 'espeak:en-us', 'espeak:en-us+f3']);
  });

  it('lists every voice once, sorted by language name, with no two sounding alike as variant and base', async () => {
    const speech = createSpeechService({ espeak: TOOLS.espeak, modelsDir: makeTempDir() });
    const voices = await speech.listVoices();
    const names = voices.map((v) => v.language_name);
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b, 'en')));
    expect(new Set(voices.map((v) => v.id)).size).toBe(voices.length);
    expect(new Set(voices.map((v) => v.name)).size).toBe(voices.length);
    expect(voices.map((v) => v.id)).not.toContain('espeak:en-gb+f3');
  });
});
