import { z } from 'zod';
import {
  LOUDNESS_TARGETS,
  MAX_MUSIC_FADE_OUT_SECONDS,
  MAX_MUSIC_VOLUME_DB,
  MIN_MUSIC_VOLUME_DB,
} from './limits.js';

/** The soundtrack's integrated loudness: −14 LUFS (streaming, default) or −23 (broadcast). */
export const LoudnessTargetSchema = z.union([z.literal(LOUDNESS_TARGETS[0]), z.literal(LOUDNESS_TARGETS[1])], {
  error: 'Must be -14 (streaming) or -23 (broadcast).',
});
export type LoudnessTarget = z.infer<typeof LoudnessTargetSchema>;

/** A project's music (SPEC §7.4) as the API shows it; the project has `music: null` when none is uploaded. */
export const MusicSchema = z.object({
  /** /media/… URL of the 48 kHz WAV StoryFlow decoded from the upload (the upload itself is not kept). */
  file: z.string(),
  /** The uploaded file's name, for people. */
  name: z.string(),
  duration_seconds: z.number(),
  volume_db: z.number(),
  loop: z.boolean(),
  fade_out_seconds: z.number(),
});
export type ProjectMusic = z.infer<typeof MusicSchema>;

/** The soundtrack fields of PATCH /api/projects/{id}/ (spread into the project's PATCH body). */
export const SoundtrackPatchFields = {
  music: z
    .object({
      volume_db: z
        .number('A number is required.')
        .min(MIN_MUSIC_VOLUME_DB, `Ensure this value is at least ${MIN_MUSIC_VOLUME_DB}.`)
        .max(MAX_MUSIC_VOLUME_DB, `Ensure this value is at most ${MAX_MUSIC_VOLUME_DB}.`)
        .optional(),
      loop: z.boolean('Must be true or false.').optional(),
      fade_out_seconds: z
        .number('A number is required.')
        .min(0, 'Ensure this value is at least 0.')
        .max(MAX_MUSIC_FADE_OUT_SECONDS, `Ensure this value is at most ${MAX_MUSIC_FADE_OUT_SECONDS}.`)
        .optional(),
    })
    .strict()
    .optional(),
  loudness_target: LoudnessTargetSchema.optional(),
};

/** POST /api/projects/{id}/music/ → 201. */
export const UploadMusicResponse = z.object({ music: MusicSchema });
export type UploadMusicResponse = z.infer<typeof UploadMusicResponse>;
