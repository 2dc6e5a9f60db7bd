/**
 * The finished soundtrack, cached beside the project's clips (SPEC §7.5): building it takes
 * several ffmpeg passes (stems, loudness measurements, gain passes) and encoding it to AAC
 * one more, most of a no-change re-render's time, yet it depends only on the narrations,
 * their frame-exact offsets, the music and the loudness target. It is keyed by a hash of
 * exactly those, so a no-change re-render is a join by stream copy only, while a change to
 * any of them builds it again. Entries live in the clip cache's folder as
 * `soundtrack-<key>.m4a` (AAC, audio only) with a `.json` record of their size and sha256
 * (a damaged file is rebuilt, never muxed) and are evicted with the clips, least recently
 * used first (clip-cache.ts counts them). The last build's limiter loss is kept too, as the
 * next build's starting point (one gain pass instead of three after an edit).
 */
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomically } from './atomic-file.js';
import { ENGINE_VERSION } from './clip-cache.js';
import { abortReason, RenderError } from './errors.js';
import { AUDIO_BITRATE_KBPS, buildSoundtrackEncodeArgs, runProcess } from './ffmpeg.js';
import { buildSoundtrack, SOUNDTRACK_SAMPLE_RATE, type SoundtrackPlan } from './soundtrack.js';

/** Bumped whenever buildSoundtrack makes different samples from the same inputs. */
export const SOUNDTRACK_VERSION = 'soundtrack-3-aac-fast';
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
  const keyed = { engine: ENGINE_VERSION, soundtrack: SOUNDTRACK_VERSION, sampleRate: SOUNDTRACK_SAMPLE_RATE, aacKbps: AUDIO_BITRATE_KBPS, ...input };
  return createHash('sha256').update(JSON.stringify(keyed)).digest('hex').slice(0, 40);
}

type Record = { bytes: number; sha256: string };

export class SoundtrackCache {
  constructor(private readonly dir: string) {}

  filePath(key: string): string {
    return path.join(this.dir, `${SOUNDTRACK_FILE_PREFIX}${key}.m4a`);
  }

  /** The cached soundtrack when it is there with the bytes it was stored with; a bad entry is removed. */
  async lookup(key: string): Promise<string | null> {
    const file = this.filePath(key);
    const record = await readRecord(this.recordPath(key));
    if (record === null) return null;
    const stat = await fs.stat(file).catch(() => null);
    // A few MB at most (192 kbit/s): hashing it costs milliseconds and catches any damage.
    const intact = stat !== null && stat.size === record.bytes && (await sha256(file).catch(() => null)) === record.sha256;
    if (!intact) {
      await Promise.all([fs.rm(file, { force: true }), fs.rm(this.recordPath(key), { force: true })]);
      return null;
    }
    // Use refreshes the mtime: eviction goes by it (least recently used first).
    const now = new Date();
    await fs.utimes(file, now, now).catch(() => undefined);
    return file;
  }

  /** Moves a freshly encoded soundtrack into the cache; returns its new path. */
  async store(key: string, encodedPath: string): Promise<string> {
    await fs.mkdir(this.dir, { recursive: true });
    const file = this.filePath(key);
    await moveFile(encodedPath, file);
    const { size } = await fs.stat(file);
    await writeFileAtomically(this.recordPath(key), JSON.stringify({ bytes: size, sha256: await sha256(file) } satisfies Record));
    return file;
  }

  /** The limiters' loss in the last soundtrack built here (buildSoundtrack's starting hint), if any. */
  async limiterLossHint(): Promise<number | undefined> {
    try {
      const parsed = JSON.parse(await fs.readFile(this.hintPath(), 'utf8')) as { limiterLossDb?: unknown };
      return typeof parsed.limiterLossDb === 'number' && Number.isFinite(parsed.limiterLossDb) ? parsed.limiterLossDb : undefined;
    } catch {
      return undefined;
    }
  }

  async rememberLimiterLoss(limiterLossDb: number): Promise<void> {
    await fs.mkdir(this.dir, { recursive: true });
    await writeFileAtomically(this.hintPath(), JSON.stringify({ limiterLossDb }));
  }

  /** Not a soundtrack (no prefix, not .m4a), so eviction leaves it; it goes with the project's folder. */
  private hintPath(): string {
    return path.join(this.dir, 'loudness-hint.json');
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

async function sha256(file: string): Promise<string> {
  return createHash('sha256').update(await fs.readFile(file)).digest('hex');
}

async function readRecord(file: string): Promise<Record | null> {
  try {
    const parsed = JSON.parse(await fs.readFile(file, 'utf8')) as Partial<Record>;
    return typeof parsed.bytes === 'number' && typeof parsed.sha256 === 'string' ? { bytes: parsed.bytes, sha256: parsed.sha256 } : null;
  } catch {
    return null;
  }
}

/**
 * The soundtrack for `plan`, encoded: the cached one when it is there, else built at
 * `plan.outputPath`, encoded to AAC beside it (`<outputPath>.m4a`) and moved into the
 * cache. Returns the path to mux by stream copy. Encoding here rather than in the join lets
 * it run alongside the clip encodes, and a re-render never encodes the same audio again.
 */
export async function cachedSoundtrack(
  cache: SoundtrackCache,
  key: string,
  plan: SoundtrackPlan,
  signal: AbortSignal,
): Promise<string> {
  const cached = await cache.lookup(key);
  if (cached !== null) return cached;
  const built = await buildSoundtrack({ ...plan, limiterLossHintDb: await cache.limiterLossHint() }, { signal });
  if (signal.aborted) throw abortReason(signal);
  await cache.rememberLimiterLoss(built.limiterLossDb);
  const encoded = `${plan.outputPath}.m4a`;
  try {
    const result = await runProcess(plan.ffmpegPath, buildSoundtrackEncodeArgs(plan.outputPath, encoded), { signal }).done.catch(
      (err: unknown) => {
        throw new RenderError('FFmpeg could not be started', { stage: 'finalize', cause: err });
      },
    );
    if (signal.aborted) throw abortReason(signal);
    if (result.exitCode !== 0) throw new RenderError('The soundtrack could not be encoded', { stage: 'finalize', stderrTail: result.stderrTail });
    return await cache.store(key, encoded);
  } finally {
    await fs.rm(encoded, { force: true });
  }
}
