/**
 * The editor's caption preview (SPEC §7.3): one segment's Ken Burns frame at a moment of its
 * narration with the caption shown then, drawn by the engine's frame worker as the video
 * draws it, at a preview size. Resolves what the engine needs from the database.
 */
import type { Db } from '../db/database.js';
import { findProject } from '../db/projects.js';
import type { Segment } from '../db/segments.js';
import { getSettings } from '../db/settings.js';
import { narrationFrameCount, previewSize, RenderError, segmentFrameJpeg } from '../engine/index.js';
import { BadRequestError, FieldValidationError, NotFoundError } from '../errors.js';
import { resolveMediaPath } from '../storage/media.js';
import { renderCaptionsSettings } from './caption-fonts.js';

/** Big enough to judge a caption, small enough to draw and encode in a moment (a 4K frame is not needed). */
const PREVIEW_MAX_SIDE = 1280;
/** A segment without audio has no length of its own: its picture is previewed as if narrated this long. */
const SILENT_SECONDS = 5;

export async function segmentPreviewJpeg(deps: { db: Db; dataDir: string; mediaDir: string }, segment: Segment, t: number): Promise<Buffer> {
  const project = findProject(deps.db, segment.project_id);
  if (project === undefined) throw new NotFoundError('Project');
  if (segment.image_file === null) throw new BadRequestError('no_image_file', 'The segment has no image to preview.');
  const seconds = segment.audio_duration ?? SILENT_SECONDS;
  if (t > seconds) throw new FieldValidationError({ t: [`Ensure this value is at most ${seconds} (the segment's length in seconds).`] });
  const fps = project.framerate;
  try {
    return await segmentFrameJpeg({
      imagePath: resolveMediaPath(deps.mediaDir, segment.image_file),
      motion: segment.motion,
      focus: segment.focus,
      size: previewSize({ width: project.resolution_width, height: project.resolution_height }, PREVIEW_MAX_SIDE),
      zoomIntensity: getSettings(deps.db).zoom_intensity,
      fps,
      spanFrames: narrationFrameCount(seconds, fps),
      frame: Math.round(t * fps),
      words: segment.word_timings,
      captions: await renderCaptionsSettings(deps.dataDir, project.captions),
    });
  } catch (err) {
    if (err instanceof RenderError && err.stage === 'captions') throw new BadRequestError('caption_font', capitalise(err.message.replace(/^Segment 1: /u, '')));
    if (err instanceof RenderError && err.stage === 'prepare-image') throw new BadRequestError('invalid_image', 'The segment\'s image could not be decoded.');
    throw err;
  }
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
