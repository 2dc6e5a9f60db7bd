import { z } from 'zod';

/** Facts about a finished video (final.mp4 or preview.mp4). */
export const RenderOutputSchema = z.object({
  duration_seconds: z.number(),
  file_size_bytes: z.number().int(),
  width: z.number().int(),
  height: z.number().int(),
  fps: z.number(),
  rendered_at: z.string(),
});
