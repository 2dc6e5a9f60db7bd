import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { normalizeWavFile } from '../wav.js';
import { languageLabel, voiceName } from './voice-catalogue.js';
import { abortError, SpeechError, type SpeechEngine, type SynthesisRequest, type Voice } from './types.js';

/** espeak-ng's own default pace, which we call speed 1.0. */
const BASE_WORDS_PER_MINUTE = 175;
/** espeak-ng refuses to go slower than this. */
const MIN_WORDS_PER_MINUTE = 80;
const MAX_WORDS_PER_MINUTE = 450;
const KILL_GRACE_MS = 2000;
const STDERR_TAIL_CHARS = 2000;
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

/**
 * Parses `espeak-ng --voices`:
 * `Pty Language Age/Gender VoiceName File Other Languages`. MBROLA voices (`mb/…`) are
 * left out: they need separately installed MBROLA databases.
 */
export function parseEspeakVoices(output: string): Voice[] {
  const voices: Voice[] = [];
  const seen = new Set<string>();
  const espeakNames = new Map<string, string>();
  for (const line of output.split('\n').slice(1)) {
    const cols = line.trim().split(/\s+/);
    const [, language, ageGender, espeakName, file] = cols;
    if (language === undefined || ageGender === undefined || espeakName === undefined || file === undefined) continue;
    if (file.startsWith('mb/') || seen.has(language) || !VOICE_NAME.test(language)) continue;
    seen.add(language);
    espeakNames.set(language, espeakName.replace(/_/g, ' '));
    const languageName = languageLabel(language, espeakNames.get(language));
    const gender = ageGender.endsWith('/F') ? 'female' : 'male';
    const base = { engine: 'espeak' as const, language, language_name: languageName };
    voices.push({ ...base, id: `espeak:${language}`, name: voiceName(languageName, 'eSpeak', gender), gender });
    if (FEMALE_VARIANTS.has(language)) {
      voices.push({ ...base, id: `espeak:${language}+f3`, name: voiceName(languageName, 'eSpeak', 'female'), gender: 'female' });
    }
  }
  return disambiguate(voices, espeakNames);
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

type RunResult = { code: number | null; stdout: string; stderrTail: string };

function runEspeak(bin: string, args: string[], options: { input?: string; signal?: AbortSignal | undefined }): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    if (options.signal?.aborted) return reject(abortError(options.signal));
    const child = spawn(bin, args, {
      stdio: ['pipe', 'pipe', 'pipe'],
      ...(options.signal ? { signal: options.signal, killSignal: 'SIGTERM' as const } : {}),
    });
    let stdout = '';
    let stderrTail = '';
    let killTimer: NodeJS.Timeout | undefined;
    const onAbort = () => {
      // SIGTERM went out with the signal; make sure a stuck process does not outlive the task.
      killTimer = setTimeout(() => child.kill('SIGKILL'), KILL_GRACE_MS);
    };
    options.signal?.addEventListener('abort', onAbort, { once: true });
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderrTail = (stderrTail + chunk).slice(-STDERR_TAIL_CHARS);
    });
    // EPIPE when espeak exits before reading all input is reported through 'close' instead.
    child.stdin.on('error', () => {});
    child.stdin.end(options.input ?? '');
    let spawnError: Error | undefined;
    child.on('error', (err) => (spawnError = err));
    child.on('close', (code) => {
      if (killTimer) clearTimeout(killTimer);
      options.signal?.removeEventListener('abort', onAbort);
      if (options.signal?.aborted) return reject(abortError(options.signal));
      if (spawnError) return reject(spawnError);
      resolve({ code, stdout, stderrTail });
    });
  });
}

/** espeak-ng as a child process: always offline, no model download, the engine of a fresh install. */
export function createEspeakEngine(options: { espeakPath: string }): SpeechEngine {
  const bin = options.espeakPath;
  let available: Promise<boolean> | undefined;
  let voices: Promise<Voice[]> | undefined;

  async function probe(): Promise<boolean> {
    try {
      const result = await runEspeak(bin, ['--version'], {});
      return result.code === 0;
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
        let result: RunResult;
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
        if (result.code !== 0) {
          throw new SpeechError(`espeak-ng failed (exit code ${String(result.code)})`, result.stderrTail);
        }
        return await normalizeWavFile(rawFile, request.outputFile);
      } finally {
        await fs.rm(rawFile, { force: true });
      }
    },
  };
}
