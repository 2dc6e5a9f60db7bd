/**
 * Word timings for speech that came without them: the words' times in a reference
 * rendering of the same text, carried over to the audio through the DTW path between the
 * two recordings' MFCCs (DESIGN §7 "Captions"). Pure and deterministic; align-worker.ts
 * runs it off the main thread.
 */
import type { PcmAudio } from '../wav.js';
import { warp } from './dtw.js';
import { mfcc, mfccFrameAt, mfccFrameTime } from './mfcc.js';
import type { WordTiming } from './word-timings.js';

/**
 * A reference boundary (a word's first sound, or the pause after it) is the first
 * reference frame of a new stretch; the audio's matching frame is the first one the path
 * pairs with it, whichever recording pauses longer.
 */
export function timeWordsByWarping(audio: PcmAudio, reference: PcmAudio, referenceWords: readonly WordTiming[]): WordTiming[] {
  const duration = audio.samples.length / audio.sampleRate;
  if (referenceWords.length === 0 || audio.samples.length === 0) return [];
  const ours = mfcc(audio.samples, audio.sampleRate);
  const theirs = mfcc(reference.samples, reference.sampleRate);
  const path = warp(ours, theirs);
  const carry = (seconds: number): number => {
    const frame = path.firstOf[mfccFrameAt(seconds, theirs.frames)]!;
    return Math.min(duration, Math.max(0, mfccFrameTime(frame)));
  };
  const timings: WordTiming[] = [];
  let floor = 0;
  for (const word of referenceWords) {
    const start = Math.max(floor, carry(word.start));
    const end = Math.max(start, carry(word.end));
    timings.push({ word: word.word, start: round(start), end: round(end) });
    floor = start;
  }
  return timings;
}

function round(seconds: number): number {
  return Math.round(seconds * 1000) / 1000;
}
