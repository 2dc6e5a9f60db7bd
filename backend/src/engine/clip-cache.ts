/**
 * The clip cache (SPEC §7.5): one encoded, video-only clip per key, where the key is a
 * hash of everything that affects the clip's pixels. Files live under
 * `<root>/<namespace>/<key>.mp4` (the namespace is the project, so deleting a project
 * deletes its clips) beside a `<key>.json` with the size and frame count the clip had
 * when it was written. A clip is used only if both still match, so a truncated or
 * damaged file is re-rendered, never joined. Use refreshes a file's mtime; the cache is
 * bounded by evicting the least recently used clips across all namespaces (the cached
 * soundtracks of soundtrack-cache.ts live in the same folders and count towards the bound).
 */
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomically } from './atomic-file.js';
import type { FocusPoint, Motion } from './ken-burns.js';
import type { TransitionKind } from './timeline.js';

/** Bumped whenever the engine draws the same inputs differently: every cached clip is then stale. */
export const ENGINE_VERSION = 'timeline-1';
export const DEFAULT_CACHE_MAX_BYTES = 5 * 1024 ** 3;
/** Clips being encoded are written into folders named with this ending, so a start-up sweep can remove leftovers (storage/leftovers.ts). */
const PARTIAL_FOLDER_SUFFIX = '.partial';

export type PictureKey = { imageHash: string; motion: Motion; focus: FocusPoint | null; spanFrames: number; offset: number };

/** Everything that affects one clip's pixels. */
export type ClipKeyInput = {
  width: number;
  height: number;
  fps: number;
  zoomIntensity: number;
  frameCount: number;
  quality: string;
  /** The exact encoder arguments (without file paths). */
  encoderArgs: readonly string[];
  picture: PictureKey;
  /** The previous segment's picture and how it blends in; null for the first clip or a cut. */
  transition: { kind: TransitionKind; frames: number; outgoing: PictureKey } | null;
  /** The burned-in caption states (text, frames, look, font hash); absent when the clip shows none, so such keys stay as they were. */
  captions?: unknown;
};

export function clipKey(input: ClipKeyInput): string {
  return createHash('sha256').update(JSON.stringify({ engine: ENGINE_VERSION, ...input })).digest('hex').slice(0, 40);
}

/** Content hash of a file (images are keyed by their bytes, not their names); remembered per process. */
export { hashFile } from './file-hash.js';

type Sidecar = { bytes: number; frames: number };

export type ClipCacheOptions = {
  root: string;
  namespace: string;
  maxBytes?: number | undefined;
  /** Frame count of a file as its container says (ffprobe); null if it cannot be read. */
  countFrames: (clipPath: string) => Promise<number | null>;
};

export class ClipCache {
  readonly dir: string;
  private readonly maxBytes: number;

  constructor(private readonly options: ClipCacheOptions) {
    this.dir = path.join(options.root, options.namespace);
    this.maxBytes = options.maxBytes ?? DEFAULT_CACHE_MAX_BYTES;
  }

  clipPath(key: string): string {
    return path.join(this.dir, `${key}.mp4`);
  }

  /** A hidden temp folder beside the clips for a run encoded together (rename into place is atomic within a file system). */
  async partialFolder(): Promise<string> {
    const folder = path.join(this.dir, `.run-${randomBytes(4).toString('hex')}${PARTIAL_FOLDER_SUFFIX}`);
    await fs.mkdir(folder, { recursive: true });
    return folder;
  }

  /** The cached clip's path when it is there, whole and has `frames` frames; a bad entry is removed. */
  async lookup(key: string, frames: number): Promise<string | null> {
    const clip = this.clipPath(key);
    const sidecar = await readSidecar(this.sidecarPath(key));
    if (sidecar === null) return null;
    const stat = await fs.stat(clip).catch(() => null);
    const intact =
      stat !== null && stat.size === sidecar.bytes && sidecar.frames === frames && (await this.options.countFrames(clip)) === frames;
    if (!intact) {
      await this.remove(key);
      return null;
    }
    const now = new Date();
    await fs.utimes(clip, now, now).catch(() => undefined);
    return clip;
  }

  /** Moves a finished, verified clip into place. */
  async store(key: string, partialPath: string, frames: number): Promise<string> {
    const clip = this.clipPath(key);
    const { size } = await fs.stat(partialPath);
    await fs.rename(partialPath, clip);
    await writeFileAtomically(this.sidecarPath(key), JSON.stringify({ bytes: size, frames } satisfies Sidecar));
    return clip;
  }

  /**
   * Deletes least recently used clips (of every project) until the cache fits its bound.
   * `keep` are the clips of the render that just finished, which are never evicted.
   */
  async evict(keep: ReadonlySet<string>): Promise<void> {
    const entries = await listClips(this.options.root);
    let total = entries.reduce((sum, e) => sum + e.bytes, 0);
    entries.sort((a, b) => a.mtimeMs - b.mtimeMs);
    for (const entry of entries) {
      if (total <= this.maxBytes) break;
      if (keep.has(entry.clipPath)) continue;
      await fs.rm(entry.clipPath, { force: true });
      await fs.rm(entry.clipPath.replace(/\.(mp4|m4a)$/, '.json'), { force: true });
      total -= entry.bytes;
    }
  }

  private sidecarPath(key: string): string {
    return path.join(this.dir, `${key}.json`);
  }

  private async remove(key: string): Promise<void> {
    await fs.rm(this.clipPath(key), { force: true });
    await fs.rm(this.sidecarPath(key), { force: true });
  }
}

async function readSidecar(file: string): Promise<Sidecar | null> {
  try {
    const parsed = JSON.parse(await fs.readFile(file, 'utf8')) as Partial<Sidecar>;
    return typeof parsed.bytes === 'number' && typeof parsed.frames === 'number' ? { bytes: parsed.bytes, frames: parsed.frames } : null;
  } catch {
    return null;
  }
}

async function listClips(root: string): Promise<{ clipPath: string; bytes: number; mtimeMs: number }[]> {
  const namespaces = await fs.readdir(root, { withFileTypes: true }).catch(() => []);
  const found: { clipPath: string; bytes: number; mtimeMs: number }[] = [];
  for (const ns of namespaces) {
    if (!ns.isDirectory()) continue;
    const dir = path.join(root, ns.name);
    for (const name of await fs.readdir(dir).catch(() => [])) {
      // Clips and the cached soundtracks (soundtrack-cache.ts) share the bound.
      if (!/\.(mp4|m4a)$/.test(name) || name.startsWith('.')) continue;
      const clipPath = path.join(dir, name);
      const stat = await fs.stat(clipPath).catch(() => null);
      if (stat !== null) found.push({ clipPath, bytes: stat.size, mtimeMs: stat.mtimeMs });
    }
  }
  return found;
}
