import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkFfmpegCapabilities, resolveMediaTools, type ResolvedTool, type ToolResolution } from '../../../src/engine/tools/media-tools.js';
import { makeTempDir } from '../../helper.js';
import { FFMPEG, FFPROBE } from '../media.js';

function resolved(tool: ToolResolution): ResolvedTool {
  if (!tool.ok) throw new Error(`expected a usable ${tool.name}: ${tool.message}`);
  return tool;
}

/** A folder holding only `name`, linked to `target`, to serve as the whole PATH. */
function pathWith(name: string, target: string): string {
  const dir = makeTempDir();
  fs.symlinkSync(target, path.join(dir, name));
  return dir;
}

/** An ffmpeg that runs and reports a version, but lists encoders without libx264. */
function ffmpegWithoutX264(): string {
  const dir = makeTempDir();
  const script = `#!/bin/sh
case "$*" in
  *-version*) echo "ffmpeg version 9.9-stub Copyright (c) the FFmpeg developers" ;;
  *-encoders*) printf 'Encoders:\\n V..... = Video\\n ------\\n V..... mpeg4                MPEG-4 part 2\\n A..... aac                  AAC (Advanced Audio Coding)\\n' ;;
  *-filters*) printf 'Filters:\\n ... aresample         A->A       Resample audio data.\\n ... aformat           A->A       Convert the input audio.\\n ..C concat            N->N       Concatenate audio and video streams.\\n' ;;
esac
exit 0
`;
  fs.writeFileSync(path.join(dir, 'ffmpeg'), script, { mode: 0o755 });
  return dir;
}

describe('media tool resolver', () => {
  it('uses the program an env var names, even where another would be found', async () => {
    const tools = await resolveMediaTools({ FFMPEG_PATH: FFMPEG, FFPROBE_PATH: FFPROBE, PATH: '' });
    expect(resolved(tools.ffmpeg)).toMatchObject({ source: 'env', path: FFMPEG, kind: 'program', version: expect.stringMatching(/\S/) });
    expect(resolved(tools.ffprobe)).toMatchObject({ source: 'env', path: FFPROBE });
  });

  it('prefers a system program on PATH that passes the capability check', async () => {
    const dir = pathWith('ffmpeg', FFMPEG);
    const tool = resolved((await resolveMediaTools({ PATH: dir })).ffmpeg);
    expect(tool).toMatchObject({ source: 'system', path: path.join(dir, 'ffmpeg'), skipped: [] });
  });

  it('passes over a system ffmpeg lacking libx264 and says why, then uses the bundled one', async () => {
    const dir = ffmpegWithoutX264();
    expect(await checkFfmpegCapabilities(path.join(dir, 'ffmpeg'))).toEqual({ ok: false, why: 'lacks encoder libx264' });
    const tool = resolved((await resolveMediaTools({ PATH: dir })).ffmpeg);
    expect(tool.source).toBe('bundled');
    expect(tool.path).toMatch(/node_modules\/@ffmpeg-installer\//);
    expect(tool.skipped).toEqual([`system ${path.join(dir, 'ffmpeg')}: lacks encoder libx264`]);
  });

  it('uses the bundled ffmpeg, ffprobe and WebAssembly espeak-ng when there is nothing on PATH', async () => {
    const tools = await resolveMediaTools({ PATH: makeTempDir() });
    const ffmpeg = resolved(tools.ffmpeg);
    expect(ffmpeg).toMatchObject({ source: 'bundled', skipped: ['no ffmpeg on PATH'] });
    // The 2018 build still has every encoder and filter the engine's arguments use.
    expect(await checkFfmpegCapabilities(ffmpeg.path)).toMatchObject({ ok: true });
    expect(resolved(tools.ffprobe)).toMatchObject({ source: 'bundled', path: expect.stringMatching(/@ffprobe-installer\//) });
    expect(resolved(tools.espeak)).toMatchObject({ source: 'bundled', kind: 'wasm', path: expect.stringMatching(/espeak-ng-emscripten\/espeak-ng\.js$/) });
  });

  it('does not fall back past a program the user named that does not run, and says which', async () => {
    const tools = await resolveMediaTools({ FFMPEG_PATH: '/nonexistent/ffmpeg', ESPEAK_PATH: '/nonexistent/espeak-ng', PATH: '' });
    expect(tools.ffmpeg).toMatchObject({ ok: false, message: expect.stringContaining('/nonexistent/ffmpeg') });
    expect(tools.espeak).toMatchObject({ ok: false, message: expect.stringContaining('ESPEAK_PATH') });
  });

  it.runIf(process.env.STORYFLOW_BARE_MACHINE === '1')('chose the bundled programs in this bare-machine run', async () => {
    const tools = await resolveMediaTools(process.env);
    expect([tools.ffmpeg, tools.ffprobe, tools.espeak].map((t) => resolved(t).source)).toEqual(['bundled', 'bundled', 'bundled']);
  });
});
