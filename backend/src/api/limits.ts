/** Limits a request may not exceed (SPEC 2.2, 2.3). */
export const MAX_IMPORT_BODY_BYTES = 2 * 1024 * 1024;
export const MAX_IMPORT_SEGMENTS = 2000;
export const MAX_IMAGE_BYTES = 20 * 1024 * 1024;
export const PAGE_SIZE = 50;
/** SPEC §7.4: music uploads up to 50 MB. */
export const MAX_MUSIC_BYTES = 50 * 1024 * 1024;
