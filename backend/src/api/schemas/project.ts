import { z } from 'zod';
import type { Project } from '../../db/projects.js';
import type { Segment } from '../../db/segments.js';
import { SegmentSchema, toSegmentJson } from './segment.js';
import { TitleSchema } from './fields.js';
import { RenderOutputSchema } from './render-output.js';
import { ASPECTS, QualitySchema, RenderSettingsPatchFields, TransitionSchema } from './render-settings.js';
import { toMediaUrl } from '../../storage/media.js';

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
  aspect: z.enum(ASPECTS),
  quality: QualitySchema,
  transition: TransitionSchema,
  transition_seconds: z.number(),
  segment_pause_seconds: z.number(),
  /** Something the video is made from changed after the last render (SPEC §7.1). */
  output_stale: z.boolean(),
  /** The last draft preview (preview.mp4), which never replaces final.mp4. */
  preview_url: z.string().nullable(),
  preview: RenderOutputSchema.nullable(),
});
export type ProjectJson = z.infer<typeof ProjectSchema>;

export const ProjectListItemSchema = ProjectSchema.extend({ segment_count: z.number().int() });
export const ProjectDetailSchema = ProjectSchema.extend({ segments: z.array(SegmentSchema) });

/** `outputStale` comes from services/render-fingerprint.ts (it needs the segments). */
export function toProjectJson(p: Project, outputStale: boolean): ProjectJson {
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
    aspect: (ASPECTS as readonly string[]).includes(p.aspect) ? (p.aspect as ProjectJson['aspect']) : '16:9',
    quality: p.quality,
    transition: p.transition,
    transition_seconds: p.transition_seconds,
    segment_pause_seconds: p.segment_pause_seconds,
    output_stale: outputStale,
    // The file name never changes, so the URL carries the render time: a new preview is not served from cache.
    preview_url: p.preview_path === null ? null : `${toMediaUrl(p.preview_path)}?v=${encodeURIComponent(p.preview_meta?.rendered_at ?? '')}`,
    preview: p.preview_meta,
  };
}

export function toProjectDetailJson(p: Project, segments: readonly Segment[], outputStale: boolean) {
  return { ...toProjectJson(p, outputStale), segments: segments.map(toSegmentJson) };
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

/** PATCH /api/projects/{id}/ (SPEC §7.1): rename and render settings; every field optional. */
export const UpdateProjectBody = z.object({
  title: TitleSchema.optional(),
  ...RenderSettingsPatchFields,
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
