import { z } from 'zod';
import type { Project } from '../../db/projects.js';
import type { Segment } from '../../db/segments.js';
import { SegmentSchema, toSegmentJson } from './segment.js';
import { TitleSchema } from './fields.js';

export const ProjectStatusSchema = z.enum(['DRAFT', 'PROCESSING', 'COMPLETED', 'FAILED']);

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
  /** SPEC §7.1: null = the default from the settings. */
  voice_id: z.string().nullable(),
  tts_speed: z.number().nullable(),
});
export type ProjectJson = z.infer<typeof ProjectSchema>;

export const ProjectListItemSchema = ProjectSchema.extend({ segment_count: z.number().int() });
export const ProjectDetailSchema = ProjectSchema.extend({ segments: z.array(SegmentSchema) });

export function toProjectJson(p: Project): ProjectJson {
  return {
    id: p.id,
    title: p.title,
    created_at: p.created_at,
    updated_at: p.updated_at,
    status: p.status,
    resolution_width: p.resolution_width,
    resolution_height: p.resolution_height,
    framerate: p.framerate,
    output_path: p.output_path,
    render_error: p.render_error,
    voice_id: p.voice_id,
    tts_speed: p.tts_speed,
  };
}

export function toProjectDetailJson(p: Project, segments: readonly Segment[]) {
  return { ...toProjectJson(p), segments: segments.map(toSegmentJson) };
}

export const ProjectIdParams = z.object({ id: z.string().min(1) });

/** H.264 in yuv420p needs even frame sizes; 7680 is 8K. */
const DimensionSchema = z
  .number()
  .int('A whole number is required.')
  .min(16, 'Ensure this value is at least 16.')
  .max(7680, 'Ensure this value is at most 7680.')
  .refine((n) => n % 2 === 0, 'Must be an even number.');

export const CreateProjectBody = z.object({
  title: TitleSchema,
  resolution_width: DimensionSchema.optional(),
  resolution_height: DimensionSchema.optional(),
  framerate: z
    .number()
    .int('A whole number is required.')
    .min(1, 'Ensure this value is at least 1.')
    .max(120, 'Ensure this value is at most 120.')
    .optional(),
});

const SPEED = 'Must be between 0.5 and 2.0';

/** PATCH /api/projects/{id}/ (SPEC §7.1). `null` returns a voice field to the settings' default. */
export const UpdateProjectBody = z.object({
  title: TitleSchema.optional(),
  voice_id: z.string().min(1, 'Choose a voice').nullable().optional(),
  tts_speed: z.number().min(0.5, SPEED).max(2, SPEED).nullable().optional(),
});

/** DRF-style page envelope: {count, next, previous, results}. */
export function paginated<T extends z.ZodType>(item: T) {
  return z.object({
    count: z.number().int(),
    next: z.string().nullable(),
    previous: z.string().nullable(),
    results: z.array(item),
  });
}
