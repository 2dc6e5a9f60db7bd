/**
 * A run of consecutive clips from one encoder (ffmpeg.ts buildClipRunEncodeArgs): real ffmpeg
 * on raw frames, each clip file checked on its own.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildClipRunEncodeArgs, runProcess } from '../../src/engine/ffmpeg.js';
import { mp4VideoFrameCount } from '../../src/engine/mp4-frames.js';
import { encoderSettings } from '../../src/engine/quality.js';
import { clipRuns } from '../../src/engine/video-renderer.js';
import { makeTempDir } from '../helper.js';
import { FFMPEG, FFPROBE } from './media.js';

const W = 32;
const H = 18;

/** Raw yuv420p frames whose luma is the frame number (so a clip's first frame tells where it starts). */
function rawFrames(file: string, count: number): void {
  const frame = W * H * 1.5;
  const data = Buffer.alloc(frame * count, 128);
  for (let n = 0; n < count; n++) data.fill(16 + (n % 200), n * frame, n * frame + W * H);
  fs.writeFileSync(file, data);
}

function firstFrameLuma(file: string): number {
  const frame = execFileSync(FFMPEG, ['-v', 'error', '-i', file, '-frames:v', '1', '-f', 'rawvideo', '-pix_fmt', 'yuv420p', '-']);
  const y = frame.subarray(0, W * H);
  return Math.round(y.reduce((sum, v) => sum + v, 0) / y.length);
}

describe('clip runs', () => {
  it('writes one whole clip per entry, each starting on its own first frame with an IDR frame, for hundreds of clips', async () => {
    const dir = makeTempDir();
    // 150 clips of 1–3 frames: more than ffmpeg's expression parser would take as key frame terms.
    const counts = Array.from({ length: 150 }, (_, i) => 1 + (i % 3));
    const total = counts.reduce((a, b) => a + b, 0);
    const raw = path.join(dir, 'frames.yuv');
    rawFrames(raw, total);
    const args = buildClipRunEncodeArgs({
      width: W,
      height: H,
      fps: 24,
      encoder: encoderSettings('draft'),
      videoSource: raw,
      clipFrameCounts: counts,
      clipPathPattern: path.join(dir, 'clip-%d.mp4'),
      listPath: path.join(dir, 'clips.txt'),
    });
    const result = await runProcess(FFMPEG, args).done;
    expect(result.exitCode, result.stderrTail).toBe(0);
    expect(fs.readFileSync(path.join(dir, 'clips.txt'), 'utf8').trim().split('\n')).toHaveLength(150);
    let start = 0;
    for (const [i, frames] of counts.entries()) {
      const clip = path.join(dir, `clip-${i}.mp4`);
      expect(await mp4VideoFrameCount(clip), `clip ${i}`).toBe(frames);
      if (i % 37 === 0 || i === counts.length - 1) {
        expect(Math.abs(firstFrameLuma(clip) - (16 + (start % 200))), `clip ${i}`).toBeLessThanOrEqual(1);
        const first = execFileSync(FFPROBE, ['-v', 'error', '-select_streams', 'v', '-show_entries', 'frame=pict_type,key_frame,pts', '-read_intervals', '%+#1', '-of', 'csv=p=0', clip], { encoding: 'utf8' });
        // Key frame, type I, at time 0 — as a clip encoded alone.
        expect(first.trim().split('\n')[0], `clip ${i}`).toMatch(/^1,0,I/);
      }
      start += frames;
    }
  });
});

describe('clipRuns', () => {
  const plans = (indices: number[]) => indices.map((clipIndex) => ({ clipIndex }));
  const runsOf = (indices: number[], lanes: number) => clipRuns(plans(indices), lanes).map((run) => run.map((p) => p.clipIndex));

  it('groups consecutive clips, a gap starting a new run', () => {
    expect(runsOf([0, 1, 2, 3, 4], 1)).toEqual([[0, 1, 2, 3, 4]]);
    expect(runsOf([3, 4, 5, 9, 12, 13], 1)).toEqual([[3, 4, 5], [9], [12, 13]]);
    expect(runsOf([], 1)).toEqual([]);
  });

  it('halves the longest runs until every lane has one', () => {
    expect(runsOf([0, 1, 2, 3, 4], 2)).toEqual([[0, 1, 2], [3, 4]]);
    expect(runsOf([0, 1, 2, 3, 7], 3)).toEqual([[0, 1], [2, 3], [7]]);
    expect(runsOf([4], 2)).toEqual([[4]]);
  });
});
