import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkFfmpeg, renderVideo, RenderError, type RenderInput } from '../../src/engine/index.js';
import { makeTempDir } from '../helper.js';
import { FFMPEG, FFPROBE, makeTexturedImage, makeToneWav } from './media.js';

const PREVIOUS = Buffer.from('previous final.mp4 contents');

async function project(dir: string, count: number, seconds = 0.5, size = { width: 160, height: 90 }): Promise<RenderInput> {
  const segments = await Promise.all(
    Array.from({ length: count }, async (_, i) => {
      const imagePath = path.join(dir, `image-${i}.png`);
      const audioPath = path.join(dir, `speech-${i}.wav`);
      await makeTexturedImage(imagePath, 320, 180, { r: 60 * i, g: 120, b: 200 - 40 * i }, i);
      makeToneWav(audioPath, seconds);
      return { imagePath, audioPath };
    }),
  );
  const outputPath = path.join(dir, 'output', 'final.mp4');
  fs.mkdirSync(path.dirname(outputPath));
  fs.writeFileSync(outputPath, PREVIOUS);
  return { ...size, fps: 10, zoomIntensity: 1.3, segments, outputPath, ffmpegPath: FFMPEG, ffprobePath: FFPROBE };
}

async function renderError(input: RenderInput): Promise<RenderError> {
  const err: unknown = await renderVideo(input).then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(RenderError);
  return err as RenderError;
}

function expectPreviousOutputIntact(input: RenderInput): void {
  expect(fs.readFileSync(input.outputPath)).toEqual(PREVIOUS);
  expect(fs.readdirSync(path.dirname(input.outputPath))).toEqual(['final.mp4']);
}

/** ffmpeg processes still running whose command line mentions `dir`. */
function ffmpegProcessesUsing(dir: string): number[] {
  return fs
    .readdirSync('/proc')
    .filter((e) => /^\d+$/.test(e))
    .filter((pid) => {
      try {
        const cmd = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
        return cmd.includes('ffmpeg') && cmd.includes(dir);
      } catch {
        return false;
      }
    })
    .map(Number);
}

describe('renderVideo failures', () => {
  it('names the segment when an image cannot be decoded, and keeps the previous video', async () => {
    const dir = makeTempDir();
    const input = await project(dir, 3);
    fs.writeFileSync(input.segments[1]!.imagePath, 'this is not an image');
    const err = await renderError(input);
    expect(err.message).toBe('Segment 2: the image could not be decoded');
    expect(err).toMatchObject({ stage: 'prepare-image', segmentIndex: 1 });
    expectPreviousOutputIntact(input);
  });

  it('cleans up when an image turns out broken in the middle of encoding', async () => {
    const dir = makeTempDir();
    const input = await project(dir, 3);
    // A JPEG whose header is fine but whose pixel data is cut off: it fails only when decoded.
    const broken = path.join(dir, 'truncated.jpg');
    await makeTexturedImage(broken, 640, 360, { r: 200, g: 100, b: 50 });
    const bytes = fs.readFileSync(broken);
    fs.writeFileSync(broken, bytes.subarray(0, Math.floor(bytes.length / 3)));
    input.segments[2] = { ...input.segments[2]!, imagePath: broken };
    const err = await renderError(input);
    expect(err.message).toMatch(/^Segment 3: the image could not be/);
    expect(err).toMatchObject({ stage: 'prepare-image', segmentIndex: 2 });
    expectPreviousOutputIntact(input);
    expect(ffmpegProcessesUsing(dir)).toEqual([]);
  });

  it('names the segment when an image file is missing', async () => {
    const dir = makeTempDir();
    const input = await project(dir, 2);
    fs.rmSync(input.segments[0]!.imagePath);
    const err = await renderError(input);
    expect(err.message).toBe('Segment 1: the image file is missing');
    expect(err).toMatchObject({ stage: 'prepare-image', segmentIndex: 0 });
    expectPreviousOutputIntact(input);
  });

  it('names the segment when an audio file is missing, empty or not audio', async () => {
    const dir = makeTempDir();
    const input = await project(dir, 3);
    const cases: [number, (p: string) => void, string][] = [
      [2, (p) => fs.rmSync(p), 'Segment 3: the audio file is missing'],
      [1, (p) => fs.writeFileSync(p, ''), 'Segment 2: the audio file is empty'],
      [0, (p) => fs.writeFileSync(p, 'RIFF garbage that is not a wave file'), 'Segment 1: the audio file could not be read'],
    ];
    for (const [index, breakIt, message] of cases) {
      breakIt(input.segments[index]!.audioPath);
      const err = await renderError(input);
      expect(err.message).toBe(message);
      expect(err).toMatchObject({ stage: 'probe-audio', segmentIndex: index });
      expectPreviousOutputIntact(input);
    }
  });

  it('says how to install FFmpeg when it cannot be found', async () => {
    const dir = makeTempDir();
    const input = await project(dir, 1);
    const err = await renderError({ ...input, ffmpegPath: path.join(dir, 'no-such-ffmpeg') });
    expect(err.stage).toBe('check-ffmpeg');
    expect(err.message).toContain('FFmpeg was not found');
    expect(err.message).toContain('apt-get install ffmpeg');
    expect(err.message).toContain('brew install ffmpeg');
    expectPreviousOutputIntact(input);
    const check = await checkFfmpeg(path.join(dir, 'no-such-ffmpeg'));
    expect(check.ok).toBe(false);
    expect(await checkFfmpeg(FFMPEG)).toMatchObject({ ok: true, version: expect.stringMatching(/\d/) });
  });

  it('rejects invalid settings before doing any work', async () => {
    const dir = makeTempDir();
    const input = await project(dir, 1);
    await expect(renderVideo({ ...input, width: 161 })).rejects.toMatchObject({ stage: 'validate-plan' });
    await expect(renderVideo({ ...input, zoomIntensity: 2.5 })).rejects.toMatchObject({ stage: 'validate-plan' });
    await expect(renderVideo({ ...input, segments: [] })).rejects.toMatchObject({ stage: 'validate-plan' });
    expectPreviousOutputIntact(input);
  });

  it('stops ffmpeg on cancel, rejects with AbortError and leaves the previous video and no partial files', async () => {
    const dir = makeTempDir();
    const input = await project(dir, 2, 6, { width: 640, height: 360 });
    const controller = new AbortController();
    let framesAtCancel = 0;
    const err: unknown = await renderVideo(input, {
      signal: controller.signal,
      onProgress: (p) => {
        if (p.framesDone > 0 && !controller.signal.aborted) {
          framesAtCancel = p.framesDone;
          controller.abort();
        }
      },
    }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(framesAtCancel).toBeGreaterThan(0);
    expect(framesAtCancel).toBeLessThan(120);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).name).toBe('AbortError');
    expect(ffmpegProcessesUsing(dir)).toEqual([]);
    expectPreviousOutputIntact(input);
  });

  it('rejects at once with an already aborted signal', async () => {
    const dir = makeTempDir();
    const input = await project(dir, 1);
    const reason = new DOMException('stop', 'AbortError');
    await expect(renderVideo(input, { signal: AbortSignal.abort(reason) })).rejects.toBe(reason);
    expectPreviousOutputIntact(input);
  });
});
