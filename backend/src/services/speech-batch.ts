import type { Segment } from '../db/segments.js';
import { mediaFileExists } from '../storage/media.js';

export type BatchOptions = { skipLocked: boolean; forceRegenerate: boolean };

export type BatchPlan = {
  segmentIds: string[];
  total_segments: number;
  segments_to_process: number;
  skipped_locked: number;
  skipped_existing: number;
  skipped_empty: number;
};

/**
 * Which segments a "generate all" will speak. Locked segments are skipped when
 * `skipLocked`; otherwise they are queued and each one is reported in the task's
 * `errors` (a lock always refuses audio generation, SPEC §1), so nothing is skipped
 * silently. Segments whose audio file exists are kept unless `forceRegenerate`.
 */
export async function planBatch(segments: readonly Segment[], options: BatchOptions, mediaDir: string): Promise<BatchPlan> {
  const plan: BatchPlan = {
    segmentIds: [],
    total_segments: segments.length,
    segments_to_process: 0,
    skipped_locked: 0,
    skipped_existing: 0,
    skipped_empty: 0,
  };
  for (const segment of segments) {
    if (segment.is_locked && options.skipLocked) plan.skipped_locked++;
    else if (segment.text_content.trim() === '') plan.skipped_empty++;
    else if (!options.forceRegenerate && (await mediaFileExists(mediaDir, segment.audio_file))) plan.skipped_existing++;
    else plan.segmentIds.push(segment.id);
  }
  plan.segments_to_process = plan.segmentIds.length;
  return plan;
}
