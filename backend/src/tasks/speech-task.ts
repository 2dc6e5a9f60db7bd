import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import type { AppContext } from '../context.js';
import { findSegment, setSegmentAudio } from '../db/segments.js';
import { findProject } from '../db/projects.js';
import { getSettings } from '../db/settings.js';
import { effectiveVoice } from '../services/project-voice.js';
import { SpeechError, type WordTiming } from '../engine/speech/index.js';
import { audioPath, resolveMediaPath, toMediaUrl } from '../storage/media.js';
import { TaskFailure, type CompletedSegmentEntry, type TaskLogger, type TaskRecord } from './task-manager.js';

export const SPEECH_TASK_KIND = 'tts';
export const SPEECH_BATCH_TASK_KIND = 'tts_batch';

export const LOCKED_MESSAGE = 'Segment is locked. Unlock it to generate audio.';
export const EMPTY_TEXT_MESSAGE = 'Segment has no text to speak';

function shortHex(): string {
  return crypto.randomBytes(4).toString('hex');
}

/** SPEC §2.4: `tts_{sid}_{8hex}`. */
export function speechTaskId(segmentId: string): string {
  return `tts_${segmentId}_${shortHex()}`;
}

/** SPEC §2.4: `tts_batch_{pid}_{8hex}`. */
export function speechBatchTaskId(projectId: string): string {
  return `tts_batch_${projectId}_${shortHex()}`;
}

/**
 * Speaks one segment with its project's voice and speed and stores the file and its measured
 * duration. Failures a user can act on become TaskFailure carrying the segment id.
 */
async function speakSegment(
  ctx: AppContext,
  log: TaskLogger,
  segmentId: string,
  signal: AbortSignal,
): Promise<CompletedSegmentEntry> {
  const segment = findSegment(ctx.db, segmentId);
  if (segment === undefined) throw new TaskFailure('Segment was deleted before its audio was generated', segmentId);
  if (segment.is_locked) throw new TaskFailure(LOCKED_MESSAGE, segmentId);
  if (segment.text_content.trim() === '') throw new TaskFailure(EMPTY_TEXT_MESSAGE, segmentId);

  const settings = getSettings(ctx.db, await ctx.speech.defaultVoiceId());
  const project = findProject(ctx.db, segment.project_id);
  if (project === undefined) throw new TaskFailure('Project was deleted before its audio was generated', segmentId);
  const voice = effectiveVoice(project, settings);
  const relative = audioPath(segment.project_id, segment.id);
  const file = resolveMediaPath(ctx.config.mediaDir, relative);
  let durationSeconds: number;
  let wordTimings: WordTiming[] | null;
  try {
    ({ durationSeconds, wordTimings } = await ctx.speech.speak({
      text: segment.text_content,
      voiceId: voice.voiceId,
      speed: voice.speed,
      outputFile: file,
      signal,
      wordTimings: 'align-if-missing',
    }));
  } catch (err) {
    if (signal.aborted) throw err;
    log.error({ err, segmentId, detail: err instanceof SpeechError ? err.detail : undefined }, 'speech failed');
    const message = err instanceof SpeechError ? err.message : 'Speech generation failed; see the server log';
    throw new TaskFailure(message, segmentId);
  }
  // The voice asked for, not the one a fallback used: staleness compares with the project's choice.
  const stored = setSegmentAudio(ctx.db, segment.id, { file: relative, durationSeconds, wordTimings, ...voice });
  if (stored === undefined) {
    // Deleted while it was being spoken: do not leave an orphan file behind.
    await fs.rm(file, { force: true });
    throw new TaskFailure('Segment was deleted while its audio was generated', segmentId);
  }
  return { segment_id: segment.id, audio_url: toMediaUrl(relative) ?? '', duration: durationSeconds };
}

function progressOf(current: number, total: number): Record<string, unknown> {
  return { current, total, percentage: total === 0 ? 100 : Math.floor((current / total) * 100) };
}

function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/** Registers the speech runners: one segment (`tts`) and a project batch (`tts_batch`). */
export function registerSpeechTasks(ctx: AppContext, log: TaskLogger): void {
  ctx.tasks.register(SPEECH_TASK_KIND, 'speech', async (task: TaskRecord, ctl) => {
    const segmentId = String(task.payload.segmentId);
    ctl.reportProgress({ ...progressOf(0, 1), current_segment_id: segmentId });
    ctl.addCompletedSegment(await speakSegment(ctx, log, segmentId, ctl.signal));
    ctl.reportProgress(progressOf(1, 1));
  });

  ctx.tasks.register(SPEECH_BATCH_TASK_KIND, 'speech', async (task: TaskRecord, ctl) => {
    const ids = stringList(task.payload.segmentIds);
    let done = 0;
    let failed = 0;
    for (const [index, segmentId] of ids.entries()) {
      if (ctl.signal.aborted) throw ctl.signal.reason;
      ctl.reportProgress({ ...progressOf(index, ids.length), current_segment_id: segmentId });
      try {
        ctl.addCompletedSegment(await speakSegment(ctx, log, segmentId, ctl.signal));
        done++;
      } catch (err) {
        if (ctl.signal.aborted) throw err;
        // SPEC §2.4: a batch keeps going past a failed segment and reports it.
        failed++;
        ctl.addError({ segment_id: segmentId, error: err instanceof Error ? err.message : String(err) });
      }
    }
    ctl.reportProgress(progressOf(ids.length, ids.length));
    if (done === 0 && failed > 0) throw new Error(`No audio was generated: all ${failed} segment(s) failed`);
  });
}
