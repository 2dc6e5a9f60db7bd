import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { SpeechEngine, Voice } from './types.js';

const LANGUAGE_NAMES = new Intl.DisplayNames(['en'], { type: 'language', languageDisplay: 'standard', style: 'short' });

/**
 * A plain English name for a voice's language, e.g. `en-us` → "English (US)". Codes
 * Intl does not know (espeak-ng has constructed and regional ones) keep the name the
 * engine gives, e.g. "English (Received Pronunciation)".
 */
export function languageLabel(code: string, engineName?: string): string {
  let label: string | undefined;
  try {
    label = LANGUAGE_NAMES.of(code);
  } catch {
    label = undefined;
  }
  const known = label !== undefined && label.toLowerCase() !== code.toLowerCase();
  return known ? label! : (engineName ?? code);
}

/** "English (US) — Heart, female": the language first, so a sorted list reads grouped. */
export function voiceName(languageName: string, name: string, gender?: 'male' | 'female'): string {
  return `${languageName} — ${gender === undefined ? name : `${name}, ${gender}`}`;
}

/** Heard by every probe: digits make each language say something of its own. */
const PROBE_TEXT = 'One, two, three. 1 2 3.';

/**
 * Drops voices that sound exactly like another voice of the same engine. An espeak-ng
 * variant such as `en-gb+f3` is accepted and silently ignored by some language files (on
 * 1.51, `en-gb+f3` and `fr-fr+f3` give the male voice byte for byte), so each variant
 * (`{base}+{variant}`) is synthesised once next to its base and kept only when the WAV
 * bytes differ. Runs once per engine per process; the probes are a few hundred ms.
 */
export async function dropSameSoundingVariants(engine: SpeechEngine, voices: readonly Voice[]): Promise<Voice[]> {
  const variants = voices.filter((v) => v.id.includes('+'));
  if (variants.length === 0) return [...voices];
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'storyflow-voice-probe-'));
  try {
    const digests = new Map<string, Promise<string>>();
    const digestOf = (engineVoice: string) => {
      let digest = digests.get(engineVoice);
      if (digest === undefined) {
        const file = path.join(dir, `${crypto.randomBytes(6).toString('hex')}.wav`);
        digest = engine
          .synthesize({ text: PROBE_TEXT, voice: engineVoice, speed: 1, outputFile: file })
          .then(async () => crypto.createHash('sha256').update(await fs.readFile(file)).digest('hex'));
        digests.set(engineVoice, digest);
      }
      return digest;
    };
    const same = new Set<string>();
    for (const variant of variants) {
      const engineVoice = variant.id.slice(variant.id.indexOf(':') + 1);
      const base = engineVoice.slice(0, engineVoice.indexOf('+'));
      // One pair at a time: the machine is shared and the probes are short.
      const [a, b] = await Promise.all([digestOf(base), digestOf(engineVoice)]);
      if (a === b) same.add(variant.id);
    }
    return voices.filter((v) => !same.has(v.id));
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}
