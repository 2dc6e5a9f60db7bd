import { z } from 'zod';
import { TaskStatusSchema } from './status.js';

/** SPEC §2.4: 202 of POST /api/segments/{id}/generate-audio/. */
export const GenerateAudioResponseSchema = z.object({
  task_id: z.string(),
  segment_id: z.string(),
  status: z.literal('PENDING'),
  message: z.string(),
});
export type GenerateAudioResponse = z.infer<typeof GenerateAudioResponseSchema>;

export const GenerateAllAudioBodySchema = z
  .object({
    skip_locked: z.boolean().default(true),
    force_regenerate: z.boolean().default(false),
  })
  .nullish();
export type GenerateAllAudioRequest = NonNullable<z.input<typeof GenerateAllAudioBodySchema>>;

/** 202 carries the task; 200 ("nothing to do") has the same counts and `task_id: null`. */
export const GenerateAllAudioResponseSchema = z.object({
  task_id: z.string().nullable(),
  project_id: z.string(),
  status: TaskStatusSchema.optional(),
  total_segments: z.number().int(),
  segments_to_process: z.number().int(),
  skipped_locked: z.number().int(),
  skipped_existing: z.number().int(),
  skipped_empty: z.number().int(),
  message: z.string(),
});
export type GenerateAllAudioResponse = z.infer<typeof GenerateAllAudioResponseSchema>;
