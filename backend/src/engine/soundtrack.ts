/**
 * buildSoundtrack: the whole video's audio as one 48 kHz WAV (SPEC §7.2, §7.4).
 *
 * 1. Stems (one ffmpeg): the narration stem has each narration at its sample-exact offset
 *    and silence between them; the music stem is the music looped or cut to the length,
 *    at its volume, multiplied by the ducking envelope (ducking.ts, written by a worker
 *    thread) and faded out at the end. Float WAVs, so nothing clips before stage 2. The
 *    same ffmpeg measures their plain sum, the loudness stage's starting point.
 * 2. Loudness, once for the whole soundtrack: measure the sum of the stems (ebur128),
 *    apply one static gain to both, a true-peak limiter (at 4× the rate, where true peaks
 *    are sample peaks) to the narration stem before the sum and a safety limiter after
 *    it; measure again and correct the gain until the integrated loudness is on target.
 *    Limiting the voice before it meets the music keeps the music flat under speech: one
 *    limiter on the sum dipped the music with every speech peak (p10–p90 ~2 dB).
 *    Two-pass loudnorm was measured and rejected: narration's peaks sit far above its
 *    loudness, so loudnorm's linear mode is almost never possible and it falls back to
 *    dynamic mode, which rides the level; see docs/engine.md.
 * The result is written to a hidden temp file beside the target and renamed over it.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { duckingSpans, type Span } from './ducking.js';
import type { EnvelopeJob } from './envelope-worker.js';
import { abortReason, RenderError } from './errors.js';
import { buildConcatFilter, runProcess, type ProcessResult } from './ffmpeg.js';
import { LOUDNESS_FILTER, LOUDNESS_LOG_ARGS, LoudnessMeasureError, parseEbur128Summary, type Loudness } from './loudness.js';
import { startEngineWorker } from './start-worker.js';
import { parseWavHeader } from './wav.js';

export const SOUNDTRACK_SAMPLE_RATE = 48000;
/** SPEC §7.2: the finished video's true peak stays at or below this. */
export const TRUE_PEAK_LIMIT_DBTP = -1.5;
/**
 * The limiter's ceiling sits below the limit: resampling back to 48 kHz and the AAC
 * encode each add a little overshoot (measured ≤ 0.2 dB together on speech and music).
 */
const LIMITER_CEILING_DB = -2.3;
/** Close enough to the loudness target to stop correcting (SPEC allows ±1 LU). */
const LOUDNESS_TOLERANCE_LU = 0.3;
/** Gain passes at most: the first lands within ~1 LU, the corrections converge fast. */
const MAX_GAIN_PASSES = 4;
/** A hint beyond this is not a limiter's loss on speech (it measured 0.5–2 dB): ignore the excess. */
const MAX_LIMITER_LOSS_HINT_DB = 6;
/** The limiter works at 4× the output rate, where true peaks are sample peaks. */
const LIMITER_RATE = 4 * SOUNDTRACK_SAMPLE_RATE;
/** The envelope changes over ≥150 ms ramps; 1 kHz describes it exactly and stays small. */
const ENVELOPE_RATE = 1000;
/** Overlap tolerated between neighbouring narrations (rounding of their offsets). */
const OVERLAP_TOLERANCE_SECONDS = 0.001;
/** Longest filter graph passed as an argument (Linux caps one argument at 128 KiB). */
const MAX_INLINE_GRAPH_CHARS = 100_000;
/** Loudness below the BS.1770 absolute gate: the soundtrack is silence. */
const SILENCE_LUFS = -70;

export type SoundtrackNarration = { audioPath: string; startSeconds: number; durationSeconds: number };

export type SoundtrackMusic = {
  /** A WAV StoryFlow decoded itself (never the user's original file). */
  audioPath: string;
  volumeDb: number;
  loop: boolean;
  fadeOutSeconds: number;
};

export type SoundtrackPlan = {
  /** 48 kHz stereo 16-bit WAV, written atomically. */
  outputPath: string;
  /** The video's total length; the soundtrack has exactly round(this × 48000) samples. */
  durationSeconds: number;
  narrations: readonly SoundtrackNarration[];
  music?: SoundtrackMusic | undefined;
  loudnessTargetLufs: -14 | -23;
  ffmpegPath: string;
  /**
   * What the limiters took back in this project's previous soundtrack (its `limiterLossDb`).
   * The first gain pass starts from it, so a re-render after an edit, whose speech is much
   * the same, usually needs one pass instead of three. Only the starting point: the result
   * is still measured and corrected to within the tolerance.
   */
  limiterLossHintDb?: number | undefined;
};

