/**
 * The join by copying samples (mp4-join.ts) against ffmpeg's concat demuxer, which it
 * replaces: real clips from real encodes (a run of clips and a clip encoded alone, as a
 * re-render mixes them), a real AAC soundtrack, both joins compared on their packets and
 * their decoded pictures and sound.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  buildClipEncodeArgs,
  buildClipList,
  buildClipRunEncodeArgs,
  buildJoinArgs,
  buildSoundtrackEncodeArgs,
  runProcess,
} from '../../src/engine/ffmpeg.js';
import { readTopLevelBox } from '../../src/engine/mp4-boxes.js';
import { joinByCopy } from '../../src/engine/mp4-join.js';
import { encoderSettings, type QualityMode } from '../../src/engine/quality.js';
import { makeTempDir } from '../helper.js';
import { FFMPEG, FFPROBE, frameMd5s, makeToneWav, topLevelBoxes } from './media.js';

const W = 64;
const H = 36;
const FPS = 30;

/** Raw yuv420p frames that change from frame to frame, so B-frames and reordering are real. */
function rawFrames(file: string, count: number, seed: number): void {
  const frame = W * H * 1.5;
  const data = Buffer.alloc(frame * count, 128);
  for (let n = 0; n < count; n++) {
    for (let i = 0; i < W * H; i++) data[n * frame + i] = 16 + ((i * 7 + n * 5 + seed * 31 + ((i / W) | 0) * n) % 200);
  }
  fs.writeFileSync(file, data);
}

async function run(args: string[]): Promise<void> {
  const result = await runProcess(FFMPEG, args).done;
  expect(result.exitCode, result.stderrTail).toBe(0);
}

/**
 * Every packet, stream by stream in file order: stream, pts, dts, duration, flags. (How the
 * two streams interleave differs, and so do sizes: see the test.)
 */
function packets(file: string): string[] {
  const csv = execFileSync(
    FFPROBE,
    ['-v', 'error', '-show_entries', 'packet=stream_index,pts,dts,duration,flags', '-of', 'csv=p=0', file],
    {
      encoding: 'utf8',
    },
  );
  const lines = csv.split('\n').filter((l) => l !== '');
  return [...lines.filter((l) => l.startsWith('0,')), ...lines.filter((l) => l.startsWith('1,'))];
}

/** Which chunk offset boxes the moov holds: stco (32-bit) or co64. */
async function chunkOffsetBox(file: string): Promise<string> {
  const moov = (await readTopLevelBox(file, 'moov')) ?? Buffer.alloc(0);
  return moov.includes('co64') && !moov.includes('stco') ? 'co64' : 'stco';
}

function audioMd5s(file: string): string[] {
  const out = execFileSync(FFMPEG, ['-v', 'error', '-i', file, '-map', '0:a', '-f', 'framemd5', '-'], {
    encoding: 'utf8',
  });
  return out.split('\n').filter((l) => l !== '' && !l.startsWith('#'));
}

/** Frames of the clips in the order they are joined: the third was encoded alone. */
const COUNTS = [20, 1, 12, 7, 33];
const RUN_COUNTS = [20, 1, 7, 33];

/**
 * Four clips from one encoder run and, between them, one encoded alone (a cached clip from
 * another render: its MP4 ends its last frame a few ticks early), and a soundtrack.
 */
async function inputs(mode: QualityMode = 'standard'): Promise<{ dir: string; clips: string[]; soundtrack: string }> {
  const dir = makeTempDir();
  const raw = path.join(dir, 'run.yuv');
  rawFrames(raw, 61, 1);
  const settings = { width: W, height: H, fps: FPS, encoder: encoderSettings(mode) };
  await run(
    buildClipRunEncodeArgs({
      ...settings,
      videoSource: raw,
      clipFrameCounts: RUN_COUNTS,
      clipPathPattern: path.join(dir, 'run-%d.mp4'),
      listPath: path.join(dir, 'run.txt'),
    }),
  );
  const alone = path.join(dir, 'alone.mp4');
  const aloneFrames = path.join(dir, 'alone.yuv');
  rawFrames(aloneFrames, COUNTS[2]!, 2);
  await run(buildClipEncodeArgs({ ...settings, videoSource: aloneFrames, outputPath: alone }));
  const clips = [0, 1, 2, 3].map((i) => path.join(dir, `run-${i}.mp4`));
  clips.splice(2, 0, alone);
  const wav = path.join(dir, 'soundtrack.wav');
  makeToneWav(wav, COUNTS.reduce((a, b) => a + b, 0) / FPS, 330);
  const soundtrack = path.join(dir, 'soundtrack.m4a');
  await run(buildSoundtrackEncodeArgs(wav, soundtrack));
  return { dir, clips, soundtrack };
}

