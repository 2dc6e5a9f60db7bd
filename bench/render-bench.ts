/**
 * Render benchmark (DESIGN §5/§6). Generates the standard fixture (6 segments × 5 s,
 * 1920×1080, images of several sizes and aspect ratios, espeak-ng speech), renders it
 * with the engine, then encodes the same frames with ffmpeg alone — decoded back to raw
 * yuv420p and fed through the same encode command (libx264, same preset and bitrate,
 * same audio and muxing) — and prints `ratio: N.NN` = render time / floor time.
 *
 *   npm run bench                      6 segments, render + floor
 *   npm run bench -- --segments 60     long run (peak RSS should stay flat)
 *   options: --runs N (medians), --no-floor, --preset P, --zoom Z
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { renderVideo, type RenderInput } from '../backend/src/engine/index.js';
import { buildAudioJoinArgs, buildEncodeArgs, runProcess } from '../backend/src/engine/ffmpeg.js';
import { createSpeechService } from '../backend/src/engine/speech/index.js';
import { requireTool, resolveMediaTools } from '../backend/src/engine/tools/media-tools.js';

type Options = { segments: number; runs: number; floor: boolean; preset: string; zoom: number; seconds: number };

/**
 * `npm run bench -- --segments 60` at the root goes through a second `npm run`, which
 * takes unknown `--flags` as its own config (npm_config_segments=true) and passes only
 * the values on. Put them back together so both spellings work.
 */
function restoreNpmFlags(argv: string[]): string[] {
  const flags = ['segments', 'runs', 'preset', 'zoom', 'seconds'].filter((f) => process.env[`npm_config_${f}`] === 'true');
  const values = argv.filter((a) => !a.startsWith('--'));
  if (flags.length === 0 || values.length !== flags.length) return argv;
  return [...argv.filter((a) => a.startsWith('--')), ...flags.flatMap((f, i) => [`--${f}`, values[i]!])];
}

function parseArgs(rawArgv: string[]): Options {
  const opts: Options = { segments: 6, runs: 1, floor: true, preset: 'medium', zoom: 1.3, seconds: 5 };
  const argv = restoreNpmFlags(rawArgv);
  if (process.env.npm_config_floor === 'false' || process.env['npm_config_no_floor'] === 'true') opts.floor = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const next = (): string => argv[++i] ?? '';
    if (arg === '--segments') opts.segments = Number(next());
    else if (arg === '--runs') opts.runs = Number(next());
    else if (arg === '--no-floor') opts.floor = false;
    else if (arg === '--preset') opts.preset = next();
    else if (arg === '--zoom') opts.zoom = Number(next());
    else if (arg === '--seconds') opts.seconds = Number(next());
  }
  return opts;
}

// The programs the server would use here (engine/tools): system ones that pass the check, else bundled.
const TOOLS = await resolveMediaTools(process.env);
const FFMPEG = requireTool(TOOLS.ffmpeg);
const FFPROBE = requireTool(TOOLS.ffprobe);
const SPEECH = createSpeechService({ espeak: TOOLS.espeak, modelsDir: '/nonexistent' });
const WIDTH = 1920;
const HEIGHT = 1080;
const FPS = 30;

/** Sizes cycle over segments: landscape, photo 4:3 at 12 MP, portrait, square, small, panorama. */
const IMAGE_SIZES: readonly [number, number, 'jpeg' | 'png'][] = [
  [1920, 1080, 'jpeg'],
  [4000, 3000, 'jpeg'],
  [1080, 1920, 'png'],
  [1500, 1500, 'jpeg'],
  [800, 600, 'png'],
  [3000, 1000, 'jpeg'],
];

const SENTENCES = [
  'Once upon a time, a lighthouse keeper found a map inside a bottle.',
  'The map showed an island that no ship had ever reached.',
  'She packed bread, a lantern and her grandfather’s compass.',
  'For three days the sea was calm and the wind was kind.',
  'On the fourth night, the stars rearranged themselves into a path.',
  'At dawn the island rose from the mist, exactly where the map said.',
];

