import { z } from 'zod';
import type { Segment } from '../../db/segments.js';
import { toMediaUrl } from '../../storage/media.js';
import { requiredString } from './fields.js';
import { FocusSchema, MotionSchema } from './render-settings.js';

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
  is_locked: z.boolean(),
  created_at: z.string(),
  updated_at: z.string(),
  motion: MotionSchema,
  focus: FocusSchema.nullable(),
});
export type SegmentJson = z.infer<typeof SegmentSchema>;

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
    is_locked: s.is_locked,
    created_at: s.created_at,
    updated_at: s.updated_at,
    motion: s.motion,
    focus: s.focus,
  };
}

export const SegmentIdParams = z.object({ id: z.string().min(1) });

export const SegmentListQuery = z.object({ project: requiredString().min(1), page: z.string().optional() });

export const CreateSegmentBody = z.object({
  project: requiredString().min(1),
  text_content: z.string().optional(),
  image_prompt: z.string().optional(),
});

/** Unknown keys are dropped (as DRF does); only these can change. `focus: null` clears the point. */
export const UpdateSegmentBody = z.object({
  text_content: z.string().optional(),
  image_prompt: z.string().optional(),
  is_locked: z.boolean().optional(),
  motion: MotionSchema.optional(),
  focus: FocusSchema.nullable().optional(),
});

export const ReorderBody = z.object({
  project_id: requiredString().min(1),
  segment_order: z.array(z.string(), { error: (i) => (i.input === undefined ? 'This field is required.' : undefined) }),
});

export const ReorderResponse = z.object({
  message: z.string(),
  segments: z.array(z.object({ id: z.string(), sequence_index: z.number().int() })),
});

export const UploadImageResponse = z.object({ id: z.string(), image_file: z.string(), message: z.string() });
export const RemoveImageResponse = z.object({ id: z.string(), image_file: z.null(), message: z.string() });
export const RemoveAudioResponse = z.object({
  id: z.string(),
  audio_file: z.null(),
  audio_duration: z.null(),
  message: z.string(),
});