describe('joinByCopy', () => {
  // standard has B-frames (composition offsets, an edit list for their delay), draft none;
  // wide: the 64-bit chunk offsets a video over 4 GB needs.
  it.each([
    { mode: 'standard', wide: false },
    { mode: 'draft', wide: false },
    { mode: 'standard', wide: true },
  ] as const)(
    'writes the video ffmpeg concat would ($mode, wide offsets: $wide): the same packets and timestamps, the same decoded frames and sound, moov first',
    async ({ mode, wide }) => {
      const { dir, clips, soundtrack } = await inputs(mode);
      const copied = path.join(dir, 'copied.mp4');
      expect(await joinByCopy(clips, soundtrack, copied, { fps: FPS, wideOffsets: wide })).toBe(true);
      const list = path.join(dir, 'clips.txt');
      fs.writeFileSync(
        list,
        buildClipList(
          clips.map((p, i) => ({ path: p, frameCount: COUNTS[i]! })),
          FPS,
        ),
      );
      const joined = path.join(dir, 'ffmpeg.mp4');
      await run(buildJoinArgs({ clipListPath: list, soundtrackPath: soundtrack, outputPath: joined }));

      // Packet sizes are left out: ffmpeg puts the parameter sets in band again at every clip
      // start (42 bytes at 1080p); the decoded frames below show they carry nothing new.
      expect(packets(copied)).toEqual(packets(joined));
      expect(packets(copied).filter((p) => p.startsWith('0,'))).toHaveLength(73);
      expect(frameMd5s(copied)).toEqual(frameMd5s(joined));
      expect(audioMd5s(copied)).toEqual(audioMd5s(joined));
      expect(topLevelBoxes(copied)).toEqual(['ftyp', 'moov', 'mdat']);
      expect(await chunkOffsetBox(copied)).toBe(wide ? 'co64' : 'stco');
    },
  );

  it('leaves clips it cannot join exactly to ffmpeg, writing nothing', async () => {
    const { dir, clips, soundtrack } = await inputs();
    const out = path.join(dir, 'refused.mp4');
    // Another picture size: another sample description.
    const other = path.join(dir, 'other.mp4');
    const raw = path.join(dir, 'other.yuv');
    fs.writeFileSync(raw, Buffer.alloc(32 * 18 * 1.5 * 3, 100));
    await run(
      buildClipEncodeArgs({
        width: 32,
        height: 18,
        fps: FPS,
        encoder: encoderSettings('standard'),
        videoSource: raw,
        outputPath: other,
      }),
    );
    expect(await joinByCopy([clips[0]!, other], soundtrack, out, { fps: FPS })).toBe(false);
    // A clip with sound in it (two tracks), a file that is no MP4, no clips at all.
    const withSound = path.join(dir, 'with-sound.mp4');
    await run(['-v', 'error', '-y', '-i', clips[0]!, '-i', soundtrack, '-c', 'copy', '-shortest', withSound]);
    expect(await joinByCopy([clips[0]!, withSound], soundtrack, out, { fps: FPS })).toBe(false);
    const junk = path.join(dir, 'junk.mp4');
    fs.writeFileSync(junk, 'not a video');
    expect(await joinByCopy([junk], soundtrack, out, { fps: FPS })).toBe(false);
    expect(await joinByCopy([], soundtrack, out, { fps: FPS })).toBe(false);
    // The soundtrack must be sound.
    expect(await joinByCopy([clips[0]!], clips[1]!, out, { fps: FPS })).toBe(false);
    expect(fs.existsSync(out)).toBe(false);
  });
});
