/**
 * `output_stale` (SPEC §7.1): a hash of everything a render is made from — the render
 * settings, the Ken Burns zoom, the music and loudness target, the captions settings, and each segment in order with its last change — kept
 * with the project when a render succeeds. Segments record every edit (text, image,
 * audio, motion, focus, order) in `updated_at`, so comparing hashes catches them all
 * without every route having to remember to mark the project.
 */
import { createHash } from 'node:crypto';
import type { Db } from '../db/database.js';
import { listProjectsMissingFingerprint, setRenderedFingerprint, type Project } from '../db/projects.js';
import { listSegments, type Segment } from '../db/segments.js';
import { getSettings } from '../db/settings.js';

export function renderFingerprint(project: Project, segments: readonly Segment[], zoomIntensity: number): string {
  const inputs = {
    size: [project.resolution_width, project.resolution_height],
    fps: project.framerate,
    quality: project.quality,
    transition: [project.transition, project.transition_seconds],
    pause: project.segment_pause_seconds,
    zoom: zoomIntensity,
    music: project.music,
    loudness: project.loudness_target,
    // Captions are burned into the picture and written as SRT/VTT: any change makes the video stale.
    captions: project.captions,
    segments: segments.map((s) => [s.id, s.updated_at]),
  };
  return createHash('sha256').update(JSON.stringify(inputs)).digest('hex');
}

export function currentFingerprint(db: Db, project: Project): string {
  return renderFingerprint(project, listSegments(db, project.id), getSettings(db).zoom_intensity);
}

/** True when the project has a video and something it was made from changed since. */
export function isOutputStale(db: Db, project: Project): boolean {
  if (project.output_path === null || project.rendered_fingerprint === null) return false;
  return currentFingerprint(db, project) !== project.rendered_fingerprint;
}

/**
 * Projects rendered before fingerprints were kept: their video counts as current until
 * something changes, so they get today's fingerprint once, at start-up.
 */
export function backfillRenderFingerprints(db: Db): void {
  for (const project of listProjectsMissingFingerprint(db)) setRenderedFingerprint(db, project.id, currentFingerprint(db, project));
}
