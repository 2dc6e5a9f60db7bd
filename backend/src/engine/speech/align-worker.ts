/**
 * Worker thread: word timings for speech WAVs that have none (align.ts). For each job it
 * speaks the text with the WebAssembly espeak-ng (word events → reference times), matches
 * the reference's pace to the audio's, and carries the times over by MFCC DTW
 * (warp-words.ts). Input via workerData (AlignJob[]); posts one AlignOutcome per job, in order.
 */
import fs from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { decodeWav, type PcmAudio } from '../wav.js';
import type { AlignJob, AlignOutcome } from './align.js';
import { wordsPerMinute } from './espeak.js';
import { newEspeakInstance, synthesizeWithEvents, type EspeakInstance } from './espeak-wasm-synth.js';
import { timeWordsByWarping } from './warp-words.js';
import { wordTimingsFromEvents, type WordTiming } from './word-timings.js';

const port = parentPort;
if (port === null) throw new Error('align-worker must run in a worker thread');

const INT16_FULL_SCALE = 32768;
const FALLBACK_VOICE = 'en-us';
/** A reference within this ratio of the audio's pace is close enough; further off, it is spoken again. */
const PACE_TOLERANCE = 1.15;

type Reference = { audio: PcmAudio; words: WordTiming[] };

function speak(es: EspeakInstance, text: string, voice: string, rate: number): Reference {
  const spoken = synthesizeWithEvents(es, text, voice, rate) ?? synthesizeWithEvents(es, text, FALLBACK_VOICE, rate);
  if (spoken === undefined) throw new Error(`espeak-ng has neither the voice "${voice}" nor "${FALLBACK_VOICE}"`);
  const samples = Float32Array.from(spoken.samples, (s) => s / INT16_FULL_SCALE);
  const duration = samples.length / spoken.sampleRate;
  return { audio: { sampleRate: spoken.sampleRate, samples }, words: wordTimingsFromEvents(text, spoken.events, duration) };
}

/** Seconds from the first to the last sample above 2 % of the peak: the speech, without lead-in or tail. */
function spokenSeconds(audio: PcmAudio): number {
  let peak = 0;
  for (const s of audio.samples) peak = Math.max(peak, Math.abs(s));
  const threshold = 0.02 * peak;
  let first = 0;
  let last = audio.samples.length - 1;
  while (first < last && Math.abs(audio.samples[first]!) <= threshold) first++;
  while (last > first && Math.abs(audio.samples[last]!) <= threshold) last--;
  return (last - first + 1) / audio.sampleRate;
}

async function align(job: AlignJob): Promise<WordTiming[]> {
  // A fresh instance per job, so the same audio and text always give the same timings.
  const es = await newEspeakInstance();
  const audio = decodeWav(fs.readFileSync(job.audioFile));
  const rate = wordsPerMinute(job.speed);
  let reference = speak(es, job.text, job.voice, rate);
  // DTW is most exact near its diagonal: when the audio is much faster or slower (another
  // engine, another speed), speak the reference again at the audio's pace.
  const pace = spokenSeconds(reference.audio) / Math.max(1e-3, spokenSeconds(audio));
  if (pace > PACE_TOLERANCE || pace < 1 / PACE_TOLERANCE) {
    const matched = wordsPerMinute(job.speed * pace);
    if (matched !== rate) reference = speak(es, job.text, job.voice, matched);
  }
  return timeWordsByWarping(audio, reference.audio, reference.words);
}

async function run(): Promise<void> {
  const outcomes: AlignOutcome[] = [];
  for (const job of workerData as AlignJob[]) {
    try {
      outcomes.push({ ok: true, words: await align(job) });
    } catch (err) {
      outcomes.push({ ok: false, message: err instanceof Error ? err.message : String(err) });
    }
  }
  port!.postMessage(outcomes);
}

void run();