export type SoundtrackResult = {
  outputPath: string;
  durationSeconds: number;
  sampleRate: number;
  /** Measured on the written file. */
  integratedLufs: number;
  truePeakDbtp: number;
  /** The static gain the loudness stage applied. */
  gainDb: number;
  /** How much more gain than the plain sum's shortfall to the target that took (the limiters' loss). */
  limiterLossDb: number;
};

export async function buildSoundtrack(plan: SoundtrackPlan, opts: { signal?: AbortSignal } = {}): Promise<SoundtrackResult> {
  const signal = opts.signal ?? new AbortController().signal;
  if (signal.aborted) throw abortReason(signal);
  const narrations = validatePlan(plan);
  const totalSamples = Math.round(plan.durationSeconds * SOUNDTRACK_SAMPLE_RATE);
  await fs.mkdir(path.dirname(plan.outputPath), { recursive: true });
  const work = await fs.mkdtemp(path.join(path.dirname(plan.outputPath), '.soundtrack-'));
  try {
    const { stems, plainSum } = await writeStems(plan, narrations, totalSamples, work, signal);
    const { best, limiterLossDb } = await normaliseLoudness(plan, stems, plainSum, totalSamples, work, signal);
    if (signal.aborted) throw abortReason(signal);
    await fs.rename(best.path, plan.outputPath);
    return {
      outputPath: plan.outputPath,
      durationSeconds: totalSamples / SOUNDTRACK_SAMPLE_RATE,
      sampleRate: SOUNDTRACK_SAMPLE_RATE,
      integratedLufs: best.loudness.integratedLufs,
      truePeakDbtp: best.loudness.truePeakDbtp,
      gainDb: best.gainDb,
      limiterLossDb,
    };
  } catch (err) {
    if (signal.aborted) throw abortReason(signal);
    throw err;
  } finally {
    await fs.rm(work, { recursive: true, force: true });
  }
}

function planError(what: string): RenderError {
  return new RenderError(`The soundtrack plan is invalid: ${what}`, { stage: 'validate-plan' });
}

/** Narrations in time order, checked to lie inside the video without overlapping. */
function validatePlan(plan: SoundtrackPlan): SoundtrackNarration[] {
  if (!(Number.isFinite(plan.durationSeconds) && plan.durationSeconds > 0)) throw planError('the duration must be positive');
  const sorted = [...plan.narrations].sort((a, b) => a.startSeconds - b.startSeconds);
  let previousEnd = 0;
  for (const [i, n] of sorted.entries()) {
    if (!(Number.isFinite(n.startSeconds) && n.startSeconds >= 0 && Number.isFinite(n.durationSeconds) && n.durationSeconds > 0)) {
      throw planError(`narration ${i + 1} has no valid start or duration`);
    }
    if (n.startSeconds < previousEnd - OVERLAP_TOLERANCE_SECONDS) throw planError(`narration ${i + 1} overlaps the one before it`);
    previousEnd = n.startSeconds + n.durationSeconds;
  }
  if (previousEnd > plan.durationSeconds + OVERLAP_TOLERANCE_SECONDS) throw planError('the narration runs past the end of the video');
  const music = plan.music;
  if (music !== undefined && !(Number.isFinite(music.volumeDb) && Number.isFinite(music.fadeOutSeconds) && music.fadeOutSeconds >= 0)) {
    throw planError('the music volume or fade-out is not a number');
  }
  return sorted;
}

/** A normalising chain: every input becomes 48 kHz stereo float before it is joined. */
const TO_MIX_FORMAT = `aresample=${SOUNDTRACK_SAMPLE_RATE},aformat=sample_fmts=fltp:channel_layouts=stereo`;

/**
 * The stems' filter graph, with outputs [narration] and, with music, [music]. Inputs: the
 * narrations in time order, then the music, then the envelope (raw float at
 * ENVELOPE_RATE). Each narration is padded and cut to exactly the distance to the next
 * one's start, so the concat of them lands every phrase on its sample: O(length) work
 * whatever the narration count (mixing N delayed streams would be O(N × length)).
 */
