import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../context.js';
import { findProject } from '../db/projects.js';
import { findSegment, listSegments } from '../db/segments.js';
import {
  EMPTY_TEXT_MESSAGE,
  SPEECH_BATCH_TASK_KIND,
  SPEECH_TASK_KIND,
  speechBatchTaskId,
  speechTaskId,
} from '../tasks/speech-task.js';
import { planBatch } from '../services/speech-batch.js';
import { BadRequestError, ConflictError, DependencyError, NotFoundError } from '../errors.js';
import {
  GenerateAllAudioBodySchema,
  GenerateAllAudioResponseSchema,
  GenerateAudioResponseSchema,
  ProjectIdParams,
  SegmentIdParams,
} from '@storyflow/contract';

const NO_ENGINE_MESSAGE =
  'No speech engine is available. Install espeak-ng (e.g. apt install espeak-ng) or set ESPEAK_PATH, then try again.';

async function assertSpeechAvailable(ctx: AppContext): Promise<void> {
  if (!(await ctx.speech.isAvailable())) throw new DependencyError('speech_unavailable', NO_ENGINE_MESSAGE, 503);
}

function queuedMessage(ctx: AppContext, taskId: string, what: string): string {
  const ahead = ctx.tasks.tasksAhead(taskId);
  return ahead === 0 ? `${what} queued` : `${what} queued behind ${ahead} speech task(s)`;
}

/** SPEC §2.4: queue speech for one segment or a whole project. The work runs in tasks/speech-task.ts. */
export const speechRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  app.post(
    '/segments/:id/generate-audio/',
    { schema: { params: SegmentIdParams, response: { 202: GenerateAudioResponseSchema } } },
    async (req, reply) => {
      const segment = findSegment(ctx.db, req.params.id);
      if (segment === undefined) throw new NotFoundError('Segment');
      if (segment.is_locked) throw new ConflictError('segment_locked', 'Cannot generate audio for a locked segment. Unlock it first.');
      if (segment.text_content.trim() === '') throw new BadRequestError('empty_text', EMPTY_TEXT_MESSAGE);
      await assertSpeechAvailable(ctx);
      const task = ctx.tasks.enqueue({
        id: speechTaskId(segment.id),
        kind: SPEECH_TASK_KIND,
        projectId: segment.project_id,
        payload: { segmentId: segment.id },
        progress: { current: 0, total: 1, percentage: 0 },
      });
      return reply.status(202).send({
        task_id: task.id,
        segment_id: segment.id,
        status: 'PENDING' as const,
        message: queuedMessage(ctx, task.id, 'Audio generation'),
      });
    },
  );

  app.post(
    '/projects/:id/generate-all-audio/',
    {
      schema: {
        params: ProjectIdParams,
        body: GenerateAllAudioBodySchema,
        response: { 200: GenerateAllAudioResponseSchema, 202: GenerateAllAudioResponseSchema },
      },
    },
    async (req, reply) => {
      const project = findProject(ctx.db, req.params.id);
      if (project === undefined) throw new NotFoundError('Project');
      const options = { skipLocked: req.body?.skip_locked ?? true, forceRegenerate: req.body?.force_regenerate ?? false };
      const { segmentIds, ...counts } = await planBatch(listSegments(ctx.db, project.id), options, ctx.config.mediaDir);
      if (segmentIds.length === 0) {
        return reply.status(200).send({
          task_id: null,
          project_id: project.id,
          ...counts,
          message:
            counts.total_segments === 0
              ? 'The project has no segments'
              : 'Nothing to generate: every segment already has audio, is locked or has no text',
        });
      }
      await assertSpeechAvailable(ctx);
      const task = ctx.tasks.enqueue({
        id: speechBatchTaskId(project.id),
        kind: SPEECH_BATCH_TASK_KIND,
        projectId: project.id,
        payload: { projectId: project.id, segmentIds },
        progress: { current: 0, total: segmentIds.length, percentage: 0 },
      });
      return reply.status(202).send({
        task_id: task.id,
        project_id: project.id,
        status: 'PENDING' as const,
        ...counts,
        message: queuedMessage(ctx, task.id, `Audio generation for ${segmentIds.length} segment(s)`),
      });
    },
  );
};
