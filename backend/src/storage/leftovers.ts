import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { clipCacheRoot, thumbnailCacheRoot } from './media.js';
import { SNAPSHOT_FOLDER } from './render-snapshot.js';

/**
 * Files a StoryFlow process writes only while it works: partial renders, upload temp
 * files, render snapshots, frame pipes. A process killed mid-task (SIGKILL, power loss)
 * leaves them behind; at start-up, before any task runs, they are swept away.
 *
 * A rule lists the leftovers of one kind. To sweep a new kind (e.g. a clip cache's
 * partial files, below), append a rule to LEFTOVER_RULES; each rule must only ever name files
 * that no live StoryFlow process is using.
 */
export type LeftoverRule = {
  /** What the files are, for the log. */
  what: string;
  find: (dirs: { dataDir: string; mediaDir: string }) => Promise<string[]>;
};

/** Matches names in one folder of every project, e.g. projects/{id}/output. */
function inEveryProject(folder: string, name: RegExp): LeftoverRule['find'] {
  return async ({ mediaDir }) => {
    const projects = path.join(mediaDir, 'projects');
    const found: string[] = [];
    for (const project of await listDir(projects)) {
      const dir = path.join(projects, project, folder);
      for (const entry of await listDir(dir)) if (name.test(entry)) found.push(path.join(dir, entry));
    }
    return found;
  };
}

/** Matches names in every project's folder of a cache kept per project (storage/media.ts clipCacheRoot, thumbnailCacheRoot). */
function inEveryProjectCache(cacheRoot: (dataDir: string) => string, name: RegExp): LeftoverRule['find'] {
  return async ({ dataDir }) => {
    const root = cacheRoot(dataDir);
    const found: string[] = [];
    for (const project of await listDir(root)) {
      const dir = path.join(root, project);
      for (const entry of await listDir(dir)) if (name.test(entry)) found.push(path.join(dir, entry));
    }
    return found;
  };
}

function inDataFolder(folder: string, name: RegExp): LeftoverRule['find'] {
  return async ({ dataDir }) => {
    const dir = path.join(dataDir, folder);
    return (await listDir(dir)).filter((entry) => name.test(entry)).map((entry) => path.join(dir, entry));
  };
}

/** The system temp folder is shared by every StoryFlow on the machine: only a dead process's files. */
function inSystemTemp(prefix: string): LeftoverRule['find'] {
  const name = new RegExp(`^${prefix}(\\d+)-`);
  return async () => {
    const dir = os.tmpdir();
    return (await listDir(dir))
      .filter((entry) => {
        const pid = name.exec(entry)?.[1];
        return pid !== undefined && !isAlive(Number(pid));
      })
      .map((entry) => path.join(dir, entry));
  };
}

export const LEFTOVER_RULES: LeftoverRule[] = [
  // engine/video-renderer.ts: ".final.mp4.{hex}.partial", its soundtrack "….partial.wav" (encoded: "….partial.wav.m4a") and clip list "….partial.txt".
  { what: 'partial render output', find: inEveryProject('output', /^\..*\.partial(\.wav|\.wav\.m4a|\.txt)?$/) },
  // engine/clip-cache.ts: clips are encoded in folders ".run-{hex}.partial" (before 2026-12: files ".{key}.{hex}.partial.mp4"),
  // records written as "{key}.json.{hex}.tmp";
  // engine/soundtrack-cache.ts copies a soundtrack from another file system as "soundtrack-{key}.m4a.{hex}.tmp".
  { what: 'partial cached clip', find: inEveryProjectCache(clipCacheRoot, /^\..*\.partial(\.mp4)?$|\.(json|m4a)\.[0-9a-f]+\.tmp$/) },
  // engine/video-renderer.ts: a render without a clip cache keeps its clips in "storyflow-clips-{pid}-…".
  { what: 'temporary clip folder', find: inSystemTemp('storyflow-clips-') },
  // services/segment-images.ts writes uploads as ".upload-{uuid}.tmp" before renaming them.
  { what: 'partial image upload', find: inEveryProject('images', /^\.upload-.*\.tmp$/) },
  // storage/render-snapshot.ts: the inputs a render works from.
  { what: 'render snapshot', find: inDataFolder(SNAPSHOT_FOLDER, /^render-/) },
  // engine/images.ts writes the prepared-image cache as "{key}.rgb.{pid}.tmp" before renaming it.
  { what: 'partial image cache entry', find: inDataFolder(path.join('cache', 'render-images'), /\.\d+\.tmp$/) },
  // services/segment-thumbnails.ts writes a thumbnail as ".{name}.{pid}.tmp" before renaming it.
  { what: 'partial thumbnail', find: inEveryProjectCache(thumbnailCacheRoot, /^\..*\.\d+\.tmp$/) },
  // engine/frame-pipe.ts: the FIFO carrying frames to ffmpeg, in "storyflow-frames-{pid}-…".
  { what: 'frame pipe', find: inSystemTemp('storyflow-frames-') },
];

/** Removes every leftover the rules find; returns what was removed. A file that will not go is logged, not fatal. */
export async function sweepLeftovers(
  dirs: { dataDir: string; mediaDir: string },
  log: { warn: (obj: object, msg: string) => void },
  rules: readonly LeftoverRule[] = LEFTOVER_RULES,
): Promise<string[]> {
  const removed: string[] = [];
  for (const rule of rules) {
    for (const file of await rule.find(dirs)) {
      try {
        await fs.rm(file, { recursive: true, force: true });
        removed.push(file);
      } catch (err) {
        log.warn({ err, file }, `could not remove a ${rule.what} left by an interrupted task`);
      }
    }
  }
  return removed;
}

async function listDir(dir: string): Promise<string[]> {
  return fs.readdir(dir).catch(() => []);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: alive, only not ours to signal.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
