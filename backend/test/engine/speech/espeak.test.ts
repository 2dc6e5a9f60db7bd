import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  buildEspeakArgs,
  createEspeakEngine,
  parseEspeakVoices,
  wordsPerMinute,
} from '../../../src/engine/speech/espeak.js';
import { parseWavHeader } from '../../../src/engine/wav.js';
import { makeTempDir } from '../../helper.js';

/** Captured from `espeak-ng --voices` (1.51) on this machine kind, abridged. */
const VOICES_OUTPUT = `Pty Language       Age/Gender VoiceName          File                 Other Languages
 5  af              --/M      Afrikaans          gmw/af
 2  en-gb           --/M      English_(Great_Britain) gmw/en               (en 2)
 5  en-gb-x-rp      --/M      English_(Received_Pronunciation) gmw/en-GB-x-rp       (en 4)
 2  en-us           --/M      English_(America)  gmw/en-US            (en 3)
 5  en-us           --/F      us-mbrola-1        mb/mb-us1            (en 8)
 5  qya             --/M      Quenya             art/qya
 5  de              --/M      German             gmw/de
`;

describe('espeak-ng engine', () => {
  it('maps speed to words per minute within what espeak-ng accepts', () => {
    expect(wordsPerMinute(1)).toBe(175);
    expect(wordsPerMinute(0.5)).toBe(88);
    expect(wordsPerMinute(2)).toBe(350);
    expect(wordsPerMinute(0.1)).toBe(80);
  });

  it('builds the argument list with the text on stdin, never in argv', () => {
    // prettier-ignore -- flags paired with their values
    expect(buildEspeakArgs('en-gb+f3', 1.2, '/tmp/x.wav')).toEqual([
      '-v', 'en-gb+f3', '-s', '210', '-b', '1', '-w', '/tmp/x.wav', '--stdin',
    ]);
  });

  it('parses the voice list into plain names, with female variants as candidates and no MBROLA voices', () => {
    const espeak = { engine: 'espeak' };
    expect(parseEspeakVoices(VOICES_OUTPUT)).toEqual([
      { ...espeak, id: 'espeak:af', name: 'Afrikaans — eSpeak, male', language: 'af', language_name: 'Afrikaans', gender: 'male' },
      { ...espeak, id: 'espeak:en-gb', name: 'English (UK) — eSpeak, male', language: 'en-gb', language_name: 'English (UK)', gender: 'male' },
      { ...espeak, id: 'espeak:en-gb+f3', name: 'English (UK) — eSpeak, female', language: 'en-gb', language_name: 'English (UK)', gender: 'female' },
      { ...espeak, id: 'espeak:en-gb-x-rp', name: 'English (Received Pronunciation) — eSpeak, male', language: 'en-gb-x-rp', language_name: 'English (Received Pronunciation)', gender: 'male' },
      { ...espeak, id: 'espeak:en-us', name: 'English (US) — eSpeak, male', language: 'en-us', language_name: 'English (US)', gender: 'male' },
      { ...espeak, id: 'espeak:en-us+f3', name: 'English (US) — eSpeak, female', language: 'en-us', language_name: 'English (US)', gender: 'female' },
      { ...espeak, id: 'espeak:qya', name: 'Quenya — eSpeak, male', language: 'qya', language_name: 'Quenya', gender: 'male' },
      { ...espeak, id: 'espeak:de', name: 'German — eSpeak, male', language: 'de', language_name: 'German', gender: 'male' },
      { ...espeak, id: 'espeak:de+f3', name: 'German — eSpeak, female', language: 'de', language_name: 'German', gender: 'female' },
    ]);
  });

  it('writes a real mono 16-bit WAV peaking at −1 dBFS whose duration matches its samples', async () => {
    const dir = makeTempDir();
    const out = path.join(dir, 'audio', 'seg.wav');
    const engine = createEspeakEngine({ espeakPath: 'espeak-ng' });
    expect(await engine.isAvailable()).toBe(true);

    const result = await engine.synthesize({
      text: 'The lighthouse keeper had not seen a ship in forty years.',
      voice: 'en-us',
      speed: 1,
      outputFile: out,
    });

    const buf = fs.readFileSync(out);
    expect(buf.toString('ascii', 0, 4)).toBe('RIFF');
    const info = parseWavHeader(buf);
    expect(info).toMatchObject({ format: 1, channels: 1, bitsPerSample: 16, sampleRate: 22050 });
    expect(info.frames).toBeGreaterThan(0);
    expect(result.sampleRate).toBe(22050);
    expect(result.durationSeconds).toBe(info.frames / 22050);
    expect(result.durationSeconds).toBeGreaterThan(1);
    let peak = 0;
    for (let i = 0; i < info.frames; i++) peak = Math.max(peak, Math.abs(buf.readInt16LE(info.dataOffset + i * 2)));
    expect(Math.abs(20 * Math.log10(peak / 32768) - -1)).toBeLessThan(0.1);
    // No temporary files are left beside the result.
    expect(fs.readdirSync(path.dirname(out))).toEqual(['seg.wav']);
  });

  it('speaks faster at a higher speed', async () => {
    const dir = makeTempDir();
    const engine = createEspeakEngine({ espeakPath: 'espeak-ng' });
    const text = 'Then, one night, a light answered his.';
    const slow = await engine.synthesize({ text, voice: 'en-us', speed: 0.5, outputFile: path.join(dir, 'slow.wav') });
    const fast = await engine.synthesize({ text, voice: 'en-us', speed: 2, outputFile: path.join(dir, 'fast.wav') });
    expect(fast.durationSeconds).toBeLessThan(slow.durationSeconds / 2);
  });

  it('reports itself unavailable and lists no voices when the program is missing', async () => {
    const engine = createEspeakEngine({ espeakPath: '/nonexistent/espeak-ng' });
    expect(await engine.isAvailable()).toBe(false);
    expect(await engine.listVoices()).toEqual([]);
    const dir = makeTempDir();
    await expect(
      engine.synthesize({ text: 'hello', voice: 'en-us', speed: 1, outputFile: path.join(dir, 'x.wav') }),
    ).rejects.toThrow('espeak-ng could not be started');
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('rejects with an AbortError and leaves no file when cancelled', async () => {
    const dir = makeTempDir();
    const engine = createEspeakEngine({ espeakPath: 'espeak-ng' });
    const controller = new AbortController();
    const pending = engine.synthesize({
      text: 'A long story. '.repeat(400),
      voice: 'en-us',
      speed: 1,
      outputFile: path.join(dir, 'x.wav'),
      signal: controller.signal,
    });
    controller.abort();
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('refuses a voice name that is not a plain espeak-ng voice', async () => {
    const engine = createEspeakEngine({ espeakPath: 'espeak-ng' });
    await expect(
      engine.synthesize({ text: 'x', voice: '--help', speed: 1, outputFile: path.join(makeTempDir(), 'x.wav') }),
    ).rejects.toThrow('Unknown espeak-ng voice');
  });
});
