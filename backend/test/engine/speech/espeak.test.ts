import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  buildEspeakArgs,
  createEspeakEngine,
  parseEspeakVoices,
  wordsPerMinute,
} from '../../../src/engine/speech/espeak.js';
import { createWasmEspeakEngine } from '../../../src/engine/speech/espeak-wasm.js';
import type { SpeechEngine } from '../../../src/engine/speech/types.js';
import { resolveMediaTools } from '../../../src/engine/tools/media-tools.js';
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

});

/** Both builds StoryFlow can speak with: the bundled WebAssembly one always, the CLI when installed. */
const CLI = (await resolveMediaTools({ ESPEAK_PATH: 'espeak-ng', PATH: process.env.PATH })).espeak;
const ENGINES: [string, () => SpeechEngine][] = [
  ['WebAssembly', () => createWasmEspeakEngine()],
  ...(CLI.ok ? [['CLI', () => createEspeakEngine({ espeakPath: CLI.path })] as [string, () => SpeechEngine]] : []),
];

describe.each(ENGINES)('espeak-ng synthesis (%s)', (_label, makeEngine) => {
  it('writes a real mono 16-bit WAV peaking at −1 dBFS whose duration matches its samples', async () => {
    const dir = makeTempDir();
    const out = path.join(dir, 'audio', 'seg.wav');
    const engine = makeEngine();
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
    const engine = makeEngine();
    const text = 'Then, one night, a light answered his.';
    const slow = await engine.synthesize({ text, voice: 'en-us', speed: 0.5, outputFile: path.join(dir, 'slow.wav') });
    const fast = await engine.synthesize({ text, voice: 'en-us', speed: 2, outputFile: path.join(dir, 'fast.wav') });
    expect(fast.durationSeconds).toBeLessThan(slow.durationSeconds / 2);
  });

  it('rejects with an AbortError and leaves no file when cancelled', async () => {
    const dir = makeTempDir();
    const engine = makeEngine();
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
    const engine = makeEngine();
    await expect(
      engine.synthesize({ text: 'x', voice: '--help', speed: 1, outputFile: path.join(makeTempDir(), 'x.wav') }),
    ).rejects.toThrow('Unknown espeak-ng voice');
  });
});

describe('espeak-ng WebAssembly engine', () => {
  it('stores word timings from the same synthesis: in order, inside the audio, mapped to the words of the text', async () => {
    const engine = createWasmEspeakEngine();
    const text = 'Café owners sold 42 loaves — before noon.';
    const result = await engine.synthesize({ text, voice: 'en-us', speed: 1, outputFile: path.join(makeTempDir(), 'w.wav') });
    const timings = result.wordTimings ?? [];
    // "42" is spoken as two words and the dash not at all; the words are still the text's own.
    expect(timings.map((t) => t.word)).toEqual(['Café', 'owners', 'sold', '42', 'loaves', 'before', 'noon.']);
    for (const [i, t] of timings.entries()) {
      expect(t.end).toBeGreaterThan(t.start);
      expect(t.end).toBeLessThanOrEqual(result.durationSeconds);
      if (i > 0) expect(t.start).toBeGreaterThanOrEqual(timings[i - 1]!.end);
    }
  });

  it('puts each word after a pause where its sound starts (within one 30 fps frame)', async () => {
    const out = path.join(makeTempDir(), 'p.wav');
    const result = await createWasmEspeakEngine().synthesize({ text: 'One. Seven. Nine. Twelve.', voice: 'en-us', speed: 1, outputFile: out });
    const buf = fs.readFileSync(out);
    const info = parseWavHeader(buf);
    const windowFrames = Math.round(info.sampleRate / 200); // 5 ms
    const loud: boolean[] = [];
    for (let w = 0; (w + 1) * windowFrames <= info.frames; w++) {
      let sum = 0;
      for (let i = 0; i < windowFrames; i++) sum += buf.readInt16LE(info.dataOffset + (w * windowFrames + i) * 2) ** 2;
      loud.push(Math.sqrt(sum / windowFrames) > 500);
    }
    // Acoustic onsets: the first loud window after at least 100 ms of quiet.
    const onsets: number[] = [];
    let quiet = 20;
    for (const [w, isLoud] of loud.entries()) {
      if (isLoud && quiet >= 20) onsets.push((w * windowFrames) / info.sampleRate);
      quiet = isLoud ? 0 : quiet + 1;
    }
    const starts = (result.wordTimings ?? []).map((t) => t.start);
    expect(starts).toHaveLength(4);
    expect(onsets).toHaveLength(4);
    for (const [i, start] of starts.entries()) expect(Math.abs(start - onsets[i]!)).toBeLessThan(1 / 30);
  });

  it('keeps markup characters out of espeak-ng\'s SSML parser, and the word positions right', async () => {
    const result = await createWasmEspeakEngine().synthesize({
      text: 'Tom <b>and</b> Jerry &amp; friends',
      voice: 'en-us',
      speed: 1,
      outputFile: path.join(makeTempDir(), 'm.wav'),
    });
    expect(result.wordTimings?.map((t) => t.word)).toEqual(['Tom', '<b>and</b>', 'Jerry', '&amp;', 'friends']);
  });

  it('refuses a voice espeak-ng does not have, and still speaks after a cancelled request', async () => {
    const engine = createWasmEspeakEngine();
    const dir = makeTempDir();
    await expect(engine.synthesize({ text: 'x', voice: 'xx-nowhere', speed: 1, outputFile: path.join(dir, 'x.wav') })).rejects.toThrow(
      'Unknown espeak-ng voice "xx-nowhere"',
    );
    const controller = new AbortController();
    const cancelled = engine.synthesize({ text: 'A long story. '.repeat(400), voice: 'en-us', speed: 1, outputFile: path.join(dir, 'c.wav'), signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    await expect(cancelled).rejects.toMatchObject({ name: 'AbortError' });
    const next = await engine.synthesize({ text: 'Still here.', voice: 'en-us', speed: 1, outputFile: path.join(dir, 'n.wav') });
    expect(next.durationSeconds).toBeGreaterThan(0.3);
    expect(fs.readdirSync(dir)).toEqual(['n.wav']);
  });

  it('lists the same voices as the CLI parser would, by language', async () => {
    const voices = await createWasmEspeakEngine().listVoices();
    expect(voices).toContainEqual(expect.objectContaining({ id: 'espeak:en-us', engine: 'espeak', language: 'en-us', language_name: 'English (US)', gender: 'male' }));
    expect(voices).toContainEqual(expect.objectContaining({ id: 'espeak:en-gb', engine: 'espeak', language: 'en-gb', language_name: 'English (UK)', gender: 'male' }));
    expect(voices.some((v) => v.id.startsWith('espeak:mb'))).toBe(false);
  });
});
