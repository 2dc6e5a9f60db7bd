import fs from 'node:fs/promises';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { CaptionFontListSchema, CaptionFontSchema, FontIdSchema, MAX_FONT_BYTES } from '@storyflow/contract';
import type { AppContext } from '../context.js';
import { NotFoundError } from '../errors.js';
import { addUploadedFont, deleteUploadedFont, listCaptionFonts, resolveCaptionFont } from '../services/caption-fonts.js';
import { readMultipartFile } from './multipart.js';

const FontIdParams = z.object({ id: FontIdSchema });

/** SPEC §7.3 caption fonts: the bundled ones and the user's .ttf/.otf uploads. */
export const fontRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  const { dataDir } = ctx.config;

  app.get('/', { schema: { response: { 200: CaptionFontListSchema } } }, async () => listCaptionFonts(dataDir));

  app.post('/', { schema: { response: { 201: CaptionFontSchema } } }, async (req, reply) => {
    const upload = await readMultipartFile(req, { field: 'font', maxBytes: MAX_FONT_BYTES, what: 'font', missingCode: 'invalid_font' });
    return reply.status(201).send(await addUploadedFont(dataDir, upload.data));
  });

  app.delete('/:id', { schema: { params: FontIdParams, response: { 204: z.null() } } }, async (req, reply) => {
    await deleteUploadedFont(dataDir, req.params.id);
    return reply.status(204).send(null);
  });

  app.get(
    '/:id/file',
    { schema: { params: FontIdParams, response: { 200: z.any().describe('The font file (font/ttf or font/otf)') } } },
    async (req, reply) => {
      const file = await resolveCaptionFont(dataDir, req.params.id);
      if (file === null) throw new NotFoundError('Font');
      const data = await fs.readFile(file);
      return reply
        .type(file.endsWith('.otf') ? 'font/otf' : 'font/ttf')
        .header('cache-control', 'private, max-age=3600')
        .send(data);
    },
  );
};
