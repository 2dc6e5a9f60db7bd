import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { SpeechService, Voice } from '../engine/speech/index.js';

/** A sentence in the voice's own language where we have one: a German voice reading English tells little. */
const SAMPLE_TEXT: Record<string, string> = {
  en: 'The lighthouse keeper looked out over the quiet sea, and waited for morning.',
  de: 'Der Leuchtturmwärter blickte über das stille Meer und wartete auf den Morgen.',
  fr: 'Le gardien du phare regardait la mer calme et attendait le matin.',
  es: 'El farero miraba el mar tranquilo y esperaba la mañana.',
  it: 'Il guardiano del faro guardava il mare calmo e aspettava il mattino.',
  pt: 'O faroleiro olhava o mar calmo e esperava pela manhã.',
  nl: 'De vuurtorenwachter keek uit over de stille zee en wachtte op de ochtend.',
  pl: 'Latarnik patrzył na spokojne morze i czekał na poranek.',
  ru: 'Смотритель маяка смотрел на тихое море и ждал утра.',
};

export function sampleText(voice: Pick<Voice, 'language'>): string {
  return SAMPLE_TEXT[voice.language.split('-')[0] ?? ''] ?? SAMPLE_TEXT.en!;
}

/**
 * "Play sample" in Settings: one short WAV per voice, synthesised on first request and
 * kept in `{cacheDir}`, so clicking through voices costs one synthesis each. The file
 * name hashes the voice and the text, so a new sample sentence replaces old files.
 */
export function createVoiceSamples(options: { speech: SpeechService; cacheDir: string }) {
  const pending = new Map<string, Promise<string>>();

  async function make(voice: Voice, file: string): Promise<string> {
    const exists = await fs.stat(file).then((s) => s.size > 0, () => false);
    if (exists) return file;
    await fs.mkdir(options.cacheDir, { recursive: true });
    const result = await options.speech.speak({ text: sampleText(voice), voiceId: voice.id, speed: 1, outputFile: file });
    if (result.voiceId !== voice.id) {
      // The engine fell back to another voice: that is not a sample of this one.
      await fs.rm(file, { force: true });
      throw new Error(`The voice ${voice.id} could not be used`);
    }
    return file;
  }

  return {
    /** Path of the sample WAV of a listed voice. */
    async sampleFile(voice: Voice): Promise<string> {
      const key = crypto.createHash('sha256').update(`${voice.id}\n${sampleText(voice)}`).digest('hex').slice(0, 24);
      const file = path.join(options.cacheDir, `${key}.wav`);
      let job = pending.get(file);
      if (job === undefined) {
        job = make(voice, file).finally(() => pending.delete(file));
        pending.set(file, job);
      }
      return job;
    },
  };
}

export type VoiceSamples = ReturnType<typeof createVoiceSamples>;
