import { z } from 'zod';
import type { ProjectMusic } from '../../db/projects.js';
import { toMediaUrl } from '../../storage/media.js';

/** Limits of the music settings (SPEC §7.4). */
export const MUSIC_VOLUME_DB_MIN = -40;
export const MUSIC_VOLUME_DB_MAX = 6;
export const MUSIC_FADE_OUT_MAX_SECONDS = 10;

export const LoudnessTargetSchema = z.union([z.literal(-14), z.literal(-23)], {
  error: 'Must be -14 (streaming) or -23 (broadcast).',
});

/** A project's music as the API shows it; null when none is uploaded. */
export const MusicSchema = z.object({
  /** /media/… URL of the WAV StoryFlow decoded from the upload. */
  file: z.string(),
  name: z.string(),
  duration_seconds: z.number(),
  volume_db: z.number(),
  loop: z.boolean(),
  fade_out_seconds: z.number(),
});
export type MusicJson = z.infer<typeof MusicSchema>;

export function toMusicJson(music: ProjectMusic | null): MusicJson | null {
  return music === null ? null : { ...music, file: toMediaUrl(music.file) ?? '' };
}

/** The soundtrack part of PATCH /api/projects/{id}/. */
export const SoundtrackPatchFields = {
  music: z
    .object({
      volume_db: z
        .number('A number is required.')
        .min(MUSIC_VOLUME_DB_MIN, `Ensure this value is at least ${MUSIC_VOLUME_DB_MIN}.`)
        .max(MUSIC_VOLUME_DB_MAX, `Ensure this value is at most ${MUSIC_VOLUME_DB_MAX}.`)
        .optional(),
      loop: z.boolean('Must be true or false.').optional(),
      fade_out_seconds: z
        .number('A number is required.')
        .min(0, 'Ensure this value is at least 0.')
        .max(MUSIC_FADE_OUT_MAX_SECONDS, `Ensure this value is at most ${MUSIC_FADE_OUT_MAX_SECONDS}.`)
        .optional(),
    })
    .strict()
    .optional(),
  loudness_target: LoudnessTargetSchema.optional(),
};

export const UploadMusicResponse = z.object({ music: MusicSchema });
