import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { SystemInfoSchema, type SystemTool } from '@storyflow/contract';
import type { AppContext } from '../context.js';
import type { ToolResolution } from '../engine/index.js';

function toSystemTool(tool: ToolResolution): SystemTool {
  if (!tool.ok) return { name: tool.name, available: false, path: null, source: null, version: null, kind: null, problem: tool.message };
  return { name: tool.name, available: true, path: tool.path, source: tool.source, version: tool.version, kind: tool.kind, problem: null };
}

/** SPEC §7.7: the Settings panel says which ffmpeg, ffprobe and espeak-ng are in use. */
export const systemRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  app.get('/', { schema: { response: { 200: SystemInfoSchema } } }, async () => ({
    tools: [ctx.tools.ffmpeg, ctx.tools.ffprobe, ctx.tools.espeak].map(toSystemTool),
  }));
};
