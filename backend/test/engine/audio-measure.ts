/** Measurements on decoded audio for the soundtrack tests (real ffmpeg — system or bundled — and real espeak-ng speech). */
import { execFileSync, spawnSync } from 'node:child_process';
import { createWasmEspeakEngine } from '../../src/engine/speech/espeak-wasm.js';
import { FFMPEG, FFPROBE } from './media.js';

export const MEASURE_RATE = 48000;

/** A StoryFlow narration WAV: espeak-ng speech, peak-normalised as speech generation stores it. */
export async function makeNarrationWav(file: string, text: string): Promise<number> {
  // The engine speech generation uses (WebAssembly espeak-ng), so a bare machine runs these tests too.
  return (await createWasmEspeakEngine().synthesize({ text, voice: 'en-us', speed: 1, outputFile: file })).durationSeconds;
}

/**
 * Music whose level can be read under speech: a steady 12.5 kHz tone. espeak-ng speaks at
 * 22.05 kHz, so the narration has nothing above 11 kHz and a high-pass separates the two
 * in the mix.
 */
export function makeMusicFile(file: string, seconds: number, extraArgs: string[] = []): void {
  execFileSync(FFMPEG, [
    '-v', 'error', '-y',
    '-f', 'lavfi', '-i', `aevalsrc=0.3*sin(2*PI*12500*t):s=44100:d=${seconds}`,
    '-ac', '2', ...extraArgs, file,
  ]);
}

/** Mono float samples at 48 kHz of the first audio stream, through an optional filter. */
export function decodeAudio(file: string, filter?: string): Float32Array {
  const args = ['-v', 'error', '-i', file, '-map', '0:a:0', ...(filter === undefined ? [] : ['-af', filter]), '-ac', '1', '-ar', String(MEASURE_RATE), '-f', 'f32le', 'pipe:1'];
  const raw = execFileSync(FFMPEG, args, { maxBuffer: 1 << 30 });
  return new Float32Array(raw.buffer, raw.byteOffset, raw.byteLength / 4);
}

/** Only the music tone: everything below 11.8 kHz removed (an 8th-order high-pass). */
export const MUSIC_BAND = 'highpass=f=11800:poles=2,highpass=f=11800:poles=2,highpass=f=11800:poles=2,highpass=f=11800:poles=2';

export function rmsDb(samples: Float32Array, fromSeconds: number, toSeconds: number): number {
  const from = Math.max(0, Math.round(fromSeconds * MEASURE_RATE));
  const to = Math.min(samples.length, Math.round(toSeconds * MEASURE_RATE));
  let sum = 0;
  for (let i = from; i < to; i++) sum += (samples[i] ?? 0) ** 2;
  return 10 * Math.log10(sum / Math.max(1, to - from) + 1e-20);
}

/** Levels of consecutive windows over [from, to). */
export function windowLevels(samples: Float32Array, fromSeconds: number, toSeconds: number, windowSeconds = 0.02): number[] {
  const levels: number[] = [];
  for (let t = fromSeconds; t + windowSeconds <= toSeconds + 1e-9; t += windowSeconds) levels.push(rmsDb(samples, t, t + windowSeconds));
  return levels;
}

export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.round((p / 100) * (sorted.length - 1))))] ?? NaN;
}

export type R128 = { integratedLufs: number; truePeakDbtp: number };

/** Integrated loudness and true peak by FFmpeg's `ebur128=peak=true`. */
export function ebur128(file: string): R128 {
  const run = spawnSync(FFMPEG, ['-hide_banner', '-nostats', '-i', file, '-map', '0:a:0', '-af', 'ebur128=peak=true:framelog=verbose', '-f', 'null', '-'], { encoding: 'utf8' });
  const summary = run.stderr.slice(run.stderr.lastIndexOf('Summary:'));
  const i = /^\s*I:\s+(-?[\d.]+) LUFS/m.exec(summary)?.[1];
  const peak = /True peak:\s+Peak:\s+(-?[\d.]+|-inf) dBFS/m.exec(summary)?.[1];
  if (i === undefined || peak === undefined) throw new Error(`no ebur128 summary: ${run.stderr.slice(-500)}`);
  return { integratedLufs: Number(i), truePeakDbtp: peak === '-inf' ? -Infinity : Number(peak) };
}

export function audioStreamFacts(file: string): { sampleRate: number; durationTs: number; codec: string } {
  const out = execFileSync(FFPROBE, ['-v', 'error', '-select_streams', 'a:0', '-show_entries', 'stream=sample_rate,duration_ts,codec_name', '-of', 'json', file], { encoding: 'utf8' });
  const s = (JSON.parse(out) as { streams: { sample_rate: string; duration_ts: number; codec_name: string }[] }).streams[0];
  if (s === undefined) throw new Error(`${file} has no audio stream`);
  return { sampleRate: Number(s.sample_rate), durationTs: s.duration_ts, codec: s.codec_name };
}
