import { z } from 'zod';
import { ErrorCodeSchema } from './errors.js';
import {
  MAX_SUBTITLE_FONT_LENGTH,
  MAX_TTS_SPEED,
  MAX_ZOOM_INTENSITY,
  MIN_TTS_SPEED,
  MIN_ZOOM_INTENSITY,
} from './limits.js';

/** SPEC §1 GlobalSettings as the API shows it. */
export const SettingsSchema = z.object({
  default_voice_id: z.string(),
  tts_speed: z.number(),
  zoom_intensity: z.number(),
  subtitle_font: z.string(),
  subtitle_color: z.string(),
});
export type GlobalSettings = z.infer<typeof SettingsSchema>;

const between = (min: number, max: number) => `Must be between ${min.toFixed(1)} and ${max.toFixed(1)}`;

/** PATCH body: every field optional; ranges per SPEC §1. Unknown keys are ignored. */
export const SettingsPatchSchema = z.object({
  default_voice_id: z.string().min(1, 'Choose a voice').optional(),
  tts_speed: z
    .number()
    .min(MIN_TTS_SPEED, between(MIN_TTS_SPEED, MAX_TTS_SPEED))
    .max(MAX_TTS_SPEED, between(MIN_TTS_SPEED, MAX_TTS_SPEED))
    .optional(),
  zoom_intensity: z
    .number()
    .min(MIN_ZOOM_INTENSITY, between(MIN_ZOOM_INTENSITY, MAX_ZOOM_INTENSITY))
    .max(MAX_ZOOM_INTENSITY, between(MIN_ZOOM_INTENSITY, MAX_ZOOM_INTENSITY))
    .optional(),
  subtitle_font: z.string().max(MAX_SUBTITLE_FONT_LENGTH, `At most ${MAX_SUBTITLE_FONT_LENGTH} characters`).optional(),
  subtitle_color: z
    .string()
    .regex(/^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$/, 'Must be a hex colour such as #FFFFFF')
    .optional(),
});
export type UpdateSettingsRequest = z.input<typeof SettingsPatchSchema>;

export const VoiceSchema = z.object({
  id: z.string(),
  name: z.string(),
  engine: z.string(),
  language: z.string(),
  /** The group the voice is listed under, e.g. "English (US)". */
  language_name: z.string(),
  gender: z.string().optional(),
});
export type Voice = z.infer<typeof VoiceSchema>;

/** GET /api/settings/natural-voices/ and the 202 of POST …/natural-voices/download/ (SPEC §7.7). */
export const NaturalVoicesStatusSchema = z.object({
  state: z.enum(['not_installed', 'downloading', 'installed', 'failed']),
  bytes_done: z.number().int(),
  bytes_total: z.number().int(),
  percentage: z.number(),
  current_file: z.string().nullable(),
  /** Why the last download failed, in plain words, and its stable code (MODELS_OFFLINE, …). */
  error: z.string().nullable(),
  error_code: ErrorCodeSchema.nullable(),
});
export type NaturalVoicesStatus = z.infer<typeof NaturalVoicesStatusSchema>;
