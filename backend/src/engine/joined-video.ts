/**
 * The finished video's record: which clips and which soundtrack it was joined from. When a
 * re-render finds every clip and the soundtrack unchanged and the video on disk is still the
 * one it recorded, the join would write the same bytes again; it is skipped. That join is
 * the whole cost of a no-change re-render, and it grows with the number of clips (the concat
 * demuxer opens and probes each file: ~30 ms of CPU per clip, ~9 s for a 60-segment story
 * of 119 clips on the loaded 2-core machine), while SPEC §7.1 promises ≤ 2 s.
 *
 * The record lives in the project's clip cache folder (not beside the video, in the served
 * media), named by a hash of the video's path; it goes with the project. The video's size
 * and modification time are part of it, so a video replaced, damaged or deleted since is
 * joined again rather than trusted.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomically } from './atomic-file.js';
import { ENGINE_VERSION } from './clip-cache.js';

/** Bumped whenever the join makes a different file from the same clips and soundtrack. */
const JOIN_VERSION = 'join-1';

export type JoinedVideo = {
  durationSeconds: number;
  fileSizeBytes: number;
  width: number;
  height: number;
  fps: number;
};

type Record = { key: string; bytes: number; mtimeMs: number; video: JoinedVideo };

/** Everything a join is made from: the clips in timeline order and the soundtrack. */
export function joinKey(clipKeys: readonly string[], soundtrackKey: string): string {
  const keyed = { engine: ENGINE_VERSION, join: JOIN_VERSION, clips: clipKeys, soundtrack: soundtrackKey };
  return createHash('sha256').update(JSON.stringify(keyed)).digest('hex').slice(0, 40);
}

/** Not `.mp4`/`.m4a` and not a clip key, so the clip cache neither counts nor evicts it. */
function recordPath(recordDir: string, videoPath: string): string {
  const name = createHash('sha256').update(path.resolve(videoPath)).digest('hex').slice(0, 16);
  return path.join(recordDir, `joined-${name}.json`);
}

/** The video at `videoPath` when it is the join recorded for `key` and unchanged since; otherwise null. */
export async function joinedVideo(recordDir: string, videoPath: string, key: string): Promise<JoinedVideo | null> {
  const [text, stat] = await Promise.all([
    fs.readFile(recordPath(recordDir, videoPath), 'utf8').catch(() => null),
    fs.stat(videoPath).catch(() => null),
  ]);
  if (text === null || stat === null) return null;
  const record = parseRecord(text);
  if (record?.key !== key || record.bytes !== stat.size || record.mtimeMs !== stat.mtimeMs) return null;
  return record.video;
}

/**
 * Records the video just joined at `videoPath`. A record is an optimisation: failing to
 * write one (disk full) must not fail the render, it only costs the next re-render a join.
 */
export async function recordJoinedVideo(
  recordDir: string,
  videoPath: string,
  key: string,
  video: JoinedVideo,
): Promise<void> {
  try {
    const stat = await fs.stat(videoPath);
    await fs.mkdir(recordDir, { recursive: true });
    const record: Record = { key, bytes: stat.size, mtimeMs: stat.mtimeMs, video };
    await writeFileAtomically(recordPath(recordDir, videoPath), JSON.stringify(record));
  } catch {
    // No record: the next no-change re-render joins once more.
  }
}

function parseRecord(text: string): Record | null {
  try {
    const parsed = JSON.parse(text) as Partial<Record>;
    const video = parsed.video;
    const numbers =
      video === undefined ? [] : [video.durationSeconds, video.fileSizeBytes, video.width, video.height, video.fps];
    if (typeof parsed.key !== 'string' || typeof parsed.bytes !== 'number' || typeof parsed.mtimeMs !== 'number')
      return null;
    if (video === undefined || !numbers.every((n) => typeof n === 'number' && Number.isFinite(n))) return null;
    return { key: parsed.key, bytes: parsed.bytes, mtimeMs: parsed.mtimeMs, video };
  } catch {
    return null;
  }
}
