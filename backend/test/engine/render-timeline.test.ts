import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderVideo, type RenderInput, type RenderProgress } from '../../src/engine/index.js';
import { mp4VideoFrameCount } from '../../src/engine/mp4-frames.js';
import { buildSoundtrack } from '../../src/engine/soundtrack.js';
import { makeTempDir } from '../helper.js';
import { FFMPEG, FFPROBE, decodeFrames, makeTexturedImage, probe } from './media.js';
import {
  RATE,
  bestLag,
  countingFfmpeg,
  decodeAudio,
  makeGradient,
  meanLuma,
  noise,
  sine,
  ssim,
  videoPackets,
  writePcmWav,
} from './timeline-media.js';

const COLOURS = [
  { r: 220, g: 40, b: 40 },
  { r: 40, g: 200, b: 60 },
  { r: 40, g: 60, b: 220 },
  { r: 200, g: 200, b: 40 },
  { r: 200, g: 40, b: 200 },
  { r: 40, g: 200, b: 200 },
];

type Fixture = { dir: string; segments: RenderInput['segments']; audio: Float32Array[] };

/** Segments with textured images and noise narrations of the given lengths (48 kHz, so no resampling). */
async function fixture(seconds: readonly number[], image = { width: 240, height: 240 }): Promise<Fixture> {
  const dir = makeTempDir();
  const audio: Float32Array[] = [];
  const segments = await Promise.all(
    seconds.map(async (s, i) => {
      const imagePath = path.join(dir, `image-${i}.png`);
      const audioPath = path.join(dir, `speech-${i}.wav`);
      await makeTexturedImage(imagePath, image.width, image.height, COLOURS[i % COLOURS.length]!, i);
      const samples = noise(Math.round(s * RATE), i + 1);
      audio[i] = samples;
      writePcmWav(audioPath, samples);
      return { imagePath, audioPath };
    }),
  );
  return { dir, segments, audio };
}

function input(f: Fixture, overrides: Partial<RenderInput> = {}): RenderInput {
  return {
    width: 96,
    height: 54,
    fps: 10,
    zoomIntensity: 1.3,
    segments: f.segments,
    outputPath: path.join(f.dir, 'output', 'final.mp4'),
    ffmpegPath: FFMPEG,
    ffprobePath: FFPROBE,
    quality: 'draft',
    clipCache: { root: path.join(f.dir, 'cache'), namespace: 'p1' },
    ...overrides,
  };
}

/** Files under the cache and output folders whose names mark them as partial. */
function partialFiles(f: Fixture): string[] {
  const found: string[] = [];
  const walk = (dir: string): void => {
    if (!fs.existsSync(dir)) return;
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, e.name);
      if (/partial|\.tmp$/.test(e.name)) found.push(full);
      if (e.isDirectory()) walk(full);
    }
  };
  walk(path.join(f.dir, 'cache'));
  walk(path.join(f.dir, 'output'));
  return found;
}

/**
 * Power of what is left of `samples[from, from+count)` after taking out the best-fitting
 * 440 Hz tone of the right phase (dB relative to that tone): a gap, click or shifted
 * sample all show here. The gain is fitted because the level changes on the way (a
 * mono narration into a stereo track and back).
 */
function toneResidualDb(samples: Float32Array, from: number, count: number): number {
  const window = samples.subarray(from, from + count);
  const ideal = sine(from, window.length, 440);
  let dot = 0;
  let power = 0;
  for (let i = 0; i < window.length; i++) {
    dot += window[i]! * ideal[i]!;
    power += ideal[i]! ** 2;
  }
  const gain = dot / power;
  let err = 0;
  for (let i = 0; i < window.length; i++) err += (window[i]! - gain * ideal[i]!) ** 2;
  return 10 * Math.log10(err / (power * gain * gain));
}

