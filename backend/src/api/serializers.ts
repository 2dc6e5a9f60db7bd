import {
  ASPECTS,
  type Aspect,
  type Project as ProjectJson,
  type ProjectDetail,
  type ProjectMusic as MusicJson,
  type Segment as SegmentJson,
  type TaskStatusResponse,
} from '@storyflow/contract';
import type { Project, ProjectMusic } from '../db/projects.js';
import type { Segment } from '../db/segments.js';
import type { TaskRecord } from '../db/tasks.js';
import { describeWait, type QueuePosition } from '../tasks/task-manager.js';
import { toMediaUrl } from '../storage/media.js';

/** Row → JSON: what the API shows of a stored record (the shapes are in @storyflow/contract). */

/** `outputStale` comes from services/render-fingerprint.ts (it needs the segments). */
export function toProjectJson(p: Project, outputStale: boolean): ProjectJson {
  return {
    id: p.id,
    title: p.title,
    created_at: p.created_at,
    updated_at: p.updated_at,
    status: p.status,
    resolution_width: p.resolution_width,
    resolution_height: p.resolution_height,
    framerate: p.framerate,
    output_path: p.output_path,
    render_error: p.render_error,
    render_error_code: p.render_error_code,
    music: toMusicJson(p.music),
    loudness_target: p.loudness_target,
    voice_id: p.voice_id,
    tts_speed: p.tts_speed,
    aspect: (ASPECTS as readonly string[]).includes(p.aspect) ? (p.aspect as Aspect) : '16:9',
    quality: p.quality,
    transition: p.transition,
    transition_seconds: p.transition_seconds,
    segment_pause_seconds: p.segment_pause_seconds,
    captions: p.captions,
    output_stale: outputStale,
    // The file name never changes, so the URL carries the render time: a new preview is not served from cache.
    preview_url: p.preview_path === null ? null : `${toMediaUrl(p.preview_path)}?v=${encodeURIComponent(p.preview_meta?.rendered_at ?? '')}`,
    preview: p.preview_meta,
  };
}

/** The music file is shown as its /media URL. */
export function toMusicJson(music: ProjectMusic | null): MusicJson | null {
  return music === null ? null : { ...music, file: toMediaUrl(music.file) ?? '' };
}

export function toProjectDetailJson(p: Project, segments: readonly Segment[], outputStale: boolean): ProjectDetail {
  return { ...toProjectJson(p, outputStale), segments: segments.map(toSegmentJson) };
}

/** `project` is the project id; files are /media URLs. */
export function toSegmentJson(s: Segment): SegmentJson {
  return {
    id: s.id,
    project: s.project_id,
    sequence_index: s.sequence_index,
    text_content: s.text_content,
    image_prompt: s.image_prompt,
    image_file: toMediaUrl(s.image_file),
    audio_file: toMediaUrl(s.audio_file),
    audio_duration: s.audio_duration,
    audio_stale: s.audio_stale,
    word_timings: s.word_timings,
    is_locked: s.is_locked,
    created_at: s.created_at,
    updated_at: s.updated_at,
    motion: s.motion,
    focus: s.focus,
  };
}

/**
 * A PENDING task also says how many tasks of its lane run before it (SPEC §2.5
 * `progress.tasks_ahead`) and, in words, what it waits for (`progress.waiting_for`).
 */
export function toTaskStatusJson(task: TaskRecord, position: QueuePosition | undefined): TaskStatusResponse {
  const progress: Record<string, unknown> & { current: number; total: number; percentage: number } = {
    current: 0,
    total: 0,
    percentage: 0,
    ...task.progress,
  };
  if (task.status === 'PENDING') {
    progress.tasks_ahead = position?.tasksAhead ?? 0;
    if (position !== undefined) progress.waiting_for = describeWait(position);
  }
  return {
    task_id: task.id,
    status: task.status,
    progress,
    completed_segments: task.completedSegments,
    errors: task.errors,
  };
}
