import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../context.js';
import { removeProjectMusic, replaceProjectMusic } from '../services/project-music.js';
import { MAX_MUSIC_BYTES, ProjectIdParams, UploadMusicResponse } from '@storyflow/contract';
import { readMultipartFile } from './multipart.js';
import { toMusicJson } from './serializers.js';

/** SPEC §7.4: POST/DELETE /api/projects/{id}/music/. Volume, loop and fade change by PATCH of the project. */
export const musicRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  const { db, config } = ctx;

  app.post(
    '/:id/music/',
    { schema: { params: ProjectIdParams, response: { 201: UploadMusicResponse } } },
    async (req, reply) => {
      const upload = await readMultipartFile(req, {
        field: 'music',
        maxBytes: MAX_MUSIC_BYTES,
        what: 'music',
        missingCode: 'music_file_missing',
      });
      // The bundled 2018 FFmpeg only resamples the WAV a maintained WASM decoder wrote (its
      // "N-…" version string would pass a version check); no FFmpeg at all makes the decoder
      // refuse with the install hint.
      const ffmpeg = ctx.tools.ffmpeg;
      const project = await replaceProjectMusic(
        db,
        config.mediaDir,
        ffmpeg.ok ? ffmpeg.path : '',
        req.params.id,
        upload,
        ffmpeg.ok && ffmpeg.source === 'bundled' ? 'wasm' : undefined,
      );
      const music = toMusicJson(project.music);
      if (music === null) throw new Error('The music was stored but the project has none');
      return reply.status(201).send({ music });
    },
  );

  app.delete('/:id/music/', { schema: { params: ProjectIdParams, response: { 204: z.null() } } }, async (req, reply) => {
    await removeProjectMusic(db, config.mediaDir, req.params.id);
    return reply.status(204).send(null);
  });
};
