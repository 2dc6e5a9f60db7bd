import { z } from 'zod';
// In limits.ts so the web app can read them without zod; the index exports them from there.
import { CAPTION_SIZE_MAX, CAPTION_SIZE_MIN } from './limits.js';

/** The seven Ken Burns presets of SPEC §3 in SPEC order, and `still` (SPEC §7.1). */
export const MOTIONS = [
  'center_center',
  'top_left_bottom_right',
  'bottom_right_top_left',
  'top_right_bottom_left',
  'bottom_left_top_right',
  'center_top_left',
  'center_bottom_right',
  'still',
] as const;
export type Motion = (typeof MOTIONS)[number];

/** SPEC §7.1 output formats: each aspect with the frame sizes offered for it (the first is its default). */
export const FORMAT_PRESETS = {
  '16:9': [
    { width: 1920, height: 1080 },
    { width: 1280, height: 720 },
    { width: 3840, height: 2160 },
  ],
  '9:16': [{ width: 1080, height: 1920 }],
  '1:1': [{ width: 1080, height: 1080 }],
  '4:5': [{ width: 1080, height: 1350 }],
} as const satisfies Record<string, readonly { width: number; height: number }[]>;

export type Aspect = keyof typeof FORMAT_PRESETS;
export const ASPECTS = Object.keys(FORMAT_PRESETS) as [Aspect, ...Aspect[]];
export const FRAMERATES = [24, 25, 30, 50, 60] as const;
export const QualitySchema = z.enum(['draft', 'standard', 'high']);
export type Quality = z.infer<typeof QualitySchema>;
export const TransitionSchema = z.enum(['cut', 'crossfade', 'fade_black']);
export type Transition = z.infer<typeof TransitionSchema>;
export const MotionSchema = z.enum(MOTIONS);
export const FocusSchema = z.object({ x: z.number().min(0).max(1), y: z.number().min(0).max(1) });
export type FocusPoint = z.infer<typeof FocusSchema>;

/** The aspect a frame size belongs to, or undefined when it is no preset. */
export function aspectOfSize(width: number, height: number): Aspect | undefined {
  return ASPECTS.find((a) => FORMAT_PRESETS[a].some((p) => p.width === width && p.height === height));
}

/**
 * SPEC §7.3 caption styles: `punchy` 1–3 words on one line, `classic` up to 7 words / 42
 * characters on at most 2 lines, `highlight` chunks like classic and recolours the word being spoken.
 */
export const CAPTION_STYLES = ['punchy', 'classic', 'highlight'] as const;
export const CaptionStyleSchema = z.enum(CAPTION_STYLES);
export type CaptionStyle = z.infer<typeof CaptionStyleSchema>;
export const CAPTION_POSITIONS = ['bottom', 'middle', 'top'] as const;
export const CaptionPositionSchema = z.enum(CAPTION_POSITIONS);
export type CaptionPosition = z.infer<typeof CaptionPositionSchema>;

/** A font is a bundled one (`bundled:<name>`) or an uploaded one (`upload:<sha256 prefix>`). */
export const FontIdSchema = z.string().regex(/^(bundled|upload):[a-z0-9-]{1,64}$/, 'Not a font id.');
const ColorSchema = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'A colour is #RRGGBB.');

/** SPEC §7.3 captions: burned into the picture and written as SRT/VTT. */
export const CaptionsSettingsSchema = z.object({
  enabled: z.boolean(),
  style: CaptionStyleSchema,
  position: CaptionPositionSchema,
  font: FontIdSchema,
  size: z.number().int().min(CAPTION_SIZE_MIN).max(CAPTION_SIZE_MAX),
  color: ColorSchema,
  outline_color: ColorSchema,
  highlight_color: ColorSchema,
  words_per_caption: z.number().int().min(1).max(7),
});
export type CaptionsSettings = z.infer<typeof CaptionsSettingsSchema>;

/** New projects and projects made before captions (SPEC §7.3: on by default). */
export const DEFAULT_CAPTIONS: CaptionsSettings = {
  enabled: true,
  style: 'classic',
  position: 'bottom',
  font: 'bundled:noto-sans',
  size: 64,
  color: '#FFFFFF',
  outline_color: '#000000',
  highlight_color: '#FFD400',
  words_per_caption: 7,
};

/** A font captions can use: GET /api/fonts/ lists them, POST /api/fonts/ (multipart `font`, .ttf/.otf) adds one. */
export const CaptionFontSchema = z.object({
  id: FontIdSchema,
  /** The family name read from the font file. */
  name: z.string(),
  bundled: z.boolean(),
  /** Scripts the font has glyphs for, e.g. ["Latin", "Cyrillic", "Greek", "Arabic"]. */
  scripts: z.array(z.string()),
  /** Where the browser can load the file, for a preview in the font picker. */
  url: z.string(),
});
export type CaptionFont = z.infer<typeof CaptionFontSchema>;
export const CaptionFontListSchema = z.array(CaptionFontSchema);

/** The render-settings part of PATCH /api/projects/{id}/ (voice and music fields live beside it). */
export const RenderSettingsPatchFields = {
  aspect: z.enum(ASPECTS).optional(),
  resolution_width: z.number().int('A whole number is required.').optional(),
  resolution_height: z.number().int('A whole number is required.').optional(),
  framerate: z
    .number()
    .refine((n) => (FRAMERATES as readonly number[]).includes(n), `Must be one of ${FRAMERATES.join(', ')}.`)
    .optional(),
  quality: QualitySchema.optional(),
  transition: TransitionSchema.optional(),
  transition_seconds: z.number().min(0.1, 'Ensure this value is at least 0.1.').max(2, 'Ensure this value is at most 2.').optional(),
  segment_pause_seconds: z.number().min(0, 'Ensure this value is at least 0.').max(3, 'Ensure this value is at most 3.').optional(),
  /** Any subset of the captions settings; `words_per_caption` above the style's maximum is a 400. */
  captions: CaptionsSettingsSchema.partial().strict().optional(),
};

type FormatFields = { aspect?: Aspect | undefined; resolution_width?: number | undefined; resolution_height?: number | undefined };

/**
 * Aspect and size must name one preset. Only an aspect → its default size; only a size →
 * the aspect it belongs to. Returns the three columns to store, or a field error.
 */
export function resolveFormat(
  patch: FormatFields,
): { ok: true; value: { aspect: Aspect; resolution_width: number; resolution_height: number } | null } | { ok: false; field: string; message: string } {
  const { aspect, resolution_width: w, resolution_height: h } = patch;
  if (aspect === undefined && w === undefined && h === undefined) return { ok: true, value: null };
  if ((w === undefined) !== (h === undefined)) {
    return { ok: false, field: w === undefined ? 'resolution_width' : 'resolution_height', message: 'Give the width and the height together.' };
  }
  if (w === undefined || h === undefined) {
    const preset = FORMAT_PRESETS[aspect as Aspect][0];
    return { ok: true, value: { aspect: aspect as Aspect, resolution_width: preset.width, resolution_height: preset.height } };
  }
  const sizeAspect = aspectOfSize(w, h);
  if (sizeAspect === undefined || (aspect !== undefined && aspect !== sizeAspect)) {
    const offered = (aspect === undefined ? ASPECTS : [aspect])
      .flatMap((a) => FORMAT_PRESETS[a].map((p) => `${p.width}×${p.height}`))
      .join(', ');
    return { ok: false, field: 'resolution_width', message: `${w}×${h} is not an offered size${aspect ? ` for ${aspect}` : ''}: ${offered}.` };
  }
  return { ok: true, value: { aspect: sizeAspect, resolution_width: w, resolution_height: h } };
}
