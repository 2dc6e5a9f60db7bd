import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../context.js';
import {
  CancelRenderResponseSchema,
  PreviewTriggerResponseSchema,
  ProjectIdParams,
  RenderRequestSchema,
  RenderStatusResponseSchema,
  RenderTriggerResponseSchema,
} from '@storyflow/contract';
import { cancelRender, getRenderStatus, startPreview, startRender } from '../services/render-service.js';

/** SPEC 2.6: trigger a render, read its status, cancel it. Logic lives in services/render-service.ts. */
export const renderRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  app.post(
    '/:id/render/',
    { schema: { params: ProjectIdParams, body: RenderRequestSchema, response: { 202: RenderTriggerResponseSchema } } },
    async (req, reply) => reply.status(202).send(await startRender(ctx, req.params.id)),
  );

  app.post(
    '/:id/preview/',
    { schema: { params: ProjectIdParams, response: { 202: PreviewTriggerResponseSchema } } },
    async (req, reply) => reply.status(202).send(await startPreview(ctx, req.params.id)),
  );

  app.get(
    '/:id/status/',
    { schema: { params: ProjectIdParams, response: { 200: RenderStatusResponseSchema } } },
    async (req) => getRenderStatus(ctx, req.params.id),
  );

  app.post(
    '/:id/cancel-render/',
    { schema: { params: ProjectIdParams, response: { 200: CancelRenderResponseSchema } } },
    async (req) => cancelRender(ctx, req.params.id),
  );
};
