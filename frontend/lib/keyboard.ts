// Keyboard steps for the custom widgets (WAI-ARIA Authoring Practices: slider, radio group).

/** Seconds moved by the arrow keys and by Page Up / Page Down on an audio seek bar. */
export const SEEK_STEP_SECONDS = 1;
export const SEEK_PAGE_SECONDS = 10;

/** Where a key sends the playhead of a `duration`-second clip; null when the key is not a seek key. */
export function seekTargetForKey(key: string, current: number, duration: number): number | null {
  const clamp = (t: number) => Math.min(Math.max(t, 0), Math.max(duration, 0));
  switch (key) {
    case 'ArrowLeft':
    case 'ArrowDown':
      return clamp(current - SEEK_STEP_SECONDS);
    case 'ArrowRight':
    case 'ArrowUp':
      return clamp(current + SEEK_STEP_SECONDS);
    case 'PageDown':
      return clamp(current - SEEK_PAGE_SECONDS);
    case 'PageUp':
      return clamp(current + SEEK_PAGE_SECONDS);
    case 'Home':
      return 0;
    case 'End':
      return clamp(duration);
    default:
      return null;
  }
}

/** The option a key moves to in a radio group of `count` (wrapping round); null for other keys. */
export function radioIndexForKey(key: string, index: number, count: number): number | null {
  if (count === 0) return null;
  switch (key) {
    case 'ArrowRight':
    case 'ArrowDown':
      return (index + 1) % count;
    case 'ArrowLeft':
    case 'ArrowUp':
      return (index - 1 + count) % count;
    case 'Home':
      return 0;
    case 'End':
      return count - 1;
    default:
      return null;
  }
}
