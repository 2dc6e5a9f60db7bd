import { describe, expect, it } from 'vitest';
import type { PreparedImage } from '../../src/engine/images.js';
import { PreparedImages } from '../../src/engine/prepared-images.js';

const image = (segment: number): PreparedImage => ({ id: segment, rgb: new Uint8Array([segment]), width: 1, height: 1, cover: { width: 1, height: 1 } });

describe('PreparedImages', () => {
  it('prepares each segment’s image once however many clips show it, and forgets it after the last', async () => {
    const prepared: number[] = [];
    // Picture 0, crossfade 0→1, picture 1, crossfade 1→2, picture 2.
    const clips = [[0], [0, 1], [1], [1, 2], [2]];
    const images = new PreparedImages(clips, (s) => {
      prepared.push(s);
      return Promise.resolve(image(s));
    });
    for (const segments of clips) for (const s of segments) expect((await images.take(s)).rgb[0]).toBe(s);
    expect(prepared).toEqual([0, 1, 2]);
    // Every use was counted down, so nothing is held any more: a further take prepares afresh.
    await images.take(1);
    expect(prepared).toEqual([0, 1, 2, 1]);
  });

  it('hands a failed preparation to every clip that takes it, without an unhandled rejection', async () => {
    const images = new PreparedImages([[3], [3]], () => Promise.reject(new Error('broken')));
    const first = images.take(3);
    await new Promise((resolve) => setTimeout(resolve, 10));
    await expect(first).rejects.toThrow('broken');
    await expect(images.take(3)).rejects.toThrow('broken');
  });
});
