import type { CaptionsSettings, Segment } from '@storyflow/contract';

type PreviewInputs = {
  captions: CaptionsSettings;
  width: number;
  height: number;
  segment: Pick<Segment, 'id' | 'updated_at' | 'image_file' | 'audio_file' | 'motion' | 'focus'>;
};

/**
 * A short hash of everything that changes a segment's still (caption settings, frame size,
 * the segment's media and motion), for the preview URL's `v`: the browser reloads the
 * picture exactly when one of them changed, and reuses its cached copy otherwise.
 */
export function previewVersion({ captions, width, height, segment }: PreviewInputs): string {
  const keys = Object.keys(captions).sort() as (keyof CaptionsSettings)[];
  const text = JSON.stringify([
    keys.map((k) => {
      const value = captions[k];
      return [k, typeof value === 'string' ? value.toLowerCase() : value];
    }),
    width,
    height,
    segment.id,
    segment.updated_at,
    segment.image_file,
    segment.audio_file,
    segment.motion,
    segment.focus,
  ]);
  return fnv1a(text);
}

/** FNV-1a, 32 bits, as 8 hex digits: not for security, only to tell settings apart. */
function fnv1a(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0).toString(16).padStart(8, '0');
}

/** A moment when the segment's first caption is on screen: the middle of its first word, else the first second. */
export function firstCaptionSeconds(segment: Pick<Segment, 'word_timings' | 'audio_duration'>): number {
  const first = segment.word_timings?.[0];
  const seconds = first ? (first.start + first.end) / 2 : Math.min(1, (segment.audio_duration ?? 0) / 2);
  return Math.round(seconds * 10) / 10;
}
