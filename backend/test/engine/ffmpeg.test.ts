import { describe, expect, it } from 'vitest';
import { buildAudioJoinArgs, buildCommonArgs, buildEncodeArgs, buildProbeArgs } from '../../src/engine/ffmpeg.js';

describe('ffmpeg args', () => {
  it('builds the render command: raw frames on stdin, audio concatenated, H.264 + AAC with faststart', () => {
    const args = buildEncodeArgs({
      width: 1920,
      height: 1080,
      fps: 30,
      preset: 'medium',
      videoSource: 'pipe:0',
      audioPaths: ['/m/a.wav', '/m/b.wav'],
      outputPath: '/out/.final.mp4.x.partial',
    });
    // prettier-ignore -- flags grouped as ffmpeg reads them
    expect(args).toEqual([
      '-hide_banner', '-nostdin', '-loglevel', 'error', '-nostats', '-progress', 'pipe:1', '-y',
      '-f', 'rawvideo', '-pix_fmt', 'yuv420p', '-video_size', '1920x1080', '-framerate', '30', '-i', 'pipe:0',
      '-i', '/m/a.wav', '-i', '/m/b.wav',
      '-filter_complex',
      '[1:a]aresample=48000,aformat=sample_fmts=fltp:channel_layouts=stereo[a0];' +
        '[2:a]aresample=48000,aformat=sample_fmts=fltp:channel_layouts=stereo[a1];' +
        '[a0][a1]concat=n=2:v=0:a=1[aout]',
      '-map', '0:v:0', '-map', '[aout]',
      '-c:v', 'libx264', '-preset', 'medium', '-b:v', '8000k', '-pix_fmt', 'yuv420p',
      '-colorspace', 'bt709', '-color_primaries', 'bt709', '-color_trc', 'bt709', '-color_range', 'tv',
      '-c:a', 'aac', '-b:a', '192k',
      '-movflags', '+faststart',
      '-f', 'mp4', '/out/.final.mp4.x.partial',
    ]);
  });

  it('joins the segment audio into one 48 kHz stereo WAV before the encode', () => {
    // prettier-ignore -- flags grouped as ffmpeg reads them
    expect(buildAudioJoinArgs(['/m/a.wav', '/m/b.mp3'], '/out/.final.mp4.x.partial.wav')).toEqual([
      '-hide_banner', '-nostdin', '-loglevel', 'error', '-nostats', '-progress', 'pipe:1', '-y',
      '-i', '/m/a.wav', '-i', '/m/b.mp3',
      '-filter_complex',
      '[0:a]aresample=48000,aformat=sample_fmts=s16:channel_layouts=stereo[a0];' +
        '[1:a]aresample=48000,aformat=sample_fmts=s16:channel_layouts=stereo[a1];' +
        '[a0][a1]concat=n=2:v=0:a=1[aout]',
      '-map', '[aout]', '-c:a', 'pcm_s16le', '-f', 'wav', '/out/.final.mp4.x.partial.wav',
    ]);
  });

  it('keeps paths with spaces as single arguments', () => {
    const args = buildEncodeArgs({
      width: 320,
      height: 180,
      fps: 10,
      preset: 'veryfast',
      videoSource: 'pipe:0',
      audioPaths: ['/my media/a b.wav'],
      outputPath: '/my out/final file.mp4',
    });
    expect(args).toEqual(expect.arrayContaining(['/my media/a b.wav', '/my out/final file.mp4', 'veryfast']));
    expect(args[args.length - 1]).toBe('/my out/final file.mp4');
  });

  it('starts every ffmpeg call quiet, without keyboard input and with progress on stdout', () => {
    expect(buildCommonArgs()).toEqual(['-hide_banner', '-nostdin', '-loglevel', 'error', '-nostats', '-progress', 'pipe:1', '-y']);
  });

  it('asks ffprobe for JSON streams and format', () => {
    expect(buildProbeArgs('/m/a.wav')).toEqual(['-v', 'error', '-print_format', 'json', '-show_format', '-show_streams', '/m/a.wav']);
  });
});
