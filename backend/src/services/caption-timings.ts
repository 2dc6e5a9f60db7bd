/**
 * The word timings captions are made from, one list per segment. Audio made before word
 * timings existed (or by an engine that had none to give) is timed by alignment against
 * an espeak-ng rendering of its text (engine/speech/align.ts), never spread by proportion
 * (SPEC §7.3), and the result is stored on the segment so each audio is aligned once.
 */
import type { Db } from '../db/database.js';
import { setAlignedWordTimings, type Segment } from '../db/segments.js';
import { alignWordTimings, referenceVoice, type AlignJob } from '../engine/speech/align.js';
import type { WordTiming } from '../engine/speech/index.js';

/** A segment and the file its audio is read from (a render reads its frozen snapshot copy). */
export type CaptionedSegment = { segment: Segment; audioPath: string };

type Log = { warn(obj: object, msg?: string): void };

function needsAlignment(segment: Segment): boolean {
  return segment.word_timings === null && segment.audio_file !== null && segment.text_content.trim() !== '';
}

/**
 * Each segment's timings, aligning (in one worker thread) those whose audio has none. A
 * segment whose alignment fails keeps null, so its captions are skipped and listed rather
 * than the render failing; the reason goes to the log.
 */
export async function captionWordTimings(
  db: Db,
  items: readonly CaptionedSegment[],
  options: { signal?: AbortSignal | undefined; log: Log },
): Promise<(WordTiming[] | null)[]> {
  const words = items.map((item) => item.segment.word_timings);
  const untimed = items.flatMap((item, index) => (needsAlignment(item.segment) ? [index] : []));
  if (untimed.length === 0) return words;
  const jobs: AlignJob[] = untimed.map((index) => {
    const { segment, audioPath } = items[index]!;
    return { audioFile: audioPath, text: segment.text_content, voice: referenceVoice(segment.audio_voice_id), speed: segment.audio_tts_speed ?? 1 };
  });
  let outcomes;
  try {
    outcomes = await alignWordTimings(jobs, options.signal);
  } catch (err) {
    if (options.signal?.aborted === true) throw err;
    options.log.warn({ err, segments: untimed.map((i) => i + 1) }, 'caption alignment failed');
    return words;
  }
  for (const [k, index] of untimed.entries()) {
    const outcome = outcomes[k];
    const { segment } = items[index]!;
    if (outcome?.ok !== true) {
      options.log.warn({ segmentId: segment.id, reason: outcome?.message }, 'caption alignment failed for a segment');
      continue;
    }
    words[index] = outcome.words;
    setAlignedWordTimings(db, segment.id, { audioFile: segment.audio_file!, audioDuration: segment.audio_duration, text: segment.text_content }, outcome.words);
  }
  return words;
}
