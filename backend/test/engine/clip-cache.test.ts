import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ClipCache, clipKey, type ClipKeyInput } from '../../src/engine/clip-cache.js';
import { makeTempDir } from '../helper.js';

const picture = { imageHash: 'a'.repeat(64), motion: 'center_center' as const, focus: null, spanFrames: 30, offset: 0 };
const base: ClipKeyInput = {
  width: 1920,
  height: 1080,
  fps: 30,
  zoomIntensity: 1.3,
  frameCount: 30,
  quality: 'standard',
  encoderArgs: ['-preset', 'veryfast', '-crf', '20'],
  picture,
  transition: { kind: 'crossfade', frames: 15, outgoing: { ...picture, imageHash: 'b'.repeat(64), offset: 20 } },
};

describe('clipKey', () => {
  it('changes with every input that affects a clip’s pixels', () => {
    const variants: [string, ClipKeyInput][] = [
      ['image content', { ...base, picture: { ...picture, imageHash: 'c'.repeat(64) } }],
      ['motion', { ...base, picture: { ...picture, motion: 'still' } }],
      ['focus', { ...base, picture: { ...picture, focus: { x: 0.2, y: 0.7 } } }],
      ['zoom', { ...base, zoomIntensity: 1.5 }],
      ['frame count', { ...base, frameCount: 31 }],
      ['motion span', { ...base, picture: { ...picture, spanFrames: 31 } }],
      ['width', { ...base, width: 1280 }],
      ['height', { ...base, height: 1920 }],
      ['fps', { ...base, fps: 25 }],
      ['quality', { ...base, quality: 'high' }],
      ['encoder args', { ...base, encoderArgs: ['-preset', 'medium', '-crf', '20'] }],
      ['transition kind', { ...base, transition: { ...base.transition!, kind: 'fade_black' } }],
      ['transition length', { ...base, transition: { ...base.transition!, frames: 9 } }],
      ['neighbour image', { ...base, transition: { ...base.transition!, outgoing: { ...picture, imageHash: 'd'.repeat(64), offset: 20 } } }],
      ['neighbour span', { ...base, transition: { ...base.transition!, outgoing: { ...picture, imageHash: 'b'.repeat(64), offset: 21 } } }],
      ['no transition', { ...base, transition: null }],
    ];
    const keys = new Set([clipKey(base), ...variants.map(([, v]) => clipKey(v))]);
    expect(keys.size).toBe(variants.length + 1);
    expect(clipKey({ ...base })).toBe(clipKey(base));
  });
});

describe('ClipCache', () => {
  function cacheIn(root: string, frames: number | null, maxBytes?: number) {
    return new ClipCache({ root, namespace: 'project-1', maxBytes, countFrames: async () => frames });
  }

  async function put(cache: ClipCache, key: string, bytes: number): Promise<string> {
    const partial = path.join(await cache.partialFolder(), 'clip-0.mp4');
    fs.writeFileSync(partial, Buffer.alloc(bytes, 1));
    const stored = await cache.store(key, partial, 10);
    fs.rmSync(path.dirname(partial), { recursive: true });
    return stored;
  }

  it('returns a stored clip whose size and frame count still match, and survives a new instance', async () => {
    const root = makeTempDir();
    const clip = await put(cacheIn(root, 10), 'k1', 100);
    expect(await cacheIn(root, 10).lookup('k1', 10)).toBe(clip);
    expect(fs.readdirSync(path.join(root, 'project-1')).sort()).toEqual(['k1.json', 'k1.mp4']);
  });

  it('drops a truncated clip, one with the wrong frame count, or one with no record', async () => {
    const root = makeTempDir();
    const cache = cacheIn(root, 10);
    const clip = await put(cache, 'k1', 100);
    fs.truncateSync(clip, 50);
    expect(await cache.lookup('k1', 10)).toBeNull();
    expect(fs.existsSync(clip)).toBe(false);

    await put(cache, 'k2', 100);
    expect(await cacheIn(root, 9).lookup('k2', 10)).toBeNull();

    fs.writeFileSync(cache.clipPath('k3'), 'x');
    expect(await cache.lookup('k3', 10)).toBeNull();
  });

  it('evicts the least recently used clips of every project until the bound holds, never the kept ones', async () => {
    const root = makeTempDir();
    const other = new ClipCache({ root, namespace: 'project-2', maxBytes: 250, countFrames: async () => 10 });
    const cache = cacheIn(root, 10, 250);
    const old = await put(other, 'old', 100);
    const mid = await put(cache, 'mid', 100);
    const kept = await put(cache, 'kept', 100);
    fs.utimesSync(old, new Date(1000), new Date(1000));
    fs.utimesSync(kept, new Date(2000), new Date(2000));
    fs.utimesSync(mid, new Date(3000), new Date(3000));
    await cache.evict(new Set([kept]));
    expect([old, mid, kept].map((f) => fs.existsSync(f))).toEqual([false, true, true]);
  });
});
