import { z } from 'zod';
import { TitleSchema } from './fields.js';

/**
 * Import bodies (SPEC §2.2). Segments are only checked to be an array here: the story
 * importer reports which segment is wrong in the SPEC's {error, details} form, which a
 * field error keyed "segments.2.text_content" could not.
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
