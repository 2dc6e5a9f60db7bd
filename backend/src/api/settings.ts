import fs from 'node:fs';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../context.js';
import { getSettings, updateSettings, type Settings } from '../db/settings.js';
import { applySettingsVoiceChange } from '../services/project-voice.js';
import { DependencyError, FieldValidationError, NotFoundError } from '../errors.js';
import {
  NaturalVoicesStatusSchema,
  SettingsPatchSchema,
  SettingsSchema,
  VoiceSchema,
  type GlobalSettings,
} from '@storyflow/contract';

async function currentSettings(ctx: AppContext): Promise<Settings> {
  // Created on first read with the best available engine's default voice (SPEC §1).
  return getSettings(ctx.db, await ctx.speech.defaultVoiceId());
}

function toSettingsJson(s: Settings): GlobalSettings {
  return { ...s, default_voice_id: s.default_voice_id ?? '' };
}

/** SPEC §1 GlobalSettings and §2.4 voices. */
export const settingsRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  app.get('/', { schema: { response: { 200: SettingsSchema } } }, async () => toSettingsJson(await currentSettings(ctx)));

  app.patch(
    '/',
    { schema: { body: SettingsPatchSchema, response: { 200: SettingsSchema } } },
    async (req) => {
      const patch = req.body;
      if (patch.default_voice_id !== undefined) {
        const voices = await ctx.speech.listVoices();
        if (!voices.some((v) => v.id === patch.default_voice_id)) {
          throw new FieldValidationError({
            default_voice_id: [`"${patch.default_voice_id}" is not an available voice; see GET /api/settings/voices/`],
          });
        }
      }
      const before = await currentSettings(ctx);
      const after = updateSettings(ctx.db, patch);
      applySettingsVoiceChange(ctx.db, before, after);
      return toSettingsJson(after);
    },
  );

  app.get('/voices/', { schema: { response: { 200: z.array(VoiceSchema) } } }, async () => ctx.speech.listVoices());

  /** "Play sample": a short WAV of the voice, synthesised once and cached. */
  app.get('/voices/:id/sample/', { schema: { params: z.object({ id: z.string().min(1) }) } }, async (req, reply) => {
    const voice = (await ctx.speech.listVoices()).find((v) => v.id === req.params.id);
    if (voice === undefined) throw new NotFoundError('Voice');
    let file: string;
    try {
      file = await ctx.voiceSamples.sampleFile(voice);
    } catch (err) {
      req.log.error({ err, voiceId: voice.id }, 'voice sample failed');
      throw new DependencyError('speech_unavailable', `The sample of ${voice.name} could not be made: ${err instanceof Error ? err.message : String(err)}`, 503);
    }
    return reply.type('audio/wav').header('Cache-Control', 'private, max-age=86400').send(fs.createReadStream(file));
  });

  app.get('/natural-voices/', { schema: { response: { 200: NaturalVoicesStatusSchema } } }, async () =>
    ctx.naturalVoices.status(),
  );

  /** SPEC §7.7: starts the Kokoro download in the background; poll GET …/natural-voices/. */
  app.post(
    '/natural-voices/download/',
    { schema: { response: { 200: NaturalVoicesStatusSchema, 202: NaturalVoicesStatusSchema } } },
    async (_req, reply) => {
      const status = await ctx.naturalVoices.start();
      return reply.status(status.state === 'installed' ? 200 : 202).send(status);
    },
  );
};
