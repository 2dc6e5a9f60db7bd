import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { sweepLeftovers } from '../../src/storage/leftovers.js';
import { makeTempDir } from '../helper.js';

const quiet = { warn: () => undefined };

/** A pid that belonged to a process which has exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', '']);
  return child.pid ?? 0;
}

describe('the start-up sweep', () => {
  it('removes the partial and temp files of interrupted tasks and nothing else', async () => {
    const dataDir = makeTempDir();
    const mediaDir = path.join(dataDir, 'media');
    const write = (rel: string) => {
      const file = path.join(dataDir, rel);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, 'x');
      return file;
    };
    const leftovers = [
      write('media/projects/p1/output/.final.mp4.0a1b2c3d4e5f.partial'),
      write('media/projects/p1/output/.final.mp4.0a1b2c3d4e5f.partial.wav'),
      write('media/projects/p1/output/.final.mp4.0a1b2c3d4e5f.partial.wav.m4a'),
      write('media/projects/p2/images/.upload-1f2e.tmp'),
      write('tmp/render-p1-abcd/0.png'),
      write('cache/render-images/0123abcd-64x36.rgb.4242.tmp'),
      // A run of clips being encoded (engine/clip-cache.ts partialFolder), and a clip file of an older version.
      write('cache/clips/p1/.run-0a1b2c3d.partial/clip-0.mp4'),
      write('cache/clips/p1/.k1.0a1b2c3d.partial.mp4'),
    ];
    const kept = [
      write('media/projects/p1/output/final.mp4'),
      write('media/projects/p1/images/s1_photo.partial.png'),
      write('media/projects/p1/audio/s1.wav'),
      write('cache/render-images/0123abcd-64x36.rgb'),
      write('cache/clips/p1/k1.mp4'),
      write('storyflow.db'),
    ];
    const removed = await sweepLeftovers({ dataDir, mediaDir }, quiet);
    const folderOf = (f: string) => f.includes('/tmp/render-') || f.includes('.run-');
    expect(removed.sort()).toEqual(leftovers.map((f) => (folderOf(f) ? path.dirname(f) : f)).sort());
    for (const file of leftovers) expect(fs.existsSync(file), file).toBe(false);
    for (const file of kept) expect(fs.existsSync(file), file).toBe(true);
  });

  it("removes a dead process's frame pipe folder, never a live one's", async () => {
    const dataDir = makeTempDir();
    const dead = fs.mkdtempSync(path.join(os.tmpdir(), `storyflow-frames-${deadPid()}-`));
    const live = fs.mkdtempSync(path.join(os.tmpdir(), `storyflow-frames-${process.pid}-`));
    try {
      await sweepLeftovers({ dataDir, mediaDir: path.join(dataDir, 'media') }, quiet);
      expect(fs.existsSync(dead)).toBe(false);
      expect(fs.existsSync(live)).toBe(true);
    } finally {
      fs.rmSync(dead, { recursive: true, force: true });
      fs.rmSync(live, { recursive: true, force: true });
    }
  });
});
