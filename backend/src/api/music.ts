import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../context.js';
import { removeProjectMusic, replaceProjectMusic } from '../services/project-music.js';
import { MAX_MUSIC_BYTES, ProjectIdParams, UploadMusicResponse } from '@storyflow/contract';
import { AppError } from '../errors.js';
import { toMusicJson } from './serializers.js';

function noMusicFile(): AppError {
  return new AppError(400, 'music_file_missing', 'No music file', 'Send the music as multipart/form-data in the field "music"');
}

/** SPEC §7.4: POST/DELETE /api/projects/{id}/music/. Volume, loop and fade change by PATCH of the project. */
export const musicRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  const { db, config } = ctx;

  app.post(
    '/:id/music/',
    { schema: { params: ProjectIdParams, response: { 201: UploadMusicResponse } } },
    async (req, reply) => {
      if (!req.isMultipart()) throw noMusicFile();
      const file = await req.file({ limits: { fileSize: MAX_MUSIC_BYTES, files: 1 } });
      if (file === undefined || file.fieldname !== 'music') throw noMusicFile();
      const project = await replaceProjectMusic(db, config.mediaDir, config.ffmpegPath, req.params.id, {
        filename: file.filename,
        stream: file.file,
      });
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
