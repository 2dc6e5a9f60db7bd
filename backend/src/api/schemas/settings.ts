import { z } from 'zod';

/** SPEC §1 GlobalSettings as the API shows it. */
export const SettingsSchema = z.object({
  default_voice_id: z.string(),
  tts_speed: z.number(),
  zoom_intensity: z.number(),
  subtitle_font: z.string(),
  subtitle_color: z.string(),
});
export type SettingsJson = z.infer<typeof SettingsSchema>;

/** PATCH body: every field optional; ranges per SPEC §1. Unknown keys are ignored. */
export const SettingsPatchSchema = z.object({
  default_voice_id: z.string().min(1, 'Choose a voice').optional(),
  tts_speed: z.number().min(0.5, 'Must be between 0.5 and 2.0').max(2, 'Must be between 0.5 and 2.0').optional(),
  zoom_intensity: z.number().min(1, 'Must be between 1.0 and 2.0').max(2, 'Must be between 1.0 and 2.0').optional(),
  subtitle_font: z.string().max(200, 'At most 200 characters').optional(),
  subtitle_color: z
    .string()
    .regex(/^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$/, 'Must be a hex colour such as #FFFFFF')
    .optional(),
});

export const VoiceSchema = z.object({
  id: z.string(),
  name: z.string(),
  engine: z.string(),
  language: z.string(),
  language_name: z.string(),
  gender: z.string().optional(),
});

/** GET /api/settings/natural-voices/ and the 202 of POST …/natural-voices/download/. */
export const NaturalVoicesStatusSchema = z.object({
  state: z.enum(['not_installed', 'downloading', 'installed', 'failed']),
  bytes_done: z.number().int(),
  bytes_total: z.number().int(),
  percentage: z.number(),
  current_file: z.string().nullable(),
  error: z.string().nullable(),
  error_code: z.string().nullable(),
});
export type NaturalVoicesStatusJson = z.infer<typeof NaturalVoicesStatusSchema>;
