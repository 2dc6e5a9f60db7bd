import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../context.js';
import { findProject } from '../db/projects.js';
import {
  appendSegments,
  countSegments,
  findSegment,
  insertSegmentAt,
  listSegments,
  listSegmentsPage,
  reorderSegments,
  setSegmentAudio,
  updateSegment,
  type Segment,
} from '../db/segments.js';
import {
  deleteSegmentRestorably,
  removeImageRestorably,
  restoreDeletedSegment,
  restoreRemovedImage,
} from '../services/segment-trash.js';
import { replaceSegmentImage } from '../services/segment-images.js';
import { segmentPreviewJpeg } from '../services/segment-preview.js';
import { createThumbnailStore } from '../services/segment-thumbnails.js';
import { assertCompleteOrder } from '../services/segment-order.js';
import { removeMediaFile } from '../storage/media.js';
import { DEFAULT_THUMBNAIL_WIDTH, MAX_IMAGE_BYTES } from '@storyflow/contract';
import { BadRequestError, NotFoundError } from '../errors.js';
import { readMultipartFile } from './multipart.js';
import { pageEnvelope, pageRequest } from './pagination.js';
import {
  CreateSegmentBody,
  RemoveAudioResponseSchema,
  RemoveImageResponseSchema,
  ReorderBody,
  ReorderResponseSchema,
  SegmentIdParams,
  SegmentListQuery,
  SegmentPreviewQuery,
  SegmentSchema,
  ThumbnailQuery,
  UpdateSegmentBody,
  UploadImageResponseSchema,
  paginated,
} from '@storyflow/contract';
import { toSegmentJson } from './serializers.js';

