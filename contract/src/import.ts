import { z } from 'zod';
import { TitleSchema } from './fields.js';

/**
 * Import bodies (SPEC §2.2). Segments are only checked to be an array here: the story
 * importer reports which segment is wrong in the SPEC's {error, code, details} form,
 * which a field error keyed "segments.2.text_content" could not.
 */
const importFields = {
  format: z.enum(['json', 'text']),
  segments: z.array(z.unknown()).optional(),
  raw_text: z.string().optional(),
};

export const ImportProjectBody = z.object({ ...importFields, title: TitleSchema });

/** Appending to an existing project: `title` is accepted and ignored. */
export const ImportSegmentsBody = z.object({ ...importFields, title: z.string().optional() });

export type ImportBody = z.infer<typeof ImportSegmentsBody>;
export type ImportFormat = ImportBody['format'];

/** One segment of a json import as the importer accepts it. */
export const ImportSegmentInputSchema = z.object({
  text_content: z.string(),
  image_prompt: z.string().optional(),
});
export type ImportSegmentInput = z.infer<typeof ImportSegmentInputSchema>;

/** What a client sends: the body schemas above, narrowed to the two formats' required keys. */
export type ImportJsonRequest = { format: 'json'; title: string; segments: ImportSegmentInput[] };
export type ImportTextRequest = { format: 'text'; title: string; raw_text: string };
export type ImportProjectRequest = ImportJsonRequest | ImportTextRequest;

/** POST /api/projects/{id}/import-segments/ — same body; `title` is ignored there. */
export type ImportSegmentsRequest =
  | { format: 'json'; title?: string; segments: ImportSegmentInput[] }
  | { format: 'text'; title?: string; raw_text: string };
