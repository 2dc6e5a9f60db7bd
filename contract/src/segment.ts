import { z } from 'zod';
import { requiredArray, requiredString } from './fields.js';
import { MAX_THUMBNAIL_WIDTH, MIN_THUMBNAIL_WIDTH } from './limits.js';
import { FocusSchema, MotionSchema } from './render-settings.js';

export const WordTimingSchema = z.object({ word: z.string(), start: z.number(), end: z.number() });

/** A segment as the API shows it (SPEC §1): `project` is the project id, files are /media URLs. */
export const SegmentSchema = z.object({
  id: z.string(),
  project: z.string(),
  sequence_index: z.number().int(),
  text_content: z.string(),
  image_prompt: z.string(),
  image_file: z.string().nullable(),
  audio_file: z.string().nullable(),
  audio_duration: z.number().nullable(),
  /** Seconds into the segment's audio, from the synthesis that wrote it (SPEC §7.3); null when unknown. */
  word_timings: z.array(WordTimingSchema).nullable(),
  /** The project's voice or speed changed after this audio was made (SPEC §7.1). */
  audio_stale: z.boolean(),
  is_locked: z.boolean(),
  /** Not in SPEC §1; the web app uses them to cache-bust media URLs. */
  created_at: z.string(),
  updated_at: z.string(),
  motion: MotionSchema,
  focus: FocusSchema.nullable(),
});
export type Segment = z.infer<typeof SegmentSchema>;

export const SegmentIdParams = z.object({ id: z.string().min(1) });

/** GET /api/segments/{id}/preview.jpg?t=: seconds into the segment's narration (SPEC §7.3 caption preview). */
export const SegmentPreviewQuery = z.object({
  t: z
    .string({ error: 'A number of seconds (0 or more) is required.' })
    .regex(/^(\d+(\.\d*)?|\.\d+)$/, 'A number of seconds (0 or more) is required.'),
});

/**
 * `?w=` of GET /api/segments/{id}/thumbnail.webp: the largest width wanted, in pixels
 * (default DEFAULT_THUMBNAIL_WIDTH). Other keys (a cache-busting `v`) are ignored.
 */
export const ThumbnailQuery = z.object({
  w: z.coerce.number().int().min(MIN_THUMBNAIL_WIDTH).max(MAX_THUMBNAIL_WIDTH).optional(),
});

export const SegmentListQuery = z.object({ project: requiredString().min(1), page: z.string().optional() });

export const CreateSegmentBody = z.object({
  project: requiredString().min(1),
  text_content: z.string().optional(),
  image_prompt: z.string().optional(),
  /**
   * Where the new segment goes (0 = first; the segment there and those after it move one
   * place down). Absent = after the last one (SPEC §2.3). Larger than the segment count → 400.
   */
  position: z.number().int('A whole number is required.').min(0, 'Ensure this value is at least 0.').optional(),
});
export type CreateSegmentRequest = z.input<typeof CreateSegmentBody>;

/** Unknown keys are dropped (as DRF does); only these can change. `focus: null` clears the point. */
export const UpdateSegmentBody = z.object({
  text_content: z.string().optional(),
  image_prompt: z.string().optional(),
  is_locked: z.boolean().optional(),
  motion: MotionSchema.optional(),
  focus: FocusSchema.nullable().optional(),
});
export type UpdateSegmentRequest = z.input<typeof UpdateSegmentBody>;

export const ReorderBody = z.object({
  project_id: requiredString().min(1),
  segment_order: requiredArray(z.string()),
});
export type ReorderSegmentsRequest = z.input<typeof ReorderBody>;

export const ReorderResponseSchema = z.object({
  message: z.string(),
  segments: z.array(z.object({ id: z.string(), sequence_index: z.number().int() })),
});
export type ReorderSegmentsResponse = z.infer<typeof ReorderResponseSchema>;

export const UploadImageResponseSchema = z.object({ id: z.string(), image_file: z.string(), message: z.string() });
export type UploadImageResponse = z.infer<typeof UploadImageResponseSchema>;

export const RemoveImageResponseSchema = z.object({ id: z.string(), image_file: z.null(), message: z.string() });
export type RemoveImageResponse = z.infer<typeof RemoveImageResponseSchema>;

export const RemoveAudioResponseSchema = z.object({
  id: z.string(),
  audio_file: z.null(),
  audio_duration: z.null(),
  message: z.string(),
});
export type RemoveAudioResponse = z.infer<typeof RemoveAudioResponseSchema>;

