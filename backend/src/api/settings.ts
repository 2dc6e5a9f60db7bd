import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../context.js';
import { getSettings, updateSettings, type Settings } from '../db/settings.js';
import { FieldValidationError } from '../errors.js';
import { SettingsPatchSchema, SettingsSchema, VoiceSchema, type GlobalSettings } from '@storyflow/contract';

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
      await currentSettings(ctx);
      return toSettingsJson(updateSettings(ctx.db, patch));
    },
  );

  app.get('/voices/', { schema: { response: { 200: z.array(VoiceSchema) } } }, async () => ctx.speech.listVoices());
};
