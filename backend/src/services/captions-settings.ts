/**
 * The captions part of PATCH /api/projects/{id}/ (SPEC §7.3): `words_per_caption` depends on
 * the style, so it is checked against the style the project will have after the patch.
 */
import { CAPTION_WORDS_MAX, type CaptionsSettings } from '@storyflow/contract';

type CaptionsPatch = { [K in keyof CaptionsSettings]?: CaptionsSettings[K] | undefined };

/**
 * An explicit `words_per_caption` above the (new) style's maximum is refused; a style change
 * alone clamps the stored count to the new style's maximum, so switching to `punchy` just works.
 */
export function resolveCaptionsPatch(
  stored: CaptionsSettings,
  patch: CaptionsPatch | undefined,
): { ok: true; value: CaptionsPatch | undefined } | { ok: false; field: string; message: string } {
  if (patch === undefined) return { ok: true, value: undefined };
  const style = patch.style ?? stored.style;
  const max = CAPTION_WORDS_MAX[style];
  if (patch.words_per_caption !== undefined) {
    if (patch.words_per_caption > max) {
      return { ok: false, field: 'captions.words_per_caption', message: `The "${style}" style takes at most ${max} words per caption.` };
    }
    return { ok: true, value: patch };
  }
  if (stored.words_per_caption > max) return { ok: true, value: { ...patch, words_per_caption: max } };
  return { ok: true, value: patch };
}