async function makeImage(file: string, width: number, height: number, seed: number): Promise<void> {
  // Photo-like content: smooth colour gradients, shapes and fine texture, so the encoder works as hard as on real pictures.
  const hue = (seed * 57) % 360;
  const circles = Array.from({ length: 12 }, (_, k) => {
    const cx = ((k * 7919 + seed * 104729) % 1000) / 1000;
    const cy = ((k * 6271 + seed * 15485863) % 1000) / 1000;
    return `<circle cx="${cx * width}" cy="${cy * height}" r="${(0.04 + (k % 5) * 0.03) * Math.min(width, height)}" fill="hsl(${(hue + k * 29) % 360},70%,${40 + (k % 4) * 10}%)" fill-opacity="0.7"/>`;
  }).join('');
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">
    <defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1">
      <stop offset="0" stop-color="hsl(${hue},60%,30%)"/><stop offset="1" stop-color="hsl(${(hue + 120) % 360},60%,70%)"/>
    </linearGradient></defs>
    <rect width="100%" height="100%" fill="url(#g)"/>${circles}
    <text x="5%" y="20%" font-size="${Math.round(height / 10)}" fill="white" font-family="sans-serif">Scene ${seed + 1}</text></svg>`;
  const noise = await sharp({
    create: { width, height, channels: 3, background: { r: 128, g: 128, b: 128 }, noise: { type: 'gaussian', mean: 128, sigma: 40 } },
  })
    .blur(1.2)
    .png()
    .toBuffer();
  const img = sharp(Buffer.from(svg)).composite([{ input: noise, blend: 'overlay' }]);
  await (file.endsWith('.png') ? img.png() : img.jpeg({ quality: 90 })).toFile(file);
}

async function makeSpeech(file: string, text: string, seconds: number): Promise<void> {
  const raw = `${file}.raw.wav`;
  await SPEECH.speak({ text, voiceId: 'espeak:en-us', speed: 1, outputFile: raw });
  // Pad or trim to exactly `seconds`, so every fixture segment has the same length.
  execFileSync(FFMPEG, ['-v', 'error', '-y', '-i', raw, '-af', `apad,atrim=0:${seconds}`, file]);
  fs.rmSync(raw);
}

async function makeFixture(dir: string, opts: Options): Promise<RenderInput['segments']> {
  const segments: RenderInput['segments'] = [];
  const uniqueImages = Math.min(opts.segments, IMAGE_SIZES.length * 2);
  for (let i = 0; i < opts.segments; i++) {
    const k = i % uniqueImages;
    const [w, h, ext] = IMAGE_SIZES[k % IMAGE_SIZES.length]!;
    const imagePath = path.join(dir, `image-${k}.${ext === 'jpeg' ? 'jpg' : 'png'}`);
    const audioPath = path.join(dir, `speech-${k % SENTENCES.length}.wav`);
    if (!fs.existsSync(imagePath)) await makeImage(imagePath, w, h, k);
    if (!fs.existsSync(audioPath)) await makeSpeech(audioPath, SENTENCES[k % SENTENCES.length]!, opts.seconds);
    segments.push({ imagePath, audioPath });
  }
  return segments;
}

/** Peak resident memory of this process and all its descendants (ffmpeg included), sampled from /proc. */
function startRssSampler(): { stop: () => number; currentKb: () => number } {
  let peakKb = 0;
  let lastKb = 0;
  const sample = (): void => {
    const children = new Map<number, number[]>();
    for (const entry of fs.readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      try {
        const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
        const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
        const list = children.get(ppid) ?? [];
        list.push(Number(entry));
        children.set(ppid, list);
      } catch {
        // the process exited while we looked
      }
    }
    let totalKb = 0;
    const stack = [process.pid];
    while (stack.length > 0) {
      const pid = stack.pop()!;
      try {
        const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
        totalKb += Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
      } catch {
        // exited
      }
      stack.push(...(children.get(pid) ?? []));
    }
    lastKb = totalKb;
    peakKb = Math.max(peakKb, totalKb);
  };
  const timer = setInterval(sample, 200);
  sample();
  return {
    stop: () => {
      clearInterval(timer);
      sample();
      return peakKb;
    },
    currentKb: () => lastKb,
  };
}

/** CPU seconds of this process plus its waited-for children (ffmpeg), from /proc/self/stat. */
function cpuSeconds(): number {
  const stat = fs.readFileSync('/proc/self/stat', 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // utime, stime, cutime, cstime are fields 14–17 (1-based), i.e. 11–14 after the command name.
  const ticks = [11, 12, 13, 14].reduce((sum, i) => sum + Number(fields[i]), 0);
  return ticks / 100;
}

type Timing = { seconds: number; cpuSeconds: number; peakMb: number };

async function timeRender(input: RenderInput): Promise<Timing> {
  const rss = startRssSampler();
  const cpu0 = cpuSeconds();
  const t0 = performance.now();
  let lastLine = 0;
  const quarters: string[] = [];
  await renderVideo(input, {
    onProgress: (p) => {
      // Memory at each quarter of the frames: flat means it does not grow with length.
      const q = Math.floor((4 * p.framesDone) / Math.max(1, p.framesTotal));
      if (p.framesTotal > 0 && q > quarters.length && quarters.length < 4) {
        quarters.push(`${25 * q}%: ${(rss.currentKb() / 1024).toFixed(0)} MB`);
      }
      if (performance.now() - lastLine > 5000) {
        lastLine = performance.now();
        process.stderr.write(`  ${p.percentage}% ${p.phase} (${p.framesDone}/${p.framesTotal} frames, ${p.fps} fps)\n`);
      }
    },
  });
  const seconds = (performance.now() - t0) / 1000;
  console.log(`  RSS during the render at ${quarters.join(', ')} of the frames`);
  return { seconds, cpuSeconds: cpuSeconds() - cpu0, peakMb: rss.stop() / 1024 };
}

async function timeFloor(input: RenderInput, rawPath: string, outPath: string): Promise<Timing> {
  // The renderer joins the narration first and encodes video + one WAV; so does the floor
  // (the join is not timed here; it takes well under a second).
  const joined = `${rawPath}.wav`;
  if (!fs.existsSync(joined)) {
    const join = await runProcess(FFMPEG, buildAudioJoinArgs(input.segments.map((s) => s.audioPath), joined)).done;
    if (join.exitCode !== 0) throw new Error(`joining audio for the floor failed: ${join.stderrTail}`);
  }
  const args = buildEncodeArgs({
    width: WIDTH,
    height: HEIGHT,
    fps: FPS,
    preset: input.preset ?? 'medium',
    videoSource: rawPath,
    audioPaths: [joined],
    outputPath: outPath,
  });
  const rss = startRssSampler();
  const cpu0 = cpuSeconds();
  const t0 = performance.now();
  const result = await runProcess(FFMPEG, args).done;
  if (result.exitCode !== 0) throw new Error(`floor encode failed: ${result.stderrTail}`);
  const seconds = (performance.now() - t0) / 1000;
  return { seconds, cpuSeconds: cpuSeconds() - cpu0, peakMb: rss.stop() / 1024 };
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function main(): Promise<void> {
  const opts = parseArgs(process.argv.slice(2));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'storyflow-bench-'));
  try {
    console.log(`fixture: ${opts.segments} segments × ${opts.seconds} s, ${WIDTH}x${HEIGHT} @ ${FPS} fps, zoom ${opts.zoom}, x264 ${opts.preset} 8000k, ${os.cpus().length} cores`);
    const segments = await makeFixture(dir, opts);
    const input: RenderInput = {
      width: WIDTH,
      height: HEIGHT,
      fps: FPS,
      zoomIntensity: opts.zoom,
      segments,
      outputPath: path.join(dir, 'output', 'final.mp4'),
      ffmpegPath: FFMPEG,
      ffprobePath: FFPROBE,
      preset: opts.preset,
    };
    const frames = Math.round(opts.segments * opts.seconds * FPS);
    const renders: Timing[] = [];
    const floors: Timing[] = [];
    for (let run = 0; run < opts.runs; run++) {
      const r = await timeRender(input);
      renders.push(r);
      console.log(`run ${run + 1}: render ${r.seconds.toFixed(2)} s (cpu ${r.cpuSeconds.toFixed(1)} s), peak RSS ${r.peakMb.toFixed(0)} MB`);
      if (opts.floor) {
        // "Real Ken Burns frames (raw)": the frames just rendered, decoded back to yuv420p.
        const rawPath = path.join(dir, 'floor.yuv');
        if (!fs.existsSync(rawPath)) {
          const dec = spawnSync(FFMPEG, ['-v', 'error', '-y', '-i', input.outputPath, '-f', 'rawvideo', '-pix_fmt', 'yuv420p', rawPath]);
          if (dec.status !== 0) throw new Error(`decoding frames for the floor failed: ${String(dec.stderr)}`);
          // Flush the 2.8 GB to disk now, so write-back does not slow the first floor run.
          const fd = fs.openSync(rawPath, 'r');
          fs.fsyncSync(fd);
          fs.closeSync(fd);
        }
        const f = await timeFloor(input, rawPath, path.join(dir, 'floor.mp4'));
        floors.push(f);
        console.log(
          `run ${run + 1}: floor  ${f.seconds.toFixed(2)} s (cpu ${f.cpuSeconds.toFixed(1)} s), peak RSS ${f.peakMb.toFixed(0)} MB, ratio ${(r.seconds / f.seconds).toFixed(2)}`,
        );
      }
    }
    const render = median(renders.map((r) => r.seconds));
    const renderCpu = median(renders.map((r) => r.cpuSeconds));
    const peakMb = Math.max(...renders.map((r) => r.peakMb));
    console.log(`render: ${render.toFixed(2)} s wall, ${(frames / render).toFixed(1)} fps, ${frames} frames, cpu ${renderCpu.toFixed(1)} s`);
    console.log(`peak RSS: ${peakMb.toFixed(0)} MB (node + worker + ffmpeg, ${opts.segments} segments)`);
    if (floors.length > 0) {
      const floor = median(floors.map((f) => f.seconds));
      const floorCpu = median(floors.map((f) => f.cpuSeconds));
      console.log(`floor: ${floor.toFixed(2)} s wall, ${(frames / floor).toFixed(1)} fps, cpu ${floorCpu.toFixed(1)} s, peak RSS ${Math.max(...floors.map((f) => f.peakMb)).toFixed(0)} MB (raw frames → same ffmpeg encode command)`);
      console.log(`cpu ratio: ${(renderCpu / floorCpu).toFixed(2)} (less sensitive to other load on the machine)`);
      // Each render is paired with the floor run right after it, so load from other work on
      // the machine hits both halves of a pair alike; the median pair is reported.
      const pairRatios = renders.map((r, i) => r.seconds / floors[i]!.seconds);
      console.log(`ratio: ${median(pairRatios).toFixed(2)}`);
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

await main();
