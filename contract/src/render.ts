import { z } from 'zod';
import { RenderErrorCodeSchema } from './errors.js';
import { ProjectStatusSchema } from './status.js';

export const RenderRequestSchema = z.object({ force: z.boolean().optional() }).nullish();
export type RenderRequest = NonNullable<z.input<typeof RenderRequestSchema>>;

export const RenderProgressSchema = z.object({
  current_segment: z.number().int(),
  total_segments: z.number().int(),
  percentage: z.number().int().min(0).max(100),
  current_phase: z.string(),
  frames_done: z.number().int().optional(),
  frames_total: z.number().int().optional(),
  fps: z.number().optional(),
  /** null while the encoder has not produced enough frames to estimate. */
  eta_seconds: z.number().nullable().optional(),
  /** Clips taken from the cache and the clip count of this render (SPEC §7.5). */
  clips_cached: z.number().int().optional(),
  clips_total: z.number().int().optional(),
});
export type RenderProgress = z.infer<typeof RenderProgressSchema>;

export const RenderTriggerResponseSchema = z.object({
  task_id: z.string(),
  project_id: z.string(),
  status: z.literal('PROCESSING'),
  total_segments: z.number().int(),
  message: z.string(),
});
export type RenderTriggerResponse = z.infer<typeof RenderTriggerResponseSchema>;

export const RenderOutputSchema = z.object({
  duration_seconds: z.number(),
  file_size_bytes: z.number().int(),
  width: z.number().int(),
  height: z.number().int(),
  fps: z.number(),
  rendered_at: z.string(),
  /** The captions written beside the video (SPEC §7.3); absent for renders made before captions existed. */
  captions: z
    .object({
      srt_url: z.string(),
      vtt_url: z.string(),
      /** 1-based segments left without captions: their audio has no word timings and could not be aligned (no text, unreadable audio). */
      skipped_segments: z.array(z.number().int()),
    })
    .nullable()
    .optional(),
});
export type RenderOutput = z.infer<typeof RenderOutputSchema>;

export const RenderStatusResponseSchema = z.object({
  project_id: z.string(),
  status: ProjectStatusSchema,
  progress: RenderProgressSchema.nullable(),
  output_url: z.string().nullable(),
  error: z.string().nullable(),
  /** Why the render failed (FAILED), for clients to decide by; null otherwise or when not known. */
  error_code: RenderErrorCodeSchema.nullable(),
  output: RenderOutputSchema.optional(),
  /** The video no longer matches the project (SPEC §7.1): the editor's "Video out of date — Re-render". */
  output_stale: z.boolean(),
});
export type RenderStatusResponse = z.infer<typeof RenderStatusResponseSchema>;

/** `details` of the 400 of POST /render/ when pre-render validation fails (SPEC §2.7). */
export const RenderValidationDetailsSchema = z.object({
  missing_images: z.array(z.string()),
  missing_audio: z.array(z.string()),
  message: z.string(),
});
export type RenderValidationDetails = z.infer<typeof RenderValidationDetailsSchema>;

export const CancelRenderResponseSchema = z.object({
  project_id: z.string(),
  status: ProjectStatusSchema,
  message: z.string(),
});
export type CancelRenderResponse = z.infer<typeof CancelRenderResponseSchema>;

/** POST /api/projects/{id}/preview/: a draft render into preview.mp4, progress on the task. */
export const PreviewTriggerResponseSchema = z.object({ task_id: z.string(), project_id: z.string(), message: z.string() });
export type PreviewTriggerResponse = z.infer<typeof PreviewTriggerResponseSchema>;
