/**
 * Each segment's image prepared once per render. With transitions as clips of their own a
 * segment's picture appears in up to three clips in a row (the transition into it, its own
 * clip, the transition out of it); decoding and resizing a large photo three times would
 * cost more than a short transition's encode. An image is dropped as soon as the last clip
 * that shows it has taken it, so a long render holds two or three at a time, not all.
 */
import type { PreparedImage } from './images.js';

export class PreparedImages {
  private readonly uses = new Map<number, number>();
  private readonly images = new Map<number, Promise<PreparedImage>>();

  /** `segmentsShown`: for every clip still to be prepared, the segments whose pictures it draws. */
  constructor(
    segmentsShown: readonly (readonly number[])[],
    private readonly prepare: (segment: number) => Promise<PreparedImage>,
  ) {
    for (const segments of segmentsShown) for (const s of segments) this.uses.set(s, (this.uses.get(s) ?? 0) + 1);
  }

  take(segment: number): Promise<PreparedImage> {
    let image = this.images.get(segment);
    if (image === undefined) {
      image = this.prepare(segment);
      // A failure reaches whichever clip awaits it; until then it must not count as unhandled.
      image.catch(() => undefined);
      this.images.set(segment, image);
    }
    const left = (this.uses.get(segment) ?? 1) - 1;
    this.uses.set(segment, left);
    if (left <= 0) this.images.delete(segment);
    return image;
  }
}
