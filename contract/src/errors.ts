import { z } from 'zod';

/**
 * The stable `code` of every error body the API sends (`{error, code, details?}`, or a
 * field map plus `code` for field validation). `error` is words for people and may be
 * reworded; clients decide by `code`.
 */
export const ERROR_CODES = [
  // The request itself
  'validation_failed',
  'malformed_json',
  'body_too_large',
  'file_too_large',
  'unsupported_media_type',
  'bad_request',
  'route_not_found',
  'method_not_allowed',
  'invalid_page',
  'range_not_satisfiable',
  'forbidden_host',
  'cross_origin',
  'cross_site',
  'malformed_multipart',
  'invalid_unicode',
  // The web server could not reach the API server (frontend/api-forward.mjs)
  'api_unreachable',
  // Projects and segments
  'project_not_found',
  'segment_not_found',
  'task_not_found',
  'segment_locked',
  'project_rendering',
  'invalid_segment_order',
  'invalid_segment_position',
  // Undo (SPEC §7.8): nothing deleted to restore (never deleted, or the undo window passed)
  'nothing_to_restore',
  // Undo of an image removal when the segment has an image again
  'restore_conflict',
  'no_image_file',
  'invalid_image',
  'segment_has_no_image',
  // Import
  'import_empty',
  'import_missing_segments',
  'import_invalid_segment',
  'import_missing_text',
  'import_missing_raw_text',
  'import_too_many_segments',
  // Speech
  'speech_unavailable',
  'empty_text',
  'voice_not_found',
  // Natural voices download (the `error_code` of GET /api/settings/natural-voices/)
  'models_manifest_incomplete',
  'models_offline',
  'models_http_error',
  'models_connection_lost',
  'models_size_mismatch',
  'models_checksum_mismatch',
  'models_download_failed',
  // Render
  'project_not_ready',
  'render_in_progress',
  'not_rendering',
  'ffmpeg_missing',
  'preview_in_progress',
  // Music (SPEC §7.4)
  'music_file_missing',
  'music_unsupported_format',
  'music_corrupt',
  'music_truncated',
  'music_too_long',
  'music_empty',
  'music_decode_timeout',
  'music_decoder_missing',
  // Caption fonts (SPEC §7.3)
  'invalid_font',
  'font_not_found',
  'font_bundled',
  /** The captions cannot be drawn with the chosen font (missing glyphs, font deleted). */
  'caption_font',
  // The server's own fault
  'internal_error',
] as const;
export const ErrorCodeSchema = z.enum(ERROR_CODES);
export type ErrorCode = z.infer<typeof ErrorCodeSchema>;

/** `{error, code, details?}` for whole-request failures; some carry extra keys (SPEC §2.6: project_id, status). */
export const ApiErrorBodySchema = z.looseObject({
  error: z.string(),
  code: ErrorCodeSchema,
  details: z.unknown().optional(),
});
export type ApiErrorBody = z.infer<typeof ApiErrorBodySchema>;

/** `{"<field>": ["message", ...]}` for field validation (SPEC §2). */
export type FieldErrors = Record<string, string[]>;

/** A field-validation 400: the SPEC's field map plus `code: "validation_failed"`. */
export const FieldErrorsBodySchema = z
  .object({ code: z.literal('validation_failed') })
  .catchall(z.array(z.string()));

/**
 * Why a render ended without a video: `error_code` of the render status, stored on the
 * project beside `render_error`.
 */
export const RENDER_ERROR_CODES = [
  'cancelled',
  'interrupted',
  'ffmpeg_missing',
  'invalid_settings',
  'segment_image',
  'segment_audio',
  'encoder',
  /** Building the soundtrack failed (music decoding, mixing, loudness). */
  'soundtrack',
  /** A caption has characters the chosen font has no glyphs for, or the font file is unusable. */
  'caption_font',
  'internal',
] as const;
export const RenderErrorCodeSchema = z.enum(RENDER_ERROR_CODES);
export type RenderErrorCode = z.infer<typeof RenderErrorCodeSchema>;
