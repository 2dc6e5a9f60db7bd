import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { runProcess, type ProcessResult } from '../child-process.js';
import { normalizeWavFile } from '../wav.js';
import { languageLabel, voiceName } from './voice-catalogue.js';
import { SpeechError, type SpeechEngine, type SynthesisRequest, type Voice } from './types.js';

/** espeak-ng's own default pace, which we call speed 1.0. */
const BASE_WORDS_PER_MINUTE = 175;
/** espeak-ng refuses to go slower than this. */
const MIN_WORDS_PER_MINUTE = 80;
const MAX_WORDS_PER_MINUTE = 450;
/** Voice names are passed as one argv element, but only plausible names get that far. */
const VOICE_NAME = /^[A-Za-z0-9][A-Za-z0-9_+-]*$/;
/**
 * Languages offered with espeak-ng's female variant (`+f3`) as well. Each one is only a
 * candidate: voice-catalogue.ts measures it and drops it when it sounds exactly like the
 * base voice (en-gb and fr-fr on espeak-ng 1.51). Limited to widely used languages so
 * the measurement stays a few probes, not two hundred.
 */
const FEMALE_VARIANTS = new Set(['en-us', 'en-gb', 'fr-fr', 'de', 'es', 'it', 'pt-br', 'nl', 'pl', 'ru']);

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
export type EspeakVoiceEntry = { language: string; espeakName: string; file: string; female: boolean };

/**
 * StoryFlow's voice list from espeak-ng's (the CLI's or the WebAssembly build's alike):
 * one voice per language, MBROLA voices (`mb/…`) left out, since they need separately
 * installed MBROLA databases.
 */
export function espeakVoiceList(entries: readonly EspeakVoiceEntry[]): Voice[] {
  const voices: Voice[] = [];
  const seen = new Set<string>();
  const espeakNames = new Map<string, string>();
  for (const { language, espeakName, file, female } of entries) {
    if (file.startsWith('mb/') || seen.has(language) || !VOICE_NAME.test(language)) continue;
    seen.add(language);
    espeakNames.set(language, espeakName);
    const languageName = languageLabel(language, espeakName);
    const gender = female ? 'female' : 'male';
    const base = { engine: 'espeak' as const, language, language_name: languageName };
    voices.push({ ...base, id: `espeak:${language}`, name: voiceName(languageName, 'eSpeak', gender), gender });
    if (FEMALE_VARIANTS.has(language)) {
      voices.push({ ...base, id: `espeak:${language}+f3`, name: voiceName(languageName, 'eSpeak', 'female'), gender: 'female' });
    }
  }
  return disambiguate(voices, espeakNames);
}

/** Parses `espeak-ng --voices`: `Pty Language Age/Gender VoiceName File Other Languages`. */
export function parseEspeakVoices(output: string): Voice[] {
  const entries: EspeakVoiceEntry[] = [];
  for (const line of output.split('\n').slice(1)) {
    const [, language, ageGender, espeakName, file] = line.trim().split(/\s+/);
    if (language === undefined || ageGender === undefined || espeakName === undefined || file === undefined) continue;
    entries.push({ language, espeakName: espeakName.replace(/_/g, ' '), file, female: ageGender.endsWith('/F') });
  }
  return espeakVoiceList(entries);
}

/**
 * Two codes Intl names alike (en-gb and en-gb-x-rp are both "English (UK)"): the shortest
 * code keeps the name, the others take espeak-ng's own ("English (Received Pronunciation)").
 */
function disambiguate(voices: Voice[], espeakNames: ReadonlyMap<string, string>): Voice[] {
  const owner = new Map<string, string>();
  for (const v of voices) {
    const current = owner.get(v.language_name);
    if (current === undefined || v.language.length < current.length) owner.set(v.language_name, v.language);
  }
  return voices.map((v) => {
    if (owner.get(v.language_name) === v.language) return v;
    const languageName = espeakNames.get(v.language) ?? v.language;
    return { ...v, language_name: languageName, name: voiceName(languageName, 'eSpeak', v.gender) };
  });
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
