/**
 * The built soundtrack, cached beside the project's clips (SPEC §7.5): building it takes
 * several ffmpeg passes (stems, loudness measurements, gain passes), most of a no-change
 * re-render's time, yet it depends only on the narrations, their frame-exact offsets, the
 * music and the loudness target. It is keyed by a hash of exactly those, so a no-change
 * re-render is a join only, while a change to any of them builds it again. Entries live
 * in the clip cache's folder as `soundtrack-<key>.wav` with a `.json` record of their
 * size and sample count (a damaged file is rebuilt, never muxed) and are evicted with
 * the clips, least recently used first (clip-cache.ts counts them).
 */
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { ENGINE_VERSION } from './clip-cache.js';
import { abortReason } from './errors.js';
import { buildSoundtrack, SOUNDTRACK_SAMPLE_RATE, type SoundtrackPlan } from './soundtrack.js';
import { readWavInfo } from './wav.js';

/** Bumped whenever buildSoundtrack makes different samples from the same inputs. */
export const SOUNDTRACK_VERSION = 'soundtrack-1';
export const SOUNDTRACK_FILE_PREFIX = 'soundtrack-';

/** Everything the soundtrack's samples are made from. */
export type SoundtrackKeyInput = {
  fps: number;
  totalFrames: number;
  /** In timeline order; the hash is of the narration file's bytes. */
  narrations: readonly { audioHash: string; startFrame: number; durationSeconds: number }[];
  music: { audioHash: string; volumeDb: number; loop: boolean; fadeOutSeconds: number } | null;
  loudnessTargetLufs: number;
};

export function soundtrackKey(input: SoundtrackKeyInput): string {
  const keyed = { engine: ENGINE_VERSION, soundtrack: SOUNDTRACK_VERSION, sampleRate: SOUNDTRACK_SAMPLE_RATE, ...input };
  return createHash('sha256').update(JSON.stringify(keyed)).digest('hex').slice(0, 40);
}

type Record = { bytes: number; samples: number };

export class SoundtrackCache {
  constructor(private readonly dir: string) {}

  filePath(key: string): string {
    return path.join(this.dir, `${SOUNDTRACK_FILE_PREFIX}${key}.wav`);
  }

  /** The cached soundtrack when it is there and whole with `samples` samples; a bad entry is removed. */
  async lookup(key: string, samples: number): Promise<string | null> {
    const file = this.filePath(key);
    const record = await readRecord(this.recordPath(key));
    if (record === null) return null;
    const stat = await fs.stat(file).catch(() => null);
    const intact = stat !== null && stat.size === record.bytes && record.samples === samples && (await wavSamples(file)) === samples;
    if (!intact) {
      await Promise.all([fs.rm(file, { force: true }), fs.rm(this.recordPath(key), { force: true })]);
      return null;
    }
    // Use refreshes the mtime: eviction goes by it (least recently used first).
    const now = new Date();
    await fs.utimes(file, now, now).catch(() => undefined);
    return file;
  }

  /** Moves a freshly built soundtrack into the cache; returns its new path. */
  async store(key: string, builtPath: string, samples: number): Promise<string> {
    await fs.mkdir(this.dir, { recursive: true });
    const file = this.filePath(key);
    await moveFile(builtPath, file);
    const { size } = await fs.stat(file);
    const tmp = `${this.recordPath(key)}.${randomBytes(4).toString('hex')}.tmp`;
    await fs.writeFile(tmp, JSON.stringify({ bytes: size, samples } satisfies Record));
    await fs.rename(tmp, this.recordPath(key));
    return file;
  }

  private recordPath(key: string): string {
    return path.join(this.dir, `${SOUNDTRACK_FILE_PREFIX}${key}.json`);
  }
}

/** Rename, or copy then rename when the cache is on another file system than the output. */
async function moveFile(from: string, to: string): Promise<void> {
  try {
    await fs.rename(from, to);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EXDEV') throw err;
    const tmp = `${to}.${randomBytes(4).toString('hex')}.tmp`;
    await fs.copyFile(from, tmp);
    await fs.rename(tmp, to);
    await fs.rm(from, { force: true });
  }
}

async function wavSamples(file: string): Promise<number | null> {
  try {
    return (await readWavInfo(file)).frames;
  } catch {
    return null;
  }
}

async function readRecord(file: string): Promise<Record | null> {
  try {
    const parsed = JSON.parse(await fs.readFile(file, 'utf8')) as Partial<Record>;
    return typeof parsed.bytes === 'number' && typeof parsed.samples === 'number' ? { bytes: parsed.bytes, samples: parsed.samples } : null;
  } catch {
    return null;
  }
}

/**
 * The soundtrack for `plan`: the cached one when it is there, else built at
 * `plan.outputPath` and moved into the cache. Returns the path to mux.
 */
export async function cachedSoundtrack(
  cache: SoundtrackCache,
  key: string,
  plan: SoundtrackPlan,
  signal: AbortSignal,
): Promise<string> {
  const samples = Math.round(plan.durationSeconds * SOUNDTRACK_SAMPLE_RATE);
  const cached = await cache.lookup(key, samples);
  if (cached !== null) return cached;
  await buildSoundtrack(plan, { signal });
  if (signal.aborted) throw abortReason(signal);
  return cache.store(key, plan.outputPath, samples);
}
