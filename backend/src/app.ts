import fs from 'node:fs';
import path from 'node:path';
import Fastify, { LogController, type FastifyError, type FastifyInstance, type FastifyReply } from 'fastify';
import multipart from '@fastify/multipart';
import fastifyStatic from '@fastify/static';
import {
  hasZodFastifySchemaValidationErrors,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import type { Config } from './config.js';
import { openDatabase, type Db } from './db/database.js';
import type { AppContext } from './context.js';
import { AppError, FieldValidationError } from './errors.js';
import { assertLocalRequest } from './api/local-only.js';
import { registerStrictJsonParser } from './api/json-body.js';
import { fontRoutes } from './api/fonts.js';
import { MAX_IMAGE_BYTES, MAX_IMPORT_BODY_BYTES, type ErrorCode } from '@storyflow/contract';
import { TaskManager } from './tasks/task-manager.js';
import { projectRoutes } from './api/projects.js';
import { segmentRoutes } from './api/segments.js';
import { registerSpeechTasks } from './tasks/speech-task.js';
import { createSpeechService } from './engine/speech/index.js';
import { resolveMediaTools, toolEnvOf } from './engine/tools/media-tools.js';
import { speechRoutes } from './api/speech.js';
import { settingsRoutes } from './api/settings.js';
import { systemRoutes } from './api/system.js';
import { taskRoutes } from './api/tasks.js';
import { renderRoutes } from './api/render.js';
import { collectOpenApi, serveApiDocs } from './api/docs.js';
import { createPreviewRunner, createRenderRunner, PREVIEW_TASK_KIND, RENDER_INTERRUPTED, RENDER_TASK_KIND } from './tasks/render-task.js';
import { backfillRenderFingerprints } from './services/render-fingerprint.js';
import { musicRoutes } from './api/music.js';
import { failInterruptedRenders } from './db/projects.js';
import { adoptKokoroAsDefault } from './db/settings.js';
import { createNaturalVoices } from './services/natural-voices.js';
import { applySettingsVoiceChange } from './services/project-voice.js';
import { createVoiceSamples } from './services/voice-samples.js';
import { sweepLeftovers } from './storage/leftovers.js';

/** A refused body up to this size is read and dropped rather than closing the connection. */
const MAX_DRAINED_BODY_BYTES = 64 * 1024 * 1024;

/** One method of one registered route; `hidden` routes (the docs page's own files) stay out of the OpenAPI document. */
export type RegisteredRoute = { method: string; url: string; hidden: boolean };

export type App = FastifyInstance & { readonly ctx: AppContext; readonly routes: readonly RegisteredRoute[] };

/**
 * Builds the API server: one Fastify instance with the database opened, every route
 * registered and one error handler. server.ts listens; tests call this directly.
 */
export async function buildApp(config: Config, options: { db?: Db } = {}): Promise<App> {
  fs.mkdirSync(config.mediaDir, { recursive: true });
  const db = options.db ?? openDatabase(config.databaseFile);

  const app = Fastify({
    logger: { level: config.logLevel },
    routerOptions: { ignoreTrailingSlash: true },
    // One line per request drowns the terminal of `npm start`; errors are still logged.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: MAX_IMPORT_BODY_BYTES,
    // A URL the router cannot even decode ("%ff", a 10 000-character id) is the sender's
    // fault too: answered in the API's error shape instead of Fastify's own.
    frameworkErrors: refuseBadUrl,
  }).withTypeProvider<ZodTypeProvider>();
  registerStrictJsonParser(app, MAX_IMPORT_BODY_BYTES);
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  const tasks = new TaskManager({ db, log: app.log });
  // Before any task is queued: rows a dead process left unfinished become FAILED (SPEC §2.5).
  tasks.recoverAfterRestart();
  // SPEC 2.6: after a restart no project stays PROCESSING without a live task.
  failInterruptedRenders(db, RENDER_INTERRUPTED);
  // …and the files those tasks were writing go (nothing can be using them yet).
  const swept = await sweepLeftovers(config, app.log);
  if (swept.length > 0) app.log.info({ files: swept }, 'removed files left by interrupted tasks');
  const tools = await resolveMediaTools(toolEnvOf(config));
  for (const tool of Object.values(tools)) {
    if (tool.ok) app.log.info({ path: tool.path, source: tool.source, version: tool.version }, `using ${tool.name}`);
    else app.log.warn({ skipped: tool.skipped }, tool.message);
  }
  backfillRenderFingerprints(db);
  const speech = createSpeechService({ espeak: tools.espeak, modelsDir: config.modelsDir });
  const naturalVoices = createNaturalVoices({
    modelsDir: config.modelsDir,
    modelsUrl: config.modelsUrl,
    manifestFile: config.modelsManifestFile,
    // The user asked for natural voices: from now on they are the default (SPEC §7.7).
    onInstalled: () => {
      const { before, after } = adoptKokoroAsDefault(db);
      applySettingsVoiceChange(db, before, after);
    },
    onError: (err) => app.log.warn({ err }, 'natural voices download failed'),
  });
  app.addHook('onClose', async () => naturalVoices.stop());
  const voiceSamples = createVoiceSamples({ speech, cacheDir: path.join(config.dataDir, 'cache', 'voice-samples') });
  const ctx: AppContext = { config, db, tasks, speech, naturalVoices, voiceSamples, tools };
  app.decorate('ctx', ctx);
  registerSpeechTasks(ctx, app.log);
  tasks.register(RENDER_TASK_KIND, 'render', createRenderRunner({ config, db, log: app.log, tools }));
  tasks.register(PREVIEW_TASK_KIND, 'render', createPreviewRunner({ config, db, log: app.log, tools }));

  const routeTable = recordRoutes(app);
  app.decorate('routes', routeTable.registered);
  app.addHook('onRequest', async (req) => assertLocalRequest(req, config));
  // /api/segments/reorder/ (POST) is also matched by /api/segments/:id/ for GET, PATCH and
  // DELETE; a method the static path lacks is a 405, not a lookup of a segment called "reorder".
  app.addHook('onRequest', async (req, reply) => {
    const path = pathOf(req.url);
    if (req.routeOptions.url?.includes(':') && routeTable.isStaticWithOtherMethod(path, req.method)) {
      return sendMethodNotAllowed(reply, req.method, path);
    }
  });
  // A request answered before its body was read (a refused upload, a body over the limit)
  // leaves the rest of the body on the connection. Fastify then closes it, which makes a
  // sender still writing (the web server's forwarder, a browser) see EPIPE instead of the
  // answer. Read the rest off and drop it instead, so the answer arrives and the next
  // request on the connection is parsed from its own first byte; only a body too large
  // to be worth reading closes the connection.
  app.addHook('onSend', async (req, reply) => {
    if (req.raw.complete) return;
    const declared = Number(req.headers['content-length']);
    if (!(declared <= MAX_DRAINED_BODY_BYTES)) {
      reply.header('connection', 'close');
      return;
    }
    reply.removeHeader('connection');
    req.raw.unpipe();
    req.raw.resume();
  });
  app.setErrorHandler((error: FastifyError, req, reply) => {
    const { status, body } = errorResponse(error);
    if (status >= 500) req.log.error({ err: error }, 'request failed');
    // @fastify/static hands over a 416 as an error carrying the Content-Range the RFC asks for.
    const range = (error as { headers?: Record<string, unknown> }).headers?.['Content-Range'];
    if (typeof range === 'string') reply.header('Content-Range', range);
    return reply.status(status).send(body);
  });
  app.setNotFoundHandler((req, reply) => {
    const path = pathOf(req.url);
    if (routeTable.hasOtherMethod(path, req.method)) return sendMethodNotAllowed(reply, req.method, path);
    return reply.status(404).send(errorBody('route_not_found', `Route ${req.method} ${path} not found`));
  });

  await collectOpenApi(app);
  await app.register(multipart, {
    limits: { fileSize: MAX_IMAGE_BYTES, files: 1, fields: 10 },
  });
  await app.register(fastifyStatic, {
    root: config.mediaDir,
    prefix: '/media/',
    decorateReply: false,
    index: false,
    dotfiles: 'deny',
  });

  // Route modules are registered explicitly so every route can be found from this file.
  await app.register(projectRoutes, { prefix: '/api/projects', ctx });
  await app.register(segmentRoutes, { prefix: '/api/segments', ctx });
  await app.register(speechRoutes, { prefix: '/api', ctx });
  await app.register(settingsRoutes, { prefix: '/api/settings', ctx });
  await app.register(systemRoutes, { prefix: '/api/system', ctx });
  await app.register(taskRoutes, { prefix: '/api/tasks', ctx });
  await app.register(renderRoutes, { prefix: '/api/projects', ctx });
  await app.register(musicRoutes, { prefix: '/api/projects', ctx });
  await app.register(fontRoutes, { prefix: '/api/fonts', ctx });
  await serveApiDocs(app);

  app.addHook('onClose', async () => {
    await tasks.close();
    if (!options.db) db.close();
  });
  await app.ready();
  return app as unknown as App;
}

function refuseBadUrl(error: FastifyError, _req: unknown, reply: FastifyReply): void {
  const code: ErrorCode = 'bad_request';
  void reply.status(error.statusCode ?? 400).send({ error: 'The request URL is not valid', code, details: error.message });
}

type ErrorBody = Record<string, unknown>;

/** Every whole-request error body: {error, code, details?} (SPEC §2). */
function errorBody(code: ErrorCode, error: string, details?: unknown): ErrorBody {
  return details === undefined ? { error, code } : { error, code, details };
}

function pathOf(url: string): string {
  return url.split('?')[0] ?? url;
}

function sendMethodNotAllowed(reply: FastifyReply, method: string, path: string) {
  return reply.status(405).send(errorBody('method_not_allowed', `Method ${method} not allowed on ${path}`));
}

function errorResponse(error: FastifyError): { status: number; body: ErrorBody } {
  if (error instanceof FieldValidationError) return { status: 400, body: { ...error.fields, code: error.code } };
  if (error instanceof AppError) {
    return { status: error.status, body: { ...errorBody(error.code, error.message, error.details), ...error.extra } };
  }
  if (hasZodFastifySchemaValidationErrors(error)) {
    return { status: 400, body: { ...fieldErrors(error.validation), code: 'validation_failed' } };
  }
  switch (error.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return { status: 400, body: errorBody('malformed_json', 'Malformed JSON body', error.message) };
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return { status: 413, body: errorBody('body_too_large', 'Request body too large', error.message) };
    case 'FST_REQ_FILE_TOO_LARGE':
      return { status: 413, body: errorBody('file_too_large', 'File too large', error.message) };
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return { status: 415, body: errorBody('unsupported_media_type', 'Unsupported content type', error.message) };
    default:
      break;
  }
  const status = error.statusCode ?? 500;
  if (status === 416) return { status, body: errorBody('range_not_satisfiable', error.message) };
  if (status < 500) return { status, body: errorBody('bad_request', error.message) };
  return {
    status: 500,
    body: errorBody('internal_error', 'StoryFlow hit an internal error. Check the server log for details, then try again.'),
  };
}

type ValidationIssue = { instancePath: string; message?: string | undefined };

/** Field validation errors in the SPEC's shape: {"<field>": ["message", ...]}. */
function fieldErrors(issues: readonly ValidationIssue[]): ErrorBody {
  const body: Record<string, string[]> = {};
  for (const issue of issues) {
    const field = issue.instancePath.replace(/^\//, '').split('/').filter(Boolean).join('.') || 'non_field_errors';
    (body[field] ??= []).push(issue.message ?? 'Invalid value');
  }
  return body;
}

/** Remembers each route's URL pattern, so an unmatched request can be told 405 instead of 404. */
function recordRoutes(app: FastifyInstance) {
  const routes: { pattern: RegExp; methods: Set<string> }[] = [];
  const staticRoutes = new Map<string, Set<string>>();
  const registered: RegisteredRoute[] = [];
  app.addHook('onRoute', (route) => {
    const source = route.url
      .replace(/\/+$/, '')
      .split('/')
      .map((part) => (part.startsWith(':') ? '[^/]+' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
      .join('/');
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    routes.push({ pattern: new RegExp(`^${source}/?$`), methods: new Set(methods) });
    const hidden = route.schema?.hide === true;
    for (const method of methods) registered.push({ method, url: route.url, hidden });
    if (!route.url.includes(':')) {
      const key = route.url.replace(/\/+$/, '');
      const known = staticRoutes.get(key) ?? new Set<string>();
      for (const m of methods) known.add(m);
      staticRoutes.set(key, known);
    }
  });
  return {
    registered,
    isStaticWithOtherMethod(path: string, method: string): boolean {
      const methods = staticRoutes.get(path.replace(/\/+$/, ''));
      return methods !== undefined && !methods.has(method);
    },
    hasOtherMethod(path: string, method: string): boolean {
      return routes.some((r) => r.pattern.test(path) && !r.methods.has(method));
    },
  };
}
