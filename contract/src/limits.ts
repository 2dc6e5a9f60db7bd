/**
 * Every limit the API and the engine enforce, one value each. This module has no
 * imports, so the web app may import its values without pulling zod into the bundle.
 */

/** A JSON request body, which bounds an import (SPEC §2.2). */
export const MAX_IMPORT_BODY_BYTES = 2 * 1024 * 1024;
/** Segments in one import (SPEC §2.2). */
export const MAX_IMPORT_SEGMENTS = 2000;
/** An uploaded image (SPEC §2.3). */
export const MAX_IMAGE_BYTES = 20 * 1024 * 1024;
/** Projects or segments in one page of a list (SPEC §2.1). */
export const PAGE_SIZE = 50;

/**
 * How long a deleted segment or a removed image stays restorable (SPEC §7.8 undo); then
 * its files are removed for good.
 */
export const UNDO_WINDOW_SECONDS = 10 * 60;

/**
 * Widths of the segment thumbnails (GET /api/segments/{id}/thumbnail.webp?w=): the editor
 * asks for DEFAULT_THUMBNAIL_WIDTH, twice its 220 px card column for high-density screens.
 */
export const MIN_THUMBNAIL_WIDTH = 32;
export const MAX_THUMBNAIL_WIDTH = 1024;
export const DEFAULT_THUMBNAIL_WIDTH = 480;

/** A project title after trimming (SPEC §1). */
export const MAX_TITLE_LENGTH = 200;

/**
 * Frame width and height. H.264 in yuv420p needs even sizes; 7680 is 8K UHD, the
 * largest frame x264's levels describe for both orientations of a 16:9 picture.
 */
export const MIN_FRAME_SIZE = 16;
export const MAX_FRAME_SIZE = 7680;
export const MIN_FRAMERATE = 1;
export const MAX_FRAMERATE = 120;

/** Caption text height in pixels per 1080 pixels of the frame's shorter side (scaled with the frame). */
export const CAPTION_SIZE_MIN = 24;
export const CAPTION_SIZE_MAX = 160;
/** Words in one caption (SPEC §7.3): `punchy` takes 1–3, `classic`/`highlight` up to 7. */
export const CAPTION_WORDS_MAX = { punchy: 3, classic: 7, highlight: 7 } as const;

/** Narration pace: 1.0 is the engine's normal speed (SPEC §1 GlobalSettings). */
export const MIN_TTS_SPEED = 0.5;
export const MAX_TTS_SPEED = 2;
/** Ken Burns zoom factor at the end of a segment (SPEC §1 GlobalSettings). */
export const MIN_ZOOM_INTENSITY = 1;
export const MAX_ZOOM_INTENSITY = 2;
/** A subtitle font name. */
export const MAX_SUBTITLE_FONT_LENGTH = 200;

/** An uploaded caption font, .ttf/.otf (SPEC §7.3): large CJK fonts run to ~20 MB. */
export const MAX_FONT_BYTES = 30 * 1024 * 1024;

/** A music upload (SPEC §7.4). */
export const MAX_MUSIC_BYTES = 50 * 1024 * 1024;
/** Music volume before ducking, in dB relative to the file. */
export const MIN_MUSIC_VOLUME_DB = -40;
export const MAX_MUSIC_VOLUME_DB = 6;
export const MAX_MUSIC_FADE_OUT_SECONDS = 10;
/** Integrated loudness targets of the soundtrack in LUFS: streaming, broadcast (SPEC §7.2). */
export const LOUDNESS_TARGETS = [-14, -23] as const;
