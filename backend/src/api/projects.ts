import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../context.js';
import {
  deleteIdleProject,
  findProject,
  insertProject,
  insertProjectWithSegments,
  listProjects,
  updateRenderSettings,
  updateSoundtrackSettings,
  renameProject,
} from '../db/projects.js';
import { getSettings } from '../db/settings.js';
import { changeProjectVoice } from '../services/project-voice.js';
import { appendSegments, listSegments } from '../db/segments.js';
import { parseImport } from '../services/story-import.js';
import { duplicateProject } from '../services/project-duplicate.js';
import fs from 'node:fs/promises';
import { isOutputStale } from '../services/render-fingerprint.js';
import { captionFontExists } from '../services/caption-fonts.js';
import { resolveCaptionsPatch } from '../services/captions-settings.js';
import { projectClipCacheDir, projectThumbnailCacheDir, removeProjectMedia } from '../storage/media.js';
import { ConflictError, FieldValidationError, NotFoundError } from '../errors.js';
import { pageEnvelope, pageRequest } from './pagination.js';
import {
  CreateProjectBody,
  ImportProjectBody,
  ImportSegmentsBody,
  PageQuery,
  ProjectDetailSchema,
  ProjectIdParams,
  ProjectListItemSchema,
  ProjectSchema,
  SegmentSchema,
  paginated,
  resolveFormat,
  UpdateProjectBody,
} from '@storyflow/contract';
import { toProjectDetailJson, toProjectJson, toSegmentJson } from './serializers.js';

/** SPEC §2.1 projects and §2.2 imports. Render routes live in api/render.ts. */
export const projectRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  const { db } = ctx;

  app.get(
    '/',
    { schema: { querystring: PageQuery, response: { 200: paginated(ProjectListItemSchema) } } },
    async (req) => {
      const page = pageRequest(req.query.page);
      const { total, rows } = listProjects(db, page);
      return pageEnvelope(
        req.url,
        page,
        total,
        rows.map((p) => ({ ...toProjectJson(p, isOutputStale(db, p)), segment_count: p.segment_count })),
      );
    },
  );

  app.post('/', { schema: { body: CreateProjectBody, response: { 201: ProjectSchema } } }, async (req, reply) => {
    return reply.status(201).send(toProjectJson(insertProject(db, req.body), false));
  });

  app.post(
    '/import/',
    { schema: { body: ImportProjectBody, response: { 201: ProjectDetailSchema } } },
    async (req, reply) => {
      const segments = parseImport(req.body);
      const created = insertProjectWithSegments(db, { title: req.body.title }, segments);
      return reply.status(201).send(toProjectDetailJson(created.project, created.segments, false));
    },
  );

  app.get('/:id/', { schema: { params: ProjectIdParams, response: { 200: ProjectDetailSchema } } }, async (req) => {
    const project = findProject(db, req.params.id);
    if (project === undefined) throw new NotFoundError('Project');
    return toProjectDetailJson(project, listSegments(db, project.id), isOutputStale(db, project));
  });

  app.patch(
    '/:id/',
    { schema: { params: ProjectIdParams, body: UpdateProjectBody, response: { 200: ProjectSchema } } },
    async (req) => {
      const { title, voice_id, tts_speed, music, loudness_target, aspect, resolution_width, resolution_height, ...renderSettings } =
        req.body;
      const current = findProject(db, req.params.id);
      if (current === undefined) throw new NotFoundError('Project');
      // Every check before any write, so a refused PATCH changes nothing.
      const format = resolveFormat({ aspect, resolution_width, resolution_height });
      if (!format.ok) throw new FieldValidationError({ [format.field]: [format.message] });
      const captions = resolveCaptionsPatch(current.captions, renderSettings.captions);
      if (!captions.ok) throw new FieldValidationError({ [captions.field]: [captions.message] });
      if (captions.value?.font !== undefined && !(await captionFontExists(ctx.config.dataDir, captions.value.font))) {
        throw new FieldValidationError({ 'captions.font': [`"${captions.value.font}" is not an available font; see GET /api/fonts/`] });
      }
      if (typeof voice_id === 'string' && !(await ctx.speech.listVoices()).some((v) => v.id === voice_id)) {
        throw new FieldValidationError({ voice_id: [`"${voice_id}" is not an available voice; see GET /api/settings/voices/`] });
      }
      if (title !== undefined) renameProject(db, req.params.id, title);
      if (music !== undefined || loudness_target !== undefined) {
        updateSoundtrackSettings(db, req.params.id, { ...music, loudness_target });
      }
      const settings = getSettings(db, await ctx.speech.defaultVoiceId());
      const voicePatch = { ...(voice_id !== undefined && { voice_id }), ...(tts_speed !== undefined && { tts_speed }) };
      let updated = changeProjectVoice(db, req.params.id, voicePatch, settings);
      const renderPatch = { ...renderSettings, captions: captions.value, ...(format.value ?? {}) };
      if (updated !== undefined && Object.values(renderPatch).some((v) => v !== undefined)) {
        updated = updateRenderSettings(db, req.params.id, renderPatch);
      }
      if (updated === undefined) throw new NotFoundError('Project');
      // Without the segments: a settings change must not send a 500-segment timeline back.
      return toProjectJson(updated, isOutputStale(db, updated));
    },
  );

  app.delete('/:id/', { schema: { params: ProjectIdParams, response: { 204: z.null() } } }, async (req, reply) => {
    const outcome = deleteIdleProject(db, req.params.id);
    if (outcome === 'missing') throw new NotFoundError('Project');
    if (outcome === 'rendering') {
      throw new ConflictError('project_rendering', 'This project is rendering. Cancel the render before deleting it.');
    }
    try {
      await removeProjectMedia(ctx.config.mediaDir, req.params.id);
      await fs.rm(projectClipCacheDir(ctx.config.dataDir, req.params.id), { recursive: true, force: true });
      await fs.rm(projectThumbnailCacheDir(ctx.config.dataDir, req.params.id), { recursive: true, force: true });
    } catch (err) {
      // The project is gone either way; leftover files are only wasted space.
      req.log.warn({ err, projectId: req.params.id }, 'could not remove project media folder');
    }
    return reply.status(204).send(null);
  });

  /** SPEC §7.8: a copy with its own files, titled "<title> (copy)", as a draft with no video. */
  app.post(
    '/:id/duplicate/',
    { schema: { params: ProjectIdParams, response: { 201: ProjectListItemSchema } } },
    async (req, reply) => {
      const copy = await duplicateProject(db, ctx.config.mediaDir, req.params.id);
      return reply.status(201).send({ ...toProjectJson(copy, false), segment_count: copy.segment_count });
    },
  );

  app.post(
    '/:id/import-segments/',
    { schema: { params: ProjectIdParams, body: ImportSegmentsBody, response: { 201: z.array(SegmentSchema) } } },
    async (req, reply) => {
      const project = findProject(db, req.params.id);
      if (project === undefined) throw new NotFoundError('Project');
      appendSegments(db, project.id, parseImport(req.body));
      return reply.status(201).send(listSegments(db, project.id).map(toSegmentJson));
    },
  );
};
