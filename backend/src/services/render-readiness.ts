import type { Segment } from '../db/segments.js';
import { mediaFileExists } from '../storage/media.js';

export type RenderReadiness = {
  ready: boolean;
  missing_images: string[];
  missing_audio: string[];
  message: string;
};

/**
 * Pre-render validation (SPEC 2.7): one pass over every segment, checking the files on
 * disk, not only the database, so a deleted file is caught before FFmpeg starts.
 */
export async function checkRenderReadiness(mediaDir: string, segments: readonly Segment[]): Promise<RenderReadiness> {
  if (segments.length === 0) {
    return { ready: false, missing_images: [], missing_audio: [], message: 'Project has no segments' };
  }
  const checks = await Promise.all(
    segments.map(async (s) => ({
      id: s.id,
      image: await mediaFileExists(mediaDir, s.image_file),
      audio: await mediaFileExists(mediaDir, s.audio_file),
    })),
  );
  const missing_images = checks.filter((c) => !c.image).map((c) => c.id);
  const missing_audio = checks.filter((c) => !c.audio).map((c) => c.id);
  const incomplete = checks.filter((c) => !c.image || !c.audio).length;
  const message =
    incomplete === 0
      ? 'All segments have an image and audio'
      : `${incomplete} ${incomplete === 1 ? 'segment is' : 'segments are'} missing required assets`;
  return { ready: incomplete === 0, missing_images, missing_audio, message };
}
