import { parseArgs } from 'node:util';

/** Output frame sizes per aspect (SPEC §7.1 presets; the first of each is the default). */
export const FORMATS = {
  '16:9': { width: 1920, height: 1080 },
  '9:16': { width: 1080, height: 1920 },
  '1:1': { width: 1080, height: 1080 },
  '4:5': { width: 1080, height: 1350 },
} as const;
export type Format = keyof typeof FORMATS;

/**
 * x264 presets per quality mode, from the measurements in SPEC §7.6 (CPU s / SSIM-Y):
 * veryfast 43 s / 0.9913 is within 0.001 of medium's 0.9919 at under half its time;
 * high is medium itself; draft trades quality for speed.
 */
export const QUALITY_PRESETS = { draft: 'ultrafast', standard: 'veryfast', high: 'medium' } as const;
export type Quality = keyof typeof QUALITY_PRESETS;

export type RenderCommand = {
  command: 'render';
  story: string;
  images: string;
  output: string;
  width: number;
  height: number;
  fps: number;
  quality: Quality;
  /** `engine:voice`; undefined = the best installed engine's default voice. */
  voice: string | undefined;
  speed: number;
};
export type CliCommand = RenderCommand | { command: 'help' } | { command: 'voices' };

/** A mistake in how the CLI was called: printed with a hint to --help, exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export const HELP = `Usage:
  storyflow render <story.txt|story.json> --images <dir> -o <out.mp4> [options]
  storyflow voices          list the voices this machine can speak with
  storyflow --help

Renders a narrated Ken Burns video from a story file, without the web app or server.

Story files:
  .txt   blocks separated by a line of ---, each with "Text: ..." (and optional "Prompt: ...")
  .json  {"segments": [{"text_content": "...", "image": "harbour.jpg"}, ...]} or just the array

Images: a segment's "image" (JSON) names a file in --images; otherwise segment N takes the
N-th image of the folder in name order (1.jpg, 2.jpg, … 10.jpg).

Options:
  --images <dir>       folder with the pictures (required)
  -o, --output <file>  where the MP4 goes (required)
  --format <aspect>    16:9 (1920x1080, default), 9:16 (1080x1920), 1:1 (1080x1080), 4:5 (1080x1350)
  --size <WxH>         another frame size, e.g. 1280x720 (even numbers)
  --fps <n>            frames per second: 24, 25, 30 (default), 50 or 60
  --quality <mode>     draft, standard (default) or high
  --voice <id>         e.g. espeak:en-us or kokoro:af_heart (see "storyflow voices")
  --speed <x>          speech speed 0.5-2.0 (default 1.0)
  -h, --help           this text

Exit codes: 0 done, 1 bad input or failed render, 2 wrong usage.`;

const FPS = new Set([24, 25, 30, 50, 60]);

export function parseCliArgs(argv: readonly string[]): CliCommand {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        images: { type: 'string' },
        output: { type: 'string', short: 'o' },
        format: { type: 'string' },
        size: { type: 'string' },
        fps: { type: 'string' },
        quality: { type: 'string' },
        voice: { type: 'string' },
        speed: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err));
  }
  const { values, positionals } = parsed;
  if (values.help || positionals.length === 0 || positionals[0] === 'help') return { command: 'help' };
  const [command, ...rest] = positionals;
  if (command === 'voices') return { command: 'voices' };
  if (command !== 'render') throw new UsageError(`Unknown command "${command}"`);
  if (rest.length !== 1) throw new UsageError('Name exactly one story file: storyflow render story.txt --images dir/ -o out.mp4');
  if (values.images === undefined) throw new UsageError('--images <dir> is required');
  if (values.output === undefined) throw new UsageError('-o <out.mp4> is required');

  const format = values.format ?? '16:9';
  if (!(format in FORMATS)) throw new UsageError(`--format must be one of ${Object.keys(FORMATS).join(', ')} (got "${format}")`);
  let { width, height }: { width: number; height: number } = FORMATS[format as Format];
  if (values.size !== undefined) {
    const m = /^(\d+)x(\d+)$/.exec(values.size);
    const [w, h] = [Number(m?.[1]), Number(m?.[2])];
    if (!m || w < 16 || h < 16 || w > 7680 || h > 7680 || w % 2 !== 0 || h % 2 !== 0) {
      throw new UsageError(`--size must be WIDTHxHEIGHT with even numbers from 16 to 7680 (got "${values.size}")`);
    }
    [width, height] = [w, h];
  }
  const fps = Number(values.fps ?? 30);
  if (!FPS.has(fps)) throw new UsageError(`--fps must be one of ${[...FPS].join(', ')} (got "${values.fps}")`);
  const quality = values.quality ?? 'standard';
  if (!(quality in QUALITY_PRESETS)) {
    throw new UsageError(`--quality must be one of ${Object.keys(QUALITY_PRESETS).join(', ')} (got "${quality}")`);
  }
  const speed = Number(values.speed ?? 1);
  if (!(speed >= 0.5 && speed <= 2)) throw new UsageError(`--speed must be between 0.5 and 2.0 (got "${values.speed}")`);
  return {
    command: 'render',
    story: rest[0]!,
    images: values.images,
    output: values.output,
    width,
    height,
    fps,
    quality: quality as Quality,
    voice: values.voice,
    speed,
  };
}