export function buildStemsGraph(starts: readonly number[], totalSamples: number, music: SoundtrackMusic | undefined): string {
  const chains: string[] = [];
  const pieces: string[] = [];
  const lead = starts[0] ?? totalSamples;
  if (lead > 0) {
    chains.push(`anullsrc=r=${SOUNDTRACK_SAMPLE_RATE}:cl=stereo,atrim=end_sample=${lead},aformat=sample_fmts=fltp[lead]`);
    pieces.push('lead');
  }
  for (const [i, start] of starts.entries()) {
    const length = (starts[i + 1] ?? totalSamples) - start;
    chains.push(`[${i}:a]${TO_MIX_FORMAT},apad=whole_len=${length},atrim=end_sample=${length}[n${i}]`);
    pieces.push(`n${i}`);
  }
  chains.push(buildConcatFilter(pieces, 'audio', 'narration'));
  if (music !== undefined) {
    const m = starts.length;
    const fadeSamples = Math.min(totalSamples, Math.round(music.fadeOutSeconds * SOUNDTRACK_SAMPLE_RATE));
    const fade = fadeSamples > 0 ? `,afade=t=out:ss=${totalSamples - fadeSamples}:ns=${fadeSamples}` : '';
    chains.push(
      `[${m}:a]${TO_MIX_FORMAT},atrim=end_sample=${totalSamples},apad=whole_len=${totalSamples},volume=${music.volumeDb}dB${fade}[bed]`,
      `[${m + 1}:a]aresample=${SOUNDTRACK_SAMPLE_RATE},pan=stereo|c0=c0|c1=c0,aformat=sample_fmts=fltp,` +
        `apad=whole_len=${totalSamples},atrim=end_sample=${totalSamples}[envelope]`,
      '[bed][envelope]amultiply[music]',
    );
  }
  return chains.join(';\n');
}

type Stems = { narration: string; music?: string };

/**
 * Writes the stems and measures their plain sum in the same ffmpeg: a separate measuring
 * pass read both stems back from disk, one more process on the critical path of every
 * re-render after a narration edit.
 */
async function writeStems(
  plan: SoundtrackPlan,
  narrations: readonly SoundtrackNarration[],
  totalSamples: number,
  work: string,
  signal: AbortSignal,
): Promise<{ stems: Stems; plainSum: Loudness }> {
  const starts = narrations.map((n) => Math.round(n.startSeconds * SOUNDTRACK_SAMPLE_RATE));
  const inputs = narrations.flatMap((n) => ['-i', n.audioPath]);
  const stems: Stems = { narration: path.join(work, 'narration.wav') };
  const outputs = ['-map', '[narration_stem]', '-c:a', 'pcm_f32le', '-f', 'wav', stems.narration];
  if (plan.music !== undefined) {
    const envelopePath = path.join(work, 'envelope.f32');
    await writeEnvelope(
      { spans: duckingSpans(narrations.map(narrationSpan)), durationSeconds: plan.durationSeconds, sampleRate: ENVELOPE_RATE, outputPath: envelopePath },
      signal,
    );
    inputs.push(...(plan.music.loop ? ['-stream_loop', '-1'] : []), '-i', plan.music.audioPath);
    inputs.push('-f', 'f32le', '-ar', String(ENVELOPE_RATE), '-ac', '1', '-i', envelopePath);
    stems.music = path.join(work, 'music.wav');
    outputs.push('-map', '[music_stem]', '-c:a', 'pcm_f32le', '-f', 'wav', stems.music);
  }
  outputs.push('-map', '[measured]', '-f', 'null', '-');
  const measured =
    plan.music === undefined
      ? '[narration]asplit=2[narration_stem][sum]'
      : `[narration]asplit=2[narration_stem][n];[music]asplit=2[music_stem][m];${sumOfStems('[n]', '[m]')}[sum]`;
  const graph = `${buildStemsGraph(starts, totalSamples, plan.music)};\n${measured};[sum]${LOUDNESS_FILTER}[measured]`;
  let graphArgs = ['-filter_complex', graph];
  if (graph.length > MAX_INLINE_GRAPH_CHARS) {
    // One argument may not exceed 128 KiB on Linux; a graph for hundreds of narrations
    // does, so it goes in a file (-filter_complex_script, deprecated but kept by FFmpeg 7).
    const graphPath = path.join(work, 'stems.graph');
    await fs.writeFile(graphPath, graph);
    graphArgs = ['-filter_complex_script', graphPath];
  }
  const args = [...LOUDNESS_LOG_ARGS, ...inputs, ...graphArgs, ...outputs];
  const result = await runFfmpeg(plan.ffmpegPath, args, 'The narration and music could not be mixed', signal);
  return { stems, plainSum: loudnessIn(result) };
}

