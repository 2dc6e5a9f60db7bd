import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { runProcess, type ProcessResult } from '../child-process.js';
import { normalizeWavFile } from '../wav.js';
import { SpeechError, type SpeechEngine, type SynthesisRequest, type Voice } from './types.js';

/** espeak-ng's own default pace, which we call speed 1.0. */
const BASE_WORDS_PER_MINUTE = 175;
/** espeak-ng refuses to go slower than this. */
const MIN_WORDS_PER_MINUTE = 80;
const MAX_WORDS_PER_MINUTE = 450;
/** Voice names are passed as one argv element, but only plausible names get that far. */
const VOICE_NAME = /^[A-Za-z0-9][A-Za-z0-9_+-]*$/;
/** espeak-ng ships a female variant set; offer one for the two English voices people use most. */
const FEMALE_VARIANTS = new Set(['en-us', 'en-gb']);

export const ESPEAK_DEFAULT_VOICE = 'en-us';

export function wordsPerMinute(speed: number): number {
  return Math.round(Math.min(MAX_WORDS_PER_MINUTE, Math.max(MIN_WORDS_PER_MINUTE, BASE_WORDS_PER_MINUTE * speed)));
}

/**
 * The argument list for one synthesis: text comes on stdin (so no text can be read as
 * an option and there is no argv length limit), UTF-8 input, WAV written to `wavFile`.
 */
export function buildEspeakArgs(voice: string, speed: number, wavFile: string): string[] {
  return ['-v', voice, '-s', String(wordsPerMinute(speed)), '-b', '1', '-w', wavFile, '--stdin'];
}

/** One espeak-ng voice as either build lists it. */
export type EspeakVoiceEntry = { language: string; name: string; file: string; female: boolean };

/**
 * StoryFlow's voice list from espeak-ng's (CLI or WASM alike): one voice per language,
 * MBROLA voices (`mb/…`) left out, since they need separately installed MBROLA databases.
 */
export function espeakVoiceList(entries: readonly EspeakVoiceEntry[]): Voice[] {
  const voices: Voice[] = [];
  const seen = new Set<string>();
  for (const { language, name, file, female } of entries) {
    if (file.startsWith('mb/') || seen.has(language) || !VOICE_NAME.test(language)) continue;
    seen.add(language);
    voices.push({ id: `espeak:${language}`, name, engine: 'espeak', language, gender: female ? 'female' : 'male' });
    if (FEMALE_VARIANTS.has(language)) {
      voices.push({ id: `espeak:${language}+f3`, name: `${name}, female`, engine: 'espeak', language, gender: 'female' });
    }
  }
  return voices;
}

/** Parses `espeak-ng --voices`: `Pty Language Age/Gender VoiceName File Other Languages`. */
export function parseEspeakVoices(output: string): Voice[] {
  const entries: EspeakVoiceEntry[] = [];
  for (const line of output.split('\n').slice(1)) {
    const [, language, ageGender, voiceName, file] = line.trim().split(/\s+/);
    if (language === undefined || ageGender === undefined || voiceName === undefined || file === undefined) continue;
    entries.push({ language, name: voiceName.replace(/_/g, ' '), file, female: ageGender.endsWith('/F') });
  }
  return espeakVoiceList(entries);
}

async function runEspeak(bin: string, args: string[], options: { input?: string; signal?: AbortSignal | undefined }): Promise<ProcessResult> {
  options.signal?.throwIfAborted();
  const result = await runProcess(bin, args, { input: options.input ?? '', signal: options.signal, collectStdout: true }).done;
  // A cancelled synthesis rejects with the cancel reason, whatever espeak-ng's exit code was.
  options.signal?.throwIfAborted();
  return result;
}

/** espeak-ng as a child process: always offline, no model download, the engine of a fresh install. */
export function createEspeakEngine(options: { espeakPath: string }): SpeechEngine {
  const bin = options.espeakPath;
  let available: Promise<boolean> | undefined;
  let voices: Promise<Voice[]> | undefined;

  async function probe(): Promise<boolean> {
    try {
      const result = await runEspeak(bin, ['--version'], {});
      return result.exitCode === 0;
    } catch {
      return false;
    }
  }

  return {
    name: 'espeak',
    defaultVoice: ESPEAK_DEFAULT_VOICE,

    async isAvailable() {
      // Remember success only: a user who installs espeak-ng need not restart StoryFlow.
      const ok = await (available ??= probe());
      if (!ok) available = undefined;
      return ok;
    },

    async listVoices() {
      if (!(await this.isAvailable())) return [];
      voices ??= runEspeak(bin, ['--voices'], {}).then(
        (r) => parseEspeakVoices(r.stdout),
        (err: unknown) => {
          voices = undefined; // try again next time rather than caching the failure
          throw err;
        },
      );
      return voices;
    },

    async synthesize(request: SynthesisRequest) {
      if (!VOICE_NAME.test(request.voice)) throw new SpeechError(`Unknown espeak-ng voice "${request.voice}"`);
      const rawFile = `${request.outputFile}.${crypto.randomBytes(4).toString('hex')}.espeak.wav`;
      await fs.mkdir(path.dirname(request.outputFile), { recursive: true });
      try {
        let result: ProcessResult;
        try {
          result = await runEspeak(bin, buildEspeakArgs(request.voice, request.speed, rawFile), {
            input: request.text,
            signal: request.signal,
          });
        } catch (err) {
          if (err instanceof Error && err.name === 'AbortError') throw err;
          throw new SpeechError('espeak-ng could not be started. Install it (apt install espeak-ng) or set ESPEAK_PATH.', String(err), {
            cause: err,
          });
        }
        if (result.exitCode !== 0) {
          throw new SpeechError(`espeak-ng failed (exit code ${String(result.exitCode)})`, result.stderrTail);
        }
        // The CLI reports no word events (espeak-ng#173): timings come from alignment instead.
        return { ...(await normalizeWavFile(rawFile, request.outputFile)), wordTimings: null };
      } finally {
        await fs.rm(rawFile, { force: true });
      }
    },
  };
}