/** SPEC §2.3 segments. Speech routes for a segment live in api/speech.ts. */
export const segmentRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  const { db } = ctx;
  const mediaDir = ctx.config.mediaDir;
  const trash = { db, mediaDir };
  const thumbnails = createThumbnailStore({ dataDir: ctx.config.dataDir, mediaDir });

  function existingSegment(id: string): Segment {
    const segment = findSegment(db, id);
    if (segment === undefined) throw new NotFoundError('Segment');
    return segment;
  }

  /** A locked segment refuses every change but unlocking (SPEC §1). */
  function unlockedSegment(id: string, action: string): Segment {
    const segment = existingSegment(id);
    if (segment.is_locked) throw new BadRequestError('segment_locked', `Cannot ${action} a locked segment. Unlock it first.`);
    return segment;
  }

  app.get(
    '/',
    { schema: { querystring: SegmentListQuery, response: { 200: paginated(SegmentSchema) } } },
    async (req) => {
      const project = findProject(db, req.query.project);
      if (project === undefined) throw new NotFoundError('Project');
      const page = pageRequest(req.query.page);
      const rows = listSegmentsPage(db, project.id, page);
      return pageEnvelope(req.url, page, countSegments(db, project.id), rows.map(toSegmentJson));
    },
  );

  app.post('/', { schema: { body: CreateSegmentBody, response: { 201: SegmentSchema } } }, async (req, reply) => {
    const project = findProject(db, req.body.project);
    if (project === undefined) throw new NotFoundError('Project');
    const item = { text_content: req.body.text_content ?? '', image_prompt: req.body.image_prompt ?? '' };
    const { position } = req.body;
    const created = position === undefined ? appendSegments(db, project.id, [item])[0] : insertSegmentAt(db, project.id, position, item);
    if (created === undefined) {
      const count = countSegments(db, project.id);
      throw new BadRequestError(
        'invalid_segment_position',
        `Position ${position} is past the end of the timeline; use 0 to ${count} (${count} inserts after the last segment).`,
      );
    }
    return reply.status(201).send(toSegmentJson(created));
  });

  app.post(
    '/reorder/',
    { schema: { body: ReorderBody, response: { 200: ReorderResponseSchema } } },
    async (req) => {
      const project = findProject(db, req.body.project_id);
      if (project === undefined) throw new NotFoundError('Project');
      // Check and write with no await in between, so no other request can add a segment in the gap.
      assertCompleteOrder(
        listSegments(db, project.id).map((s) => s.id),
        req.body.segment_order,
      );
      reorderSegments(db, project.id, req.body.segment_order);
      return {
        message: 'Segments reordered',
        segments: listSegments(db, project.id).map((s) => ({ id: s.id, sequence_index: s.sequence_index })),
      };
    },
  );

  app.get('/:id/', { schema: { params: SegmentIdParams, response: { 200: SegmentSchema } } }, async (req) =>
    toSegmentJson(existingSegment(req.params.id)),
  );

  app.get(
    '/:id/preview.jpg',
    {
      schema: {
        description:
          "The segment's Ken Burns frame `t` seconds into its narration with the caption shown then, drawn as the video draws it (at most 1280 px on the longer side).",
        params: SegmentIdParams,
        querystring: SegmentPreviewQuery,
        response: { 200: z.any().describe('A JPEG image') },
      },
    },
    async (req, reply) => {
      const segment = existingSegment(req.params.id);
      const jpeg = await segmentPreviewJpeg({ db, dataDir: ctx.config.dataDir, mediaDir }, segment, Number(req.query.t));
      return reply.type('image/jpeg').header('cache-control', 'no-store').send(jpeg);
    },
  );

  /**
   * SPEC §7.8: the editor's card picture, made from the segment's image with sharp and
   * cached on disk. `Cache-Control: no-cache` with a strong ETag: the browser keeps it and
   * asks again with If-None-Match, and a replaced image answers with the new picture.
   */
  app.get(
    '/:id/thumbnail.webp',
    {
      schema: {
        description:
          'A WebP of the segment image at most `w` pixels wide (default 480), flattened on the render background. ' +
          '404 segment_has_no_image when it has none.',
        params: SegmentIdParams,
        querystring: ThumbnailQuery,
      },
    },
    async (req, reply) => {
      const segment = existingSegment(req.params.id);
      const thumbnail = await thumbnails.thumbnail(segment, req.query.w ?? DEFAULT_THUMBNAIL_WIDTH);
      void reply.header('ETag', thumbnail.etag).header('Cache-Control', 'private, no-cache');
      if (req.headers['if-none-match'] === thumbnail.etag) return reply.status(304).send();
      return reply.type('image/webp').send(thumbnail.data);
    },
  );

  app.patch(
    '/:id/',
    { schema: { params: SegmentIdParams, body: UpdateSegmentBody, response: { 200: SegmentSchema } } },
    async (req) => {
      const segment = existingSegment(req.params.id);
      const { text_content, image_prompt, is_locked, motion, focus } = req.body;
      const edits = [text_content, image_prompt, motion, focus].some((v) => v !== undefined);
      if (segment.is_locked && edits) {
        throw new BadRequestError('segment_locked', 'Cannot edit a locked segment. Unlock it first.');
      }
      const patch = {
        ...(text_content !== undefined && { text_content }),
        ...(image_prompt !== undefined && { image_prompt }),
        ...(is_locked !== undefined && { is_locked }),
        ...(motion !== undefined && { motion }),
        ...(focus !== undefined && { focus }),
      };
      const updated = Object.keys(patch).length === 0 ? segment : updateSegment(db, segment.id, patch);
      if (updated === undefined) throw new NotFoundError('Segment');
      return toSegmentJson(updated);
    },
  );

  // Its image and audio wait in the trash for the undo window (services/segment-trash.ts).
  app.delete('/:id/', { schema: { params: SegmentIdParams, response: { 204: z.null() } } }, async (req, reply) => {
    unlockedSegment(req.params.id, 'delete');
    const deleted = await deleteSegmentRestorably(trash, req.params.id);
    if (deleted === undefined) throw new NotFoundError('Segment');
    await thumbnails.removeSegment(deleted);
    return reply.status(204).send(null);
  });

  /** Undo of DELETE /api/segments/{id}/ (SPEC §7.8): back at its old place with its image and audio. */
  app.post(
    '/:id/restore/',
    { schema: { params: SegmentIdParams, response: { 200: SegmentSchema } } },
    async (req) => toSegmentJson(await restoreDeletedSegment(trash, req.params.id)),
  );

  /** Undo of DELETE /api/segments/{id}/remove-image/ (SPEC §7.8). */
  app.post(
    '/:id/restore-image/',
    { schema: { params: SegmentIdParams, response: { 200: SegmentSchema } } },
    async (req) => {
      unlockedSegment(req.params.id, 'change the image of');
      return toSegmentJson(await restoreRemovedImage(trash, req.params.id));
    },
  );

  app.post(
    '/:id/upload-image/',
    { schema: { params: SegmentIdParams, response: { 200: UploadImageResponseSchema } } },
    async (req) => {
      const segment = unlockedSegment(req.params.id, 'change the image of');
      const file = await readMultipartFile(req, {
        field: 'image',
        maxBytes: MAX_IMAGE_BYTES,
        what: 'image',
        missingCode: 'no_image_file',
      });
      const updated = await replaceSegmentImage(db, mediaDir, segment, file);
      return { id: updated.id, image_file: toSegmentJson(updated).image_file ?? '', message: 'Image uploaded' };
    },
  );

  app.delete(
    '/:id/remove-image/',
    { schema: { params: SegmentIdParams, response: { 200: RemoveImageResponseSchema } } },
    async (req) => {
      const segment = unlockedSegment(req.params.id, 'remove the image of');
      // The database stops pointing at the file before it moves, so no reader sees a dangling
      // path; the file waits in the trash for the undo window.
      if ((await removeImageRestorably(trash, segment.id)) === undefined) throw new NotFoundError('Segment');
      await thumbnails.removeSegment(segment);
      return { id: segment.id, image_file: null, message: 'Image removed' };
    },
  );

  app.delete(
    '/:id/remove-audio/',
    { schema: { params: SegmentIdParams, response: { 200: RemoveAudioResponseSchema } } },
    async (req) => {
      const segment = unlockedSegment(req.params.id, 'remove the audio of');
      if (setSegmentAudio(db, segment.id, null) === undefined) throw new NotFoundError('Segment');
      await removeMediaFile(mediaDir, segment.audio_file);
      return { id: segment.id, audio_file: null, audio_duration: null, message: 'Audio removed' };
    },
  );
};