/** A true-peak limiter: at 4× the rate (inter-sample peaks become samples), then back to 48 kHz. */
/**
 * alimiter's look-ahead delays its output by attack − 1 samples. `latency=1` compensates only
 * on FFmpeg ≥ 5; padding that many samples at the end and trimming them from the start does
 * the same on every build, the npm-bundled 2018 one included (measured: bit-identical to
 * latency=1 on 5.1, same length and sample positions on both).
 */
const LIMITER_ATTACK_MS = 5;
const LIMITER_DELAY_SAMPLES = (LIMITER_RATE * LIMITER_ATTACK_MS) / 1000 - 1;

function limiter(ceilingDb: number): string {
  const limit = (10 ** (ceilingDb / 20)).toFixed(5);
  const delay = LIMITER_DELAY_SAMPLES;
  // level=0: no auto-gain after limiting.
  const limited = `apad=pad_len=${delay},alimiter=limit=${limit}:level=0:attack=${LIMITER_ATTACK_MS}:release=100,atrim=start_sample=${delay},asetpts=PTS-STARTPTS`;
  return `aresample=${LIMITER_RATE},${limited},aresample=${SOUNDTRACK_SAMPLE_RATE}`;
}

/**
 * The final mix graph over the stems (input 0 narration, input 1 music): both at the
 * loudness gain, the narration limited before the sum, the sum limited again.
 */
function buildMixGraph(hasMusic: boolean, stage: { gainDb: number; ceilingDb: number }): string {
  const gain = `volume=${stage.gainDb.toFixed(3)}dB`;
  const narration = `[0:a]${gain},${limiter(stage.ceilingDb)}`;
  if (!hasMusic) return `${narration}[out]`;
  return `${narration}[n];[1:a]${gain}[m];${sumOfStems('[n]', '[m]')},${limiter(stage.ceilingDb)}[out]`;
}

const STEREO = 'aformat=sample_fmts=fltp:channel_layouts=stereo';

/** Narration + music, sample by sample and unweighted (amerge needs both layouts known, hence the aformat). */
function sumOfStems(narration: string, music: string): string {
  return `${narration}${STEREO}[sum_n];${music}${STEREO}[sum_m];[sum_n][sum_m]amerge=inputs=2,pan=stereo|c0=c0+c2|c1=c1+c3`;
}

/**
 * Mixes the stems and measures the mix in the same ffmpeg (the measuring filter passes
 * the audio through): writing a pass and reading it back to measure cost a process and a
 * pass over the file each time.
 */
async function mixStems(
  ffmpegPath: string,
  stems: Stems,
  output: string,
  stage: { gainDb: number; ceilingDb: number },
  signal: AbortSignal,
): Promise<Loudness> {
  const inputs = ['-i', stems.narration, ...(stems.music === undefined ? [] : ['-i', stems.music])];
  const graph = `${buildMixGraph(stems.music !== undefined, stage)};[out]${LOUDNESS_FILTER}[measured]`;
  const args = [...LOUDNESS_LOG_ARGS, ...inputs, '-filter_complex', graph, '-map', '[measured]', '-c:a', 'pcm_s16le', '-f', 'wav', output];
  return loudnessIn(await runFfmpeg(ffmpegPath, args, 'The soundtrack could not be brought to its loudness', signal));
}

/** The summary of the ebur128 filter an ffmpeg ran with LOUDNESS_LOG_ARGS. */
function loudnessIn(result: ProcessResult): Loudness {
  try {
    return parseEbur128Summary(result.stderrTail);
  } catch (err) {
    const stderrTail = err instanceof LoudnessMeasureError ? err.stderrTail : undefined;
    throw new RenderError('The loudness of the soundtrack could not be measured', { stage: 'soundtrack', stderrTail, cause: err });
  }
}

function narrationSpan(n: SoundtrackNarration): Span {
  return { startSeconds: n.startSeconds, endSeconds: n.startSeconds + n.durationSeconds };
}

function writeEnvelope(job: EnvelopeJob, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const worker = startEngineWorker(import.meta.url, 'envelope-worker', { workerData: job });
    const onAbort = (): void => void worker.terminate();
    signal.addEventListener('abort', onAbort, { once: true });
    let done = false;
    worker.once('message', () => {
      done = true;
    });
    worker.once('error', (err) => reject(new RenderError('The music envelope could not be computed', { stage: 'soundtrack', cause: err })));
    worker.once('exit', () => {
      signal.removeEventListener('abort', onAbort);
      if (signal.aborted) reject(abortReason(signal));
      else if (done) resolve();
      else reject(new RenderError('The music envelope worker stopped early', { stage: 'soundtrack' }));
    });
  });
}

type GainPass = { path: string; gainDb: number; loudness: Loudness };