describe('renderVideo as a timeline of clips', () => {
  it.each([
    ['9:16', 54, 96, 25],
    ['1:1', 64, 64, 24],
  ])('renders %s at its size and frame rate with frames from the timeline formula', async (_aspect, width, height, fps) => {
    const f = await fixture([0.5, 0.73, 0.41]);
    const run = input(f, { width, height, fps, quality: 'standard', pauseSeconds: 0.3, transition: 'crossfade', transitionSeconds: 0.2 });
    const result = await renderVideo(run);
    const frames = [0.5, 0.73, 0.41].reduce((sum, s) => sum + Math.ceil(s * fps - 1e-6), 0) + 2 * Math.round(0.3 * fps);
    const info = probe(run.outputPath);
    const video = info.streams.find((s) => s.codec_type === 'video');
    expect(video).toMatchObject({ width, height, r_frame_rate: `${fps}/1`, nb_frames: String(frames) });
    expect(Number(info.format.duration)).toBeCloseTo(frames / fps, 1);
    // Three segments' pictures and the two crossfades between them.
    expect(result).toMatchObject({ width, height, clipsTotal: 5, clipsCached: 0 });
    expect(result.fps).toBeCloseTo(fps, 1);
  });

  it('puts every narration at its frame-exact offset: decoded audio matches the soundtrack with 0-sample lag', async () => {
    const seconds = [0.5, 0.63, 0.4];
    const f = await fixture(seconds);
    const run = input(f, { pauseSeconds: 0.3, transition: 'crossfade', transitionSeconds: 0.2 });
    await renderVideo(run);
    // The expected soundtrack: narration i at its first frame, silence elsewhere (10 fps → 4800 samples a frame).
    const starts = [0, 8, 18].map((frame) => frame * (RATE / 10));
    const expected = new Float32Array(((5 + 7 + 4) + 2 * 3) * (RATE / 10));
    f.audio.forEach((samples, i) => expected.set(samples, starts[i]));
    const decoded = decodeAudio(run.outputPath);
    expect(Math.abs(decoded.length - expected.length)).toBeLessThan(RATE / 10);
    expect(bestLag(expected, decoded, 200)).toBe(0);
    // Silence in the pause after narration 0 (frames 5–7) and in the padding after narration 1.
    const rms = (a: Float32Array): number => Math.sqrt(a.reduce((s, v) => s + v * v, 0) / a.length);
    expect(rms(decoded.subarray(5 * 4800 + 500, 8 * 4800 - 500))).toBeLessThan(0.01);
    expect(rms(decoded.subarray(starts[1]! + 500, starts[1]! + 0.6 * RATE))).toBeGreaterThan(0.1);
  });

  it('carries a continuous tone across every join without a glitch (residual below −40 dB)', async () => {
    const dir = makeTempDir();
    // Four narrations that are consecutive pieces of one 440 Hz tone, whole frames long, no pause.
    const pieceSamples = 0.5 * RATE;
    const segments = await Promise.all(
      [0, 1, 2, 3].map(async (i) => {
        const imagePath = path.join(dir, `image-${i}.png`);
        const audioPath = path.join(dir, `tone-${i}.wav`);
        await makeTexturedImage(imagePath, 200, 120, COLOURS[i]!, i);
        writePcmWav(audioPath, sine(i * pieceSamples, pieceSamples, 440));
        return { imagePath, audioPath };
      }),
    );
    const joins = [1, 2, 3].map((k) => k * pieceSamples);
    // The soundtrack the engine builds: exact at every join.
    const trackPath = path.join(dir, 'track.wav');
    const narrations = segments.map((s, i) => ({ audioPath: s.audioPath, startSeconds: i * 0.5, durationSeconds: 0.5 }));
    await buildSoundtrack({ ffmpegPath: FFMPEG, outputPath: trackPath, durationSeconds: 2, narrations, loudnessTargetLufs: -14 });
    const track = decodeAudio(trackPath);
    expect(track.length).toBe(4 * pieceSamples);
    for (const join of joins) expect(toneResidualDb(track, join - 960, 1920), `track join at ${join}`).toBeLessThan(-40);

    // After the one AAC encode: a join is no worse than the codec's own noise away from the joins.
    const run = input({ dir, segments, audio: [] }, { transition: 'crossfade', transitionSeconds: 0.2 });
    await renderVideo(run);
    const decoded = decodeAudio(run.outputPath);
    const away = [0.25, 0.75, 1.25, 1.75].map((t) => toneResidualDb(decoded, t * RATE - 960, 1920)).sort((a, b) => a - b);
    const typical = (away[1]! + away[2]!) / 2;
    for (const join of joins) expect(toneResidualDb(decoded, join - 960, 1920), `video join at ${join}`).toBeLessThan(typical + 3);
  });

  it('joins clips with monotonic DTS and a constant frame duration', async () => {
    const f = await fixture([0.5, 0.7, 0.4, 0.6]);
    const run = input(f, { quality: 'high', pauseSeconds: 0.2, transition: 'fade_black', transitionSeconds: 0.3 });
    await renderVideo(run);
    const packets = videoPackets(run.outputPath);
    expect(packets.length).toBe(5 + 7 + 4 + 6 + 3 * 2);
    const durations = new Set(packets.map((p) => p.duration));
    expect(durations.size).toBe(1);
    for (let i = 1; i < packets.length; i++) expect(packets[i]!.dts, `packet ${i}`).toBeGreaterThan(packets[i - 1]!.dts);
  });

  it('crossfades without a dip in brightness, the middle frame being ½A + ½B', async () => {
    const dir = makeTempDir();
    const W = 96;
    const H = 54;
    const segments = await Promise.all(
      (['horizontal', 'vertical'] as const).map(async (direction, i) => {
        const imagePath = path.join(dir, `${direction}.png`);
        const audioPath = path.join(dir, `n${i}.wav`);
        await makeGradient(imagePath, W, H, direction);
        writePcmWav(audioPath, noise(RATE, i + 1));
        return { imagePath, audioPath, motion: 'still' as const };
      }),
    );
    const run = input({ dir, segments, audio: [] }, { width: W, height: H, zoomIntensity: 1, quality: 'high', transition: 'crossfade', transitionSeconds: 0.5, pauseSeconds: 1 });
    await renderVideo(run);
    const frames = decodeFrames(run.outputPath, W, H, 'gray');
    // Narrations of 10 frames, a 10-frame pause, a 5-frame crossfade centred in it: frames 12–16.
    expect(frames).toHaveLength(30);
    const a = frames[5]!;
    const b = frames[25]!;
    const reference = (meanLuma(a) + meanLuma(b)) / 2;
    for (let i = 0; i < frames.length; i++) expect(Math.abs(meanLuma(frames[i]!) / reference - 1), `frame ${i}`).toBeLessThan(0.01);
    const half = Buffer.from(a.map((v, i) => Math.round((v + b[i]!) / 2)));
    expect(ssim(frames[14]!, half, W, H)).toBeGreaterThan(0.98);
    // The transition really is there: before it A, after it B, in between neither.
    expect(ssim(frames[11]!, a, W, H)).toBeGreaterThan(0.98);
    expect(ssim(frames[17]!, b, W, H)).toBeGreaterThan(0.98);
    expect(ssim(frames[14]!, a, W, H)).toBeLessThan(0.9);
  });

  it('re-encodes only the edited segment’s clip and the two transitions touching it, and nothing when nothing changed', async () => {
    const f = await fixture([0.5, 0.5, 0.5, 0.5, 0.5, 0.5]);
    const counting = countingFfmpeg(f.dir);
    const run = input(f, { ffmpegPath: counting.ffmpegPath, transition: 'crossfade', transitionSeconds: 0.2, pauseSeconds: 0.2, maxParallelClips: 1 });
    // Six pictures and the five crossfades between them, each a clip of its own.
    expect(await renderVideo(run)).toMatchObject({ clipsTotal: 11, clipsCached: 0 });
    expect(counting.encodes()).toBe(11);
    // Consecutive clips share one encoder (its start-up costs as much as a short transition).
    expect(counting.encoderRuns()).toBe(1);

    const reports: RenderProgress[] = [];
    expect(await renderVideo(run, { onProgress: (p) => reports.push(p) })).toMatchObject({ clipsTotal: 11, clipsCached: 11 });
    expect(counting.encodes()).toBe(11);
    expect(reports.at(-1)).toMatchObject({ percentage: 100, clipsCached: 11, clipsTotal: 11 });

    // Music is part of the soundtrack only (SPEC §7.4): adding it re-muxes and encodes no clip.
    const musicPath = path.join(f.dir, 'music.wav');
    writePcmWav(musicPath, sine(0, 2 * RATE, 220));
    const withMusic = { ...run, music: { audioPath: musicPath, volumeDb: -12, loop: true, fadeOutSeconds: 1 } };
    expect(await renderVideo(withMusic)).toMatchObject({ clipsTotal: 11, clipsCached: 11 });
    expect(counting.encodes()).toBe(11);

    // A longer narration for segment 3 (index 2): its own clip and the crossfades into and out of
    // it (its picture moves differently across its longer span); the neighbours' clips stay.
    writePcmWav(f.segments[2]!.audioPath, noise(0.8 * RATE, 99));
    expect(await renderVideo(run)).toMatchObject({ clipsTotal: 11, clipsCached: 8 });
    expect(counting.encodes()).toBe(14);
    expect(counting.encoderRuns()).toBe(2);

    // With cuts, clips depend on their own segment only.
    const cuts = { ...run, transition: 'cut' as const };
    await renderVideo(cuts);
    const before = counting.encodes();
    writePcmWav(f.segments[4]!.audioPath, noise(0.6 * RATE, 98));
    expect(await renderVideo(cuts)).toMatchObject({ clipsCached: 5 });
    expect(counting.encodes()).toBe(before + 1);
    // Seven renders of six clips: on the shared 2-core machine this outlasted the default 120 s once.
  }, 600_000);

  it('reuses the built soundtrack when nothing it is made from changed, and builds it again when anything did', async () => {
    const f = await fixture([0.5, 0.7]);
    const counting = countingFfmpeg(f.dir);
    const musicA = path.join(f.dir, 'music-a.wav');
    const musicB = path.join(f.dir, 'music-b.wav');
    writePcmWav(musicA, sine(0, 2 * RATE, 220));
    writePcmWav(musicB, sine(0, 2 * RATE, 330));
    // The same bytes under another name: the soundtrack is keyed by content, not by path.
    const sameNarration = path.join(f.dir, 'speech-0-copy.wav');
    fs.copyFileSync(f.segments[0]!.audioPath, sameNarration);
    const otherNarration = path.join(f.dir, 'speech-0-other.wav');
    writePcmWav(otherNarration, noise(0.5 * RATE, 77));
    const music = { audioPath: musicA, volumeDb: -12, loop: true, fadeOutSeconds: 0.5 };
    const base = input(f, { ffmpegPath: counting.ffmpegPath, transition: 'crossfade', transitionSeconds: 0.2, pauseSeconds: 0.2, music });
    const withNarration0 = (audioPath: string): RenderInput['segments'] => f.segments.map((s, i) => (i === 0 ? { ...s, audioPath } : s));

    await renderVideo(base);
    expect(counting.soundtracks()).toBe(1);
    // Every input through renderVideo's wiring; soundtrack-cache.test.ts varies each key field alone.
    const cases: [string, Partial<RenderInput>, 'reused' | 'rebuilt'][] = [
      ['nothing changed', {}, 'reused'],
      ['a narration moved to a file with the same bytes', { segments: withNarration0(sameNarration) }, 'reused'],
      ['only the picture changed (zoom)', { zoomIntensity: 1.5 }, 'reused'],
      ['a narration’s content', { segments: withNarration0(otherNarration) }, 'rebuilt'],
      ['the pause (narration offsets)', { pauseSeconds: 0.3 }, 'rebuilt'],
      ['the loudness target', { loudnessTargetLufs: -23 }, 'rebuilt'],
      ['the music’s content', { music: { ...music, audioPath: musicB } }, 'rebuilt'],
      ['the music fade-out', { music: { ...music, fadeOutSeconds: 1 } }, 'rebuilt'],
    ];
    for (const [what, change, expected] of cases) {
      const before = counting.soundtracks();
      const result = await renderVideo({ ...base, ...change });
      expect(counting.soundtracks() - before, what).toBe(expected === 'rebuilt' ? 1 : 0);
      expect(result.durationSeconds, what).toBeGreaterThan(0);
    }
    // The cached soundtrack muxed into a no-change re-render is the one built for it, sample for sample.
    const again = await renderVideo(base);
    const fresh = await renderVideo({ ...base, outputPath: path.join(f.dir, 'fresh', 'final.mp4'), clipCache: undefined });
    expect(again.durationSeconds).toBe(fresh.durationSeconds);
    const a = decodeAudio(base.outputPath);
    const b = decodeAudio(path.join(f.dir, 'fresh', 'final.mp4'));
    expect(a.length).toBe(b.length);
    expect(a.every((v, i) => v === b[i])).toBe(true);
    // Eleven small renders; the shared test machine can be slow (soundtrack-cache.test.ts covers every key input).
  }, 600_000);

  it('rebuilds a damaged cached soundtrack instead of muxing it', async () => {
    const f = await fixture([0.5, 0.6]);
    const counting = countingFfmpeg(f.dir);
    const run = input(f, { ffmpegPath: counting.ffmpegPath });
    await renderVideo(run);
    const cacheDir = path.join(f.dir, 'cache', 'p1');
    const cached = fs.readdirSync(cacheDir).find((n) => n.startsWith('soundtrack-') && n.endsWith('.m4a'))!;
    const cachedPath = path.join(cacheDir, cached);
    const wholeBytes = fs.statSync(cachedPath).size;
    fs.truncateSync(cachedPath, Math.floor(wholeBytes / 2));
    // Without the video the clips must be joined again, with a soundtrack (an unchanged video is kept as it is).
    fs.rmSync(run.outputPath);
    const result = await renderVideo(run);
    expect(counting.soundtracks()).toBe(2);
    expect(counting.encodes()).toBe(2);
    expect(fs.statSync(cachedPath).size).toBe(wholeBytes);
    expect(result.durationSeconds).toBeCloseTo(1.1, 1);
  });

  it('re-renders a truncated cached clip instead of joining it', async () => {
    const f = await fixture([0.5, 0.6, 0.4]);
    const counting = countingFfmpeg(f.dir);
    const run = input(f, { ffmpegPath: counting.ffmpegPath });
    await renderVideo(run);
    const cacheDir = path.join(f.dir, 'cache', 'p1');
    const clip = fs.readdirSync(cacheDir).find((n) => n.endsWith('.mp4'))!;
    const clipPath = path.join(cacheDir, clip);
    // The cache counts frames from the MP4's own boxes; they agree with ffprobe.
    expect(String(await mp4VideoFrameCount(clipPath))).toBe(probe(clipPath).streams[0]?.nb_frames);
    fs.truncateSync(clipPath, Math.floor(fs.statSync(clipPath).size / 2));
    expect(await renderVideo(run)).toMatchObject({ clipsCached: 2 });
    expect(counting.encodes()).toBe(4);
    expect(probe(run.outputPath).streams.find((s) => s.codec_type === 'video')?.nb_frames).toBe('15');
  });

  it('keeps the finished video when nothing changed, and joins again when the video on disk is not that join', async () => {
    const f = await fixture([0.5, 0.6, 0.4]);
    const counting = countingFfmpeg(f.dir);
    const run = input(f, { ffmpegPath: counting.ffmpegPath, transition: 'crossfade', transitionSeconds: 0.2, pauseSeconds: 0.2 });
    // A join writes a new file and renames it over the video: a new (inode, mtime).
    const seen = new Set<string>();
    const joins = (): number => {
      const stat = fs.statSync(run.outputPath, { bigint: true });
      seen.add(`${stat.ino}:${stat.mtimeNs}`);
      return seen.size;
    };
    const first = await renderVideo(run);
    expect(joins()).toBe(1);
    // Joined by copying the clips' samples, not by ffmpeg's concat demuxer.
    expect(counting.joins()).toBe(0);
    const bytes = fs.readFileSync(run.outputPath);

    // Nothing changed: no encoder, no soundtrack, no join; the same file and the same facts.
    const reports: RenderProgress[] = [];
    const again = await renderVideo(run, { onProgress: (p) => reports.push(p) });
    expect([counting.encodes(), counting.soundtracks(), joins()]).toEqual([5, 1, 1]);
    expect(again).toEqual({ ...first, clipsCached: 5 });
    expect(fs.readFileSync(run.outputPath).equals(bytes)).toBe(true);
    expect(reports.at(-1)).toMatchObject({ percentage: 100, clipsCached: 5, clipsTotal: 5 });

    // The same clips and soundtrack, but the video on disk is not the recorded join: joined again.
    fs.truncateSync(run.outputPath, 1000);
    await renderVideo(run);
    expect(joins()).toBe(2);
    expect(fs.readFileSync(run.outputPath).equals(bytes)).toBe(true);
    fs.rmSync(run.outputPath);
    await renderVideo(run);
    expect(joins()).toBe(3);
    expect(fs.readFileSync(run.outputPath).equals(bytes)).toBe(true);

    // Another video from the same clips (only the soundtrack's loudness target differs): joined.
    await renderVideo({ ...run, loudnessTargetLufs: -23 });
    expect(joins()).toBe(4);
    // And back: the record now names the −23 LUFS join, so the −14 one is joined again.
    await renderVideo(run);
    expect(joins()).toBe(5);
    expect(counting.encodes()).toBe(5);
  });

  it('keeps the cache bounded, least recently used clips going first', async () => {
    const f = await fixture([0.5, 0.5]);
    const run = input(f);
    await renderVideo(run);
    const cacheDir = path.join(f.dir, 'cache', 'p1');
    const sizes = fs.readdirSync(cacheDir).filter((n) => n.endsWith('.mp4')).map((n) => fs.statSync(path.join(cacheDir, n)).size);
    // A different zoom makes two new clips; a bound of three clips' worth evicts one of the old ones.
    const bound = Math.max(...sizes) * 3;
    await renderVideo({ ...run, zoomIntensity: 1.5, clipCache: { root: path.join(f.dir, 'cache'), namespace: 'p1', maxBytes: bound } });
    const left = fs.readdirSync(cacheDir).filter((n) => n.endsWith('.mp4'));
    expect(left.length).toBeLessThanOrEqual(3);
    expect(left.reduce((s, n) => s + fs.statSync(path.join(cacheDir, n)).size, 0)).toBeLessThanOrEqual(bound);
  });

  it('stops every encoder on cancel during parallel clip encodes and leaves no partial file', async () => {
    const f = await fixture([3, 3, 3, 3]);
    const controller = new AbortController();
    const run = input(f, { width: 320, height: 180, fps: 25, quality: 'high', maxParallelClips: 2 });
    const reason = new DOMException('stop', 'AbortError');
    const rendering = renderVideo(run, {
      signal: controller.signal,
      onProgress: (p) => {
        if (p.framesDone > 0) controller.abort(reason);
      },
    });
    await expect(rendering).rejects.toBe(reason);
    // ps exits 1 when the process has no children at all.
    const children = spawnSync('ps', ['-o', 'comm=', '--ppid', String(process.pid)], { encoding: 'utf8' }).stdout;
    expect(children).not.toMatch(/ffmpeg/);
    expect(partialFiles(f)).toEqual([]);
    expect(fs.existsSync(run.outputPath)).toBe(false);
  });
});
