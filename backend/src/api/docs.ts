import type { FastifyInstance } from 'fastify';
import swagger, { type SwaggerTransform } from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { ApiErrorBodySchema, FieldErrorsBodySchema } from '@storyflow/contract';
import { jsonSchemaTransform } from 'fastify-type-provider-zod';
import { z } from 'zod';

/** Where the browsable API description and its OpenAPI document live (SPEC §7, issue 9). */
export const DOCS_PREFIX = '/api/docs';
export const OPENAPI_PATH = '/api/openapi.json';

/**
 * Every route can fail with the one error shape; documented here rather than in each route's
 * schema, because a response schema there would also re-serialize the error handler's bodies.
 */
const ERROR_RESPONSE = {
  description:
    'An error: {error, code, details?} (a field-validation 400 is {"<field>": ["message", ...], code: "validation_failed"})',
  content: { 'application/json': { schema: z.toJSONSchema(z.union([ApiErrorBodySchema, FieldErrorsBodySchema])) } },
};

const withErrorResponses: SwaggerTransform = (route) => {
  const out = jsonSchemaTransform(route);
  const schema = out.schema as { hide?: boolean; response?: Record<string, unknown> };
  if (schema.hide === true) return out;
  return { ...out, schema: { ...schema, response: { ...schema.response, '4XX': ERROR_RESPONSE, '5XX': ERROR_RESPONSE } } };
};

/**
 * Collects every route registered after it into an OpenAPI 3.1 document built from the
 * routes' zod schemas (the contract). Register before the routes: it learns them from
 * Fastify's onRoute hook.
 */
export async function collectOpenApi(app: FastifyInstance): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'StoryFlow API',
        version: '0.1.0',
        description:
          'Local-first story-to-narrated-video studio. Errors are `{error, code, details?}` ' +
          '(field validation: `{"<field>": [...], code: "validation_failed"}`); `code` is stable.',
      },
    },
    transform: withErrorResponses,
  });
}

/**
 * GET /api/docs: Swagger UI, served from the npm package's own files (no CDN, works
 * offline), and GET /api/openapi.json: the document itself.
 */
export async function serveApiDocs(app: FastifyInstance): Promise<void> {
  await app.register(swaggerUi, { routePrefix: DOCS_PREFIX });
  app.get(OPENAPI_PATH, { schema: { hide: true } }, async () => app.swagger());
}