/**
 * Static gain + true-peak limiters, corrected by measurement: the limiter takes back some
 * loudness (0.5–1 LU on speech), so the gain is raised by the shortfall, with the slope
 * learnt from the passes so far (secant), until within LOUDNESS_TOLERANCE_LU. The first
 * pass adds the previous soundtrack's limiter loss when the plan has one.
 */
async function normaliseLoudness(
  plan: SoundtrackPlan,
  stems: Stems,
  input: Loudness,
  totalSamples: number,
  work: string,
  signal: AbortSignal,
): Promise<{ best: GainPass; limiterLossDb: number }> {
  const target = plan.loudnessTargetLufs;
  const silent = input.integratedLufs <= SILENCE_LUFS;
  // Silence stays silence: there is nothing to raise to the target.
  const plainGainDb = silent ? 0 : target - input.integratedLufs;
  const hint = plan.limiterLossHintDb;
  let gainDb = plainGainDb + (silent || hint === undefined || !Number.isFinite(hint) ? 0 : Math.min(MAX_LIMITER_LOSS_HINT_DB, Math.max(0, hint)));
  const done = (best: GainPass): { best: GainPass; limiterLossDb: number } => ({ best, limiterLossDb: best.gainDb - plainGainDb });
  let ceilingDb = LIMITER_CEILING_DB;
  const passes: GainPass[] = [];
  for (let i = 0; i < MAX_GAIN_PASSES; i++) {
    const passPath = path.join(work, `pass-${i}.wav`);
    const loudness = await mixStems(plan.ffmpegPath, stems, passPath, { gainDb, ceilingDb }, signal);
    await expectLength(passPath, totalSamples);
    const pass = { path: passPath, gainDb, loudness };
    passes.push(pass);
    const peakOk = loudness.truePeakDbtp <= LIMITER_CEILING_DB + 0.2;
    const limited = loudness.truePeakDbtp >= ceilingDb - 0.1;
    if (silent) return done(pass);
    if (peakOk && Math.abs(loudness.integratedLufs - target) <= LOUDNESS_TOLERANCE_LU) return done(pass);
    if (!peakOk) ceilingDb -= loudness.truePeakDbtp - LIMITER_CEILING_DB;
    const previous = passes[passes.length - 2];
    // Before there is a secant: 1 when nothing was limited (gain adds loudness dB for dB);
    // when the limiter worked, it takes back about half of any further gain on speech
    // (measured: 2.0–2.3 dB of gain per LU), so a step of 1 would need a third pass.
    const slope =
      previous === undefined || loudness.integratedLufs === previous.loudness.integratedLufs
        ? limited
          ? 2
          : 1
        : (gainDb - previous.gainDb) / (loudness.integratedLufs - previous.loudness.integratedLufs);
    gainDb += (target - loudness.integratedLufs) * Math.min(3, Math.max(1, slope));
  }
  const withinPeak = passes.filter((p) => p.loudness.truePeakDbtp <= LIMITER_CEILING_DB + 0.2);
  const candidates = withinPeak.length > 0 ? withinPeak : passes;
  return done(candidates.reduce((a, b) => (Math.abs(b.loudness.integratedLufs - target) < Math.abs(a.loudness.integratedLufs - target) ? b : a)));
}

async function runFfmpeg(ffmpegPath: string, args: string[], failure: string, signal: AbortSignal): Promise<ProcessResult> {
  const result = await runProcess(ffmpegPath, args, { signal }).done.catch((err: unknown) => {
    throw new RenderError('FFmpeg could not be started', { stage: 'soundtrack', cause: err });
  });
  if (signal.aborted) throw abortReason(signal);
  if (result.exitCode !== 0) throw new RenderError(failure, { stage: 'soundtrack', stderrTail: result.stderrTail });
  return result;
}

/** The soundtrack must be exactly the video's length; a mismatch is a bug, not a rounding. */
async function expectLength(file: string, totalSamples: number): Promise<void> {
  const handle = await fs.open(file, 'r');
  try {
    const head = Buffer.alloc(4096);
    const { bytesRead } = await handle.read(head, 0, head.length, 0);
    const info = parseWavHeader(head.subarray(0, bytesRead));
    const { size } = await handle.stat();
    const frames = Math.floor((size - info.dataOffset) / ((info.channels * info.bitsPerSample) / 8));
    if (frames !== totalSamples) {
      throw new RenderError(`The soundtrack has ${frames} samples instead of ${totalSamples}`, { stage: 'soundtrack' });
    }
  } finally {
    await handle.close();
  }
}
