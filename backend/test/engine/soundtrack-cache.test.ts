import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { hashFile } from '../../src/engine/file-hash.js';
import { SoundtrackCache, soundtrackKey, type SoundtrackKeyInput } from '../../src/engine/soundtrack-cache.js';
import { makeTempDir } from '../helper.js';
import { RATE, noise, writePcmWav } from './timeline-media.js';

const narration = { audioHash: 'a'.repeat(64), startFrame: 0, durationSeconds: 2.5 };
const base: SoundtrackKeyInput = {
  fps: 30,
  totalFrames: 160,
  narrations: [narration, { audioHash: 'b'.repeat(64), startFrame: 84, durationSeconds: 2.5 }],
  music: { audioHash: 'c'.repeat(64), volumeDb: -12, loop: true, fadeOutSeconds: 2 },
  loudnessTargetLufs: -14,
};

describe('soundtrackKey', () => {
  it('changes with every input the soundtrack is made from', () => {
    const second = base.narrations[1]!;
    const variants: [string, SoundtrackKeyInput][] = [
      ['fps', { ...base, fps: 25 }],
      ['length', { ...base, totalFrames: 161 }],
      ['narration content', { ...base, narrations: [{ ...narration, audioHash: 'd'.repeat(64) }, second] }],
      ['narration offset', { ...base, narrations: [narration, { ...second, startFrame: 85 }] }],
      ['narration length', { ...base, narrations: [narration, { ...second, durationSeconds: 2.4 }] }],
      ['order', { ...base, narrations: [second, narration] }],
      ['one narration fewer', { ...base, narrations: [narration] }],
      ['no music', { ...base, music: null }],
      ['music content', { ...base, music: { ...base.music!, audioHash: 'e'.repeat(64) } }],
      ['music volume', { ...base, music: { ...base.music!, volumeDb: -18 } }],
      ['music loop', { ...base, music: { ...base.music!, loop: false } }],
      ['music fade-out', { ...base, music: { ...base.music!, fadeOutSeconds: 1 } }],
      ['loudness target', { ...base, loudnessTargetLufs: -23 }],
    ];
    const keys = new Set([soundtrackKey(base), ...variants.map(([, v]) => soundtrackKey(v))]);
    expect(keys.size).toBe(variants.length + 1);
    expect(soundtrackKey(structuredClone(base))).toBe(soundtrackKey(base));
  });
});

describe('SoundtrackCache', () => {
  it('returns a stored soundtrack only while it has the bytes it was stored with', async () => {
    const dir = makeTempDir();
    const cache = new SoundtrackCache(path.join(dir, 'cache'));
    const encoded = path.join(dir, 'encoded.m4a');
    fs.writeFileSync(encoded, Buffer.from(noise(RATE, 1).buffer));
    const stored = await cache.store('k1', encoded);
    expect(fs.existsSync(encoded)).toBe(false);
    expect(await cache.lookup('k1')).toBe(stored);
    expect(await cache.lookup('k2')).toBeNull();

    // One byte changed, same size: never muxed, and the entry goes.
    const bytes = fs.readFileSync(stored);
    const middle = bytes.length >> 1;
    bytes.writeUInt8(bytes.readUInt8(middle) ^ 0xff, middle);
    fs.writeFileSync(stored, bytes);
    expect(await cache.lookup('k1')).toBeNull();
    expect(fs.existsSync(stored)).toBe(false);

    fs.writeFileSync(encoded, Buffer.from(noise(RATE, 1).buffer));
    await cache.store('k1', encoded);
    fs.truncateSync(stored, 1000);
    expect(await cache.lookup('k1')).toBeNull();
    expect(fs.existsSync(stored)).toBe(false);
  });

  it('keeps the last build’s limiter loss as the next build’s hint, and ignores an unreadable one', async () => {
    const dir = path.join(makeTempDir(), 'cache');
    const cache = new SoundtrackCache(dir);
    expect(await cache.limiterLossHint()).toBeUndefined();
    await cache.rememberLimiterLoss(1.25);
    expect(await new SoundtrackCache(dir).limiterLossHint()).toBe(1.25);
    fs.writeFileSync(path.join(dir, 'loudness-hint.json'), '{"limiterLossDb": "loud"}');
    expect(await cache.limiterLossHint()).toBeUndefined();
    fs.writeFileSync(path.join(dir, 'loudness-hint.json'), 'not json');
    expect(await cache.limiterLossHint()).toBeUndefined();
  });
});

describe('hashFile', () => {
  it('remembers a hash only while the file is unchanged, even when rewritten at the same size', async () => {
    const dir = makeTempDir();
    const file = path.join(dir, 'a.wav');
    writePcmWav(file, noise(1000, 1));
    const first = await hashFile(file);
    expect(await hashFile(file)).toBe(first);
    writePcmWav(file, noise(1000, 2));
    const second = await hashFile(file);
    expect(second).not.toBe(first);
    writePcmWav(file, noise(1000, 1));
    expect(await hashFile(file)).toBe(first);
  });
});
