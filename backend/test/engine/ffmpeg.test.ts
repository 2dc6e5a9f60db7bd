import { describe, expect, it } from 'vitest';
import {
  buildClipEncodeArgs,
  buildClipList,
  buildCommonArgs,
  buildConcatFilter,
  buildJoinArgs,
  buildProbeArgs,
} from '../../src/engine/ffmpeg.js';
import { encoderSettings } from '../../src/engine/quality.js';

describe('ffmpeg args', () => {
  it('builds a clip encode: raw frames in, video-only H.264 with capped CRF and closed GOPs', () => {
    const args = buildClipEncodeArgs({
      width: 1920,
      height: 1080,
      fps: 30,
      encoder: encoderSettings('standard'),
      videoSource: '/tmp/frames.yuv',
      outputPath: '/cache/p/.k.1234.partial.mp4',
    });
    // prettier-ignore -- flags grouped as ffmpeg reads them
    expect(args).toEqual([
      '-hide_banner', '-nostdin', '-loglevel', 'error', '-nostats', '-progress', 'pipe:1', '-y',
      '-f', 'rawvideo', '-pix_fmt', 'yuv420p', '-video_size', '1920x1080', '-framerate', '30', '-i', '/tmp/frames.yuv',
      '-an',
      '-c:v', 'libx264', '-preset', 'veryfast', '-crf', '14', '-maxrate', '8000k', '-bufsize', '16000k',
      '-tune', 'ssim', '-x264-params', 'ref=2:bframes=5:rc-lookahead=20',
      '-flags', '+cgop', '-pix_fmt', 'yuv420p',
      '-colorspace', 'bt709', '-color_primaries', 'bt709', '-color_trc', 'bt709', '-color_range', 'tv',
      '-f', 'mp4', '/cache/p/.k.1234.partial.mp4',
    ]);
  });

  it('passes a tune and x264 options after the rate control, and nothing for them when unset', () => {
    const input = { width: 320, height: 180, fps: 30, videoSource: 'pipe:0', outputPath: '/o/c.mp4' };
    const plain = { preset: 'veryfast', crf: 14, maxrateKbps: 8000, bufsizeKbps: 16000 };
    const tuned = buildClipEncodeArgs({ ...input, encoder: { ...plain, tune: 'ssim', x264Params: 'subme=4:ref=2' } });
    const bufsize = tuned.indexOf('-bufsize');
    expect(tuned.slice(bufsize, bufsize + 6)).toEqual(['-bufsize', '16000k', '-tune', 'ssim', '-x264-params', 'subme=4:ref=2']);
    const untuned = buildClipEncodeArgs({ ...input, encoder: plain });
    expect(untuned).not.toContain('-tune');
    expect(untuned).not.toContain('-x264-params');
    // The clip cache keys clips by these arguments, so a changed option never reuses an old clip.
    expect(untuned).not.toEqual(tuned);
  });

  it('builds concat filters for audio and video', () => {
    expect(buildConcatFilter(['a0', 'a1', 'a2'], 'audio', 'out')).toBe('[a0][a1][a2]concat=n=3:v=0:a=1[out]');
    expect(buildConcatFilter(['v0', 'v1'], 'video', 'v')).toBe('[v0][v1]concat=n=2:v=1:a=0[v]');
  });

  it('joins the clips and the encoded soundtrack by stream copy, with faststart', () => {
    expect(buildJoinArgs({ clipListPath: '/o/list.txt', soundtrackPath: '/o/track.m4a', outputPath: '/o/.final.partial' })).toEqual([
      '-hide_banner', '-nostdin', '-loglevel', 'error', '-nostats', '-progress', 'pipe:1', '-y',
      '-f', 'concat', '-safe', '0', '-i', '/o/list.txt', '-i', '/o/track.m4a',
      '-map', '0:v:0', '-map', '1:a:0', '-c:v', 'copy', '-c:a', 'copy',
      '-movflags', '+faststart', '-f', 'mp4', '/o/.final.partial',
    ]);
  });

  it('writes a concat list with quotes in paths escaped', () => {
    expect(buildClipList([{ path: '/c/a.mp4', frameCount: 45 }, { path: "/c/it's.mp4", frameCount: 31 }], 30)).toBe(
      "file '/c/a.mp4'\nduration 1.500000\nfile '/c/it'\\''s.mp4'\nduration 1.033333\n",
    );
  });

  it('keeps paths with spaces as single arguments', () => {
    const args = buildClipEncodeArgs({
      width: 320,
      height: 180,
      fps: 10,
      encoder: encoderSettings('draft'),
      videoSource: '/my frames/f.yuv',
      outputPath: '/my out/clip file.mp4',
    });
    expect(args).toEqual(expect.arrayContaining(['/my frames/f.yuv', '/my out/clip file.mp4', 'ultrafast']));
    expect(args[args.length - 1]).toBe('/my out/clip file.mp4');
  });

  it('starts every ffmpeg call quiet, without keyboard input and with progress on stdout', () => {
    expect(buildCommonArgs()).toEqual(['-hide_banner', '-nostdin', '-loglevel', 'error', '-nostats', '-progress', 'pipe:1', '-y']);
  });

  it('asks ffprobe for JSON streams and format', () => {
    expect(buildProbeArgs('/m/a.wav')).toEqual(['-v', 'error', '-print_format', 'json', '-show_format', '-show_streams', '/m/a.wav']);
  });
});
