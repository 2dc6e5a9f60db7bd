/**
 * The narration-only soundtrack: a 48 kHz WAV with each narration at its frame-exact
 * offset and silence in the pauses, built once for the whole video. Same call shape as
 * the fuller soundtrack builder (music, loudness) that replaces it.
 */
import { abortReason, RenderError } from './errors.js';
import { AUDIO_SAMPLE_RATE, buildNarrationTrackArgs, runProcess } from './ffmpeg.js';

export type NarrationPlacement = { audioPath: string; startSeconds: number; durationSeconds: number };

export type NarrationTrackInput = {
  ffmpegPath: string;
  outputPath: string;
  durationSeconds: number;
  /** In timeline order, not overlapping; the first starts at 0. */
  narrations: readonly NarrationPlacement[];
};

const toSamples = (seconds: number): number => Math.round(seconds * AUDIO_SAMPLE_RATE);

export async function buildNarrationTrack(input: NarrationTrackInput, signal: AbortSignal): Promise<void> {
  const { narrations } = input;
  // Each narration fills the samples up to the next one's start (or the end), so
  // the concatenation puts every narration exactly where its frames begin.
  const slots = narrations.map((n, i) => ({
    audioPath: n.audioPath,
    slotSamples: toSamples(narrations[i + 1]?.startSeconds ?? input.durationSeconds) - toSamples(n.startSeconds),
  }));
  const result = await runProcess(input.ffmpegPath, buildNarrationTrackArgs(slots, input.outputPath), { signal }).done.catch(
    (err: unknown) => {
      throw new RenderError('FFmpeg could not be started', { stage: 'encode', cause: err });
    },
  );
  if (signal.aborted) throw abortReason(signal);
  if (result.exitCode !== 0) {
    throw new RenderError('The narration could not be joined into one soundtrack', { stage: 'encode', stderrTail: result.stderrTail });
  }
}
