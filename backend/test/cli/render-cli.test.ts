import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { parseCliArgs, UsageError } from '../../src/cli/args.js';
import { decodeFrames, makeTexturedImage, probe } from '../engine/media.js';
import { makeTempDir } from '../helper.js';

const BIN = path.resolve(import.meta.dirname, '../../bin/storyflow.mjs');

type Run = { code: number; stdout: string; stderr: string };

/** The CLI as a user runs it: a separate node process through the bin script. */
async function storyflow(args: string[], cwd: string): Promise<Run> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [BIN, ...args], { cwd });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    return { code: e.code ?? -1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

async function storyDir(): Promise<string> {
  const dir = makeTempDir('storyflow-cli-');
  fs.mkdirSync(path.join(dir, 'images'));
  // Named so that name order (natural: 2 before 10) decides which segment gets which.
  await makeTexturedImage(path.join(dir, 'images', '2-dark.png'), 320, 180, { r: 20, g: 20, b: 20 });
  await makeTexturedImage(path.join(dir, 'images', '10-bright.png'), 320, 180, { r: 235, g: 235, b: 235 });
  return dir;
}

describe('npx storyflow render', () => {
  it('renders a 2-segment text story to an MP4 that ffprobe reads, pictures in name order', async () => {
    const dir = await storyDir();
    fs.writeFileSync(
      path.join(dir, 'story.txt'),
      'Text: The keeper climbed the stairs one last time.\nPrompt: stairs\n---\nText: Then he lit the lamp.\n',
    );
    const run = await storyflow(['render', 'story.txt', '--images', 'images', '-o', 'out/video.mp4', '--size', '160x90', '--fps', '24', '--quality', 'standard'], dir);
    // Not a terminal here, so the bar is written as a line per tenth, rising to 100 %.
    const percents = [...run.stderr.matchAll(/^ *(\d+)% /gm)].map((m) => Number(m[1]));
    expect(run.stderr).toContain('speaking segment 1/2');
    expect(percents).toEqual([...percents].sort((a, b) => a - b));
    expect(percents.at(-1)).toBe(100);
    expect(run).toMatchObject({ code: 0 });
    expect(run.stdout).toMatch(/^Wrote out\/video\.mp4: \d+\.\d s, 160x90 at 24 fps, voice espeak:en-us\n$/);

    const file = path.join(dir, 'out', 'video.mp4');
    const info = probe(file);
    expect(info.streams.map((s) => s.codec_name).sort()).toEqual(['aac', 'h264']);
    expect(info.streams.find((s) => s.codec_type === 'video')).toMatchObject({ width: 160, height: 90, r_frame_rate: '24/1' });
    expect(Number(info.format.duration)).toBeGreaterThan(1.5);
    const frames = decodeFrames(file, 160, 90, 'gray');
    const mean = (f: Buffer) => f.reduce((a, b) => a + b, 0) / f.length;
    // Segment 1 got 2-dark.png, segment 2 got 10-bright.png.
    expect(mean(frames[0]!)).toBeLessThan(80);
    expect(mean(frames.at(-1)!)).toBeGreaterThan(170);
  });

  it('renders a JSON story whose segments name their images, in the chosen format and voice', async () => {
    const dir = await storyDir();
    const story = { segments: [{ text_content: 'Bright first.', image: '10-bright.png' }, { text_content: 'Dark second.', image: '2-dark.png' }] };
    fs.writeFileSync(path.join(dir, 'story.json'), JSON.stringify(story));
    const run = await storyflow(['render', 'story.json', '--images', 'images', '-o', 'v.mp4', '--format', '9:16', '--size', '90x160', '--voice', 'espeak:en-us+f3'], dir);
    expect(run).toMatchObject({ code: 0 });
    expect(run.stdout).toContain('90x160 at 30 fps, voice espeak:en-us+f3');
    const frames = decodeFrames(path.join(dir, 'v.mp4'), 90, 160, 'gray');
    expect(frames[0]!.reduce((a, b) => a + b, 0) / frames[0]!.length).toBeGreaterThan(170);
  });

  it('exits 1 naming a missing image, and writes nothing', async () => {
    const dir = await storyDir();
    const story = [{ text_content: 'One.', image: '2-dark.png' }, { text_content: 'Two.', image: 'harbour.jpg' }];
    fs.writeFileSync(path.join(dir, 'story.json'), JSON.stringify(story));
    const run = await storyflow(['render', 'story.json', '--images', 'images', '-o', 'v.mp4'], dir);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(`storyflow: Missing image:\n  segment 2: image not found: ${path.join('images', 'harbour.jpg')}\n`);
    expect(fs.existsSync(path.join(dir, 'v.mp4'))).toBe(false);
  });

  it('exits 1 when the folder has fewer images than the story has segments', async () => {
    const dir = await storyDir();
    fs.writeFileSync(path.join(dir, 'story.txt'), 'Text: a\n---\nText: b\n---\nText: c\n');
    const run = await storyflow(['render', 'story.txt', '--images', 'images', '-o', 'v.mp4'], dir);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('segment 3 has no image: images holds 2 image(s) for 3 segments');
  });

  it('exits 1 with the import parser\'s message for a bad story and for an unknown voice', async () => {
    const dir = await storyDir();
    fs.writeFileSync(path.join(dir, 'story.txt'), 'Prompt: only a prompt\n');
    const bad = await storyflow(['render', 'story.txt', '--images', 'images', '-o', 'v.mp4'], dir);
    expect(bad).toMatchObject({ code: 1, stderr: 'storyflow: story.txt: Block 1 has no "Text:" line with narration\n' });
    fs.writeFileSync(path.join(dir, 'story.txt'), 'Text: fine\n');
    const voice = await storyflow(['render', 'story.txt', '--images', 'images', '-o', 'v.mp4', '--voice', 'espeak:xx-nope'], dir);
    expect(voice.code).toBe(1);
    expect(voice.stderr).toContain('Unknown voice "espeak:xx-nope"');
  });

  it('prints help with exit 0, and exits 2 on wrong usage', async () => {
    const dir = makeTempDir();
    const help = await storyflow(['--help'], dir);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('storyflow render <story.txt|story.json> --images <dir> -o <out.mp4>');
    expect(help.stdout).toContain('--format <aspect>');
    const wrong = await storyflow(['render', 'story.txt', '--images', 'x', '-o', 'y.mp4', '--format', '3:2'], dir);
    expect(wrong).toMatchObject({ code: 2 });
    expect(wrong.stderr).toContain('--format must be one of 16:9, 9:16, 1:1, 4:5 (got "3:2")');
  });
});

describe('CLI arguments', () => {
  it('maps --format to the SPEC presets and validates the rest', () => {
    expect(parseCliArgs(['render', 's.txt', '--images', 'i', '-o', 'o.mp4', '--format', '4:5'])).toMatchObject({
      width: 1080,
      height: 1350,
      fps: 30,
      quality: 'standard',
      speed: 1,
      voice: undefined,
    });
    for (const bad of [['--size', '161x90'], ['--fps', '29'], ['--quality', 'ultra'], ['--speed', '3'], ['--nope']]) {
      expect(() => parseCliArgs(['render', 's.txt', '--images', 'i', '-o', 'o.mp4', ...bad])).toThrow(UsageError);
    }
    expect(() => parseCliArgs(['render', 's.txt', '-o', 'o.mp4'])).toThrow('--images <dir> is required');
  });
});
