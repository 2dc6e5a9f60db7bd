import { z } from 'zod';

/** Where a program StoryFlow runs came from (SPEC §7.7): an env var, the system, or an npm package. */
export const ToolSourceSchema = z.enum(['env', 'system', 'bundled']);
export type ToolSource = z.infer<typeof ToolSourceSchema>;

/** One of ffmpeg, ffprobe, espeak-ng: the one in use, or why there is none. */
export const SystemToolSchema = z.object({
  name: z.enum(['ffmpeg', 'ffprobe', 'espeak-ng']),
  available: z.boolean(),
  /** Absolute path; for the WebAssembly espeak-ng, its module file. */
  path: z.string().nullable(),
  source: ToolSourceSchema.nullable(),
  version: z.string().nullable(),
  /** `wasm` runs inside StoryFlow (a worker thread), `program` as a child process. */
  kind: z.enum(['program', 'wasm']).nullable(),
  /** Why no program is usable, or null. */
  problem: z.string().nullable(),
});
export type SystemTool = z.infer<typeof SystemToolSchema>;

/** GET /api/system/: which programs StoryFlow uses on this machine. */
export const SystemInfoSchema = z.object({ tools: z.array(SystemToolSchema) });
export type SystemInfo = z.infer<typeof SystemInfoSchema>;
