import { z } from 'zod';
import { ProjectStatusSchema } from './project.js';
import { RenderOutputSchema } from './render-output.js';

export const RenderRequestSchema = z.object({ force: z.boolean().optional() }).nullish();

export const RenderProgressSchema = z.object({
  current_segment: z.number().int(),
  total_segments: z.number().int(),
  percentage: z.number().int().min(0).max(100),
  current_phase: z.string(),
  frames_done: z.number().int().optional(),
  frames_total: z.number().int().optional(),
  fps: z.number().optional(),
  eta_seconds: z.number().nullable().optional(),
  /** Clips taken from the cache and the clip count of this render (SPEC §7.5). */
  clips_cached: z.number().int().optional(),
  clips_total: z.number().int().optional(),
});

export const RenderTriggerResponseSchema = z.object({
  task_id: z.string(),
  project_id: z.string(),
  status: z.literal('PROCESSING'),
  total_segments: z.number().int(),
  message: z.string(),
});

export const RenderStatusResponseSchema = z.object({
  project_id: z.string(),
  status: ProjectStatusSchema,
  progress: RenderProgressSchema.nullable(),
  output_url: z.string().nullable(),
  error: z.string().nullable(),
  output: RenderOutputSchema.optional(),
});
export type RenderStatusResponse = z.infer<typeof RenderStatusResponseSchema>;

export const CancelRenderResponseSchema = z.object({
  project_id: z.string(),
  status: ProjectStatusSchema,
  message: z.string(),
});

export const PreviewTriggerResponseSchema = z.object({ task_id: z.string(), project_id: z.string(), message: z.string() });
