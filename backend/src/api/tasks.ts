import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../context.js';
import { NotFoundError } from '../errors.js';
import { TaskIdParams, TaskStatusResponseSchema } from '@storyflow/contract';
import { toTaskStatusJson } from './serializers.js';

/** SPEC §2.5: the status of any background task (speech or render). */
export const taskRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  app.get(
    '/:task_id/status/',
    { schema: { params: TaskIdParams, response: { 200: TaskStatusResponseSchema } } },
    async (req) => {
      const task = ctx.tasks.get(req.params.task_id);
      if (task === undefined) throw new NotFoundError('Task');
      return toTaskStatusJson(task, ctx.tasks.queuePosition(task.id));
    },
  );
};
