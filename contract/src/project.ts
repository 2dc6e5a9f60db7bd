import { z } from 'zod';
import { RenderErrorCodeSchema } from './errors.js';
import { TitleSchema } from './fields.js';
import { LoudnessTargetSchema, MusicSchema, SoundtrackPatchFields } from './music.js';
import { MAX_FRAMERATE, MAX_FRAME_SIZE, MAX_TTS_SPEED, MIN_FRAMERATE, MIN_FRAME_SIZE, MIN_TTS_SPEED } from './limits.js';
import { RenderOutputSchema } from './render.js';
import { ASPECTS, CaptionsSettingsSchema, QualitySchema, RenderSettingsPatchFields, TransitionSchema } from './render-settings.js';
import { SegmentSchema } from './segment.js';
import { ProjectStatusSchema } from './status.js';

/** A project as the API shows it (SPEC §1). */
export const ProjectSchema = z.object({
  id: z.string(),
  title: z.string(),
  created_at: z.string(),
  updated_at: z.string(),
  status: ProjectStatusSchema,
  resolution_width: z.number().int(),
  resolution_height: z.number().int(),
  framerate: z.number().int(),
  output_path: z.string().nullable(),
  render_error: z.string().nullable(),
  render_error_code: RenderErrorCodeSchema.nullable(),
  music: MusicSchema.nullable(),
  loudness_target: LoudnessTargetSchema,
  /** SPEC §7.1 per-project voice and speed; null = the default from the settings. */
  voice_id: z.string().nullable(),
  tts_speed: z.number().nullable(),
  /** SPEC §7.1 render settings. */
  aspect: z.enum(ASPECTS),
  quality: QualitySchema,
  transition: TransitionSchema,
  transition_seconds: z.number(),
  segment_pause_seconds: z.number(),
  captions: CaptionsSettingsSchema,
  /** Something the video is made from changed after the last render (SPEC §7.1). */
  output_stale: z.boolean(),
  /** The last draft preview (preview.mp4, with a cache-busting query), which never replaces final.mp4. */
  preview_url: z.string().nullable(),
  preview: RenderOutputSchema.nullable(),
});
export type Project = z.infer<typeof ProjectSchema>;

/** An entry of GET /api/projects/. */
export const ProjectListItemSchema = ProjectSchema.extend({ segment_count: z.number().int() });
export type ProjectListItem = z.infer<typeof ProjectListItemSchema>;

/** GET /api/projects/{id}/ — a project with all of its segments, ordered. */
export const ProjectDetailSchema = ProjectSchema.extend({ segments: z.array(SegmentSchema) });
export type ProjectDetail = z.infer<typeof ProjectDetailSchema>;

export const ProjectIdParams = z.object({ id: z.string().min(1) });

/** H.264 in yuv420p needs even frame sizes. */
const DimensionSchema = z
  .number()
  .int('A whole number is required.')
  .min(MIN_FRAME_SIZE, `Ensure this value is at least ${MIN_FRAME_SIZE}.`)
  .max(MAX_FRAME_SIZE, `Ensure this value is at most ${MAX_FRAME_SIZE}.`)
  .refine((n) => n % 2 === 0, 'Must be an even number.');

export const CreateProjectBody = z.object({
  title: TitleSchema,
  resolution_width: DimensionSchema.optional(),
  resolution_height: DimensionSchema.optional(),
  framerate: z
    .number()
    .int('A whole number is required.')
    .min(MIN_FRAMERATE, `Ensure this value is at least ${MIN_FRAMERATE}.`)
    .max(MAX_FRAMERATE, `Ensure this value is at most ${MAX_FRAMERATE}.`)
    .optional(),
});
export type CreateProjectRequest = z.input<typeof CreateProjectBody>;

const SPEED_RANGE = `Must be between ${MIN_TTS_SPEED.toFixed(1)} and ${MAX_TTS_SPEED.toFixed(1)}`;

/** PATCH /api/projects/{id}/ (SPEC §7.1): the fields that may change after creation (name, voice, soundtrack, render settings). `null` returns a voice field to the settings' default. */
export const UpdateProjectBody = z
  .object({
    title: TitleSchema.optional(),
    voice_id: z.string().min(1, 'Choose a voice').nullable().optional(),
    tts_speed: z.number().min(MIN_TTS_SPEED, SPEED_RANGE).max(MAX_TTS_SPEED, SPEED_RANGE).nullable().optional(),
    ...SoundtrackPatchFields,
    ...RenderSettingsPatchFields,
  })
  .strict();
export type UpdateProjectRequest = z.input<typeof UpdateProjectBody>;
