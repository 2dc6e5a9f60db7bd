/**
 * Render benchmark (SPEC §7.6, DESIGN §7). Generates the standard fixture (6 segments × 5 s,
 * 1920×1080 30 fps, images of several sizes and aspect ratios, espeak-ng speech) and,
 * for each quality mode, prints: wall and CPU time, fps and peak RSS of a full render;
 * SSIM-Y and PSNR-Y against a lossless render of the same frames; and the ratio to the
 * encode-only floor (those lossless frames, raw, through the mode's own encoder
 * arguments in one ffmpeg); SPEC §7.6's reference, x264 medium at 8000 kbit/s on the same
 * frames, against `standard` and `high`; `draft` at the editor's preview size (half) against
 * `standard`. Then, at `standard`: a re-render after editing one segment's
 * narration, a re-render with nothing changed, one after replacing one segment's image, and a full render with clips serial
 * against two in parallel. Last, at `standard`: the same render without and with burned-in
 * captions (the narration's own word timings, classic style), to show what captions cost.
 *
 *   npm run bench                             everything, 1920×1080
 *   options: --segments N, --seconds S, --zoom Z, --size WxH, --modes draft,standard,high (or none),
 *            --no-floor, --no-incremental, --no-parallel, --no-captions,
 *            --sweep preset/crf/maxrate[/x264opts],preset/abr/kbps[/x264opts],…  (compare encoder settings on
 *              the lossless frames; x264opts as in -x264-params, plus tune=… and bufsize=… (kbit), e.g.
 *              veryfast/14/8000/tune=ssim:subme=5:ref=2), --sweep-runs N (each candidate N times, interleaved)
 *   just the captions case:                  --modes none --no-floor --no-incremental --no-parallel
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import type * as Engine from '../backend/src/engine/index.js';
import type { RenderCaptions, RenderInput } from '../backend/src/engine/index.js';
import type { WordTiming } from '../backend/src/engine/speech/word-timings.js';
import { buildClipEncodeArgs, runProcess } from '../backend/src/engine/ffmpeg.js';
import { encoderSettings, losslessSettings, QUALITY_MODES, type EncoderSettings, type QualityMode } from '../backend/src/engine/quality.js';
import { createSpeechService } from '../backend/src/engine/speech/index.js';
import { requireTool, resolveMediaTools } from '../backend/src/engine/tools/media-tools.js';


/**
 * The renderer as the app runs it, compiled (`npm run bench` builds it first). Loaded from
 * the TypeScript source, every worker thread a render starts would load tsx and compile its
 * modules again (measured: 0.23 s wall and 0.3 CPU s per worker, against 0.06 s and 0.07
 * compiled), a cost that weighs most on the short renders the bench compares (an edit, the
 * draft preview) and that the app does not have.
 */
const COMPILED_ENGINE = '../backend/dist/engine/index.js';
const { planTimeline, renderVideo } = (await import(COMPILED_ENGINE)) as typeof Engine;

type Options = {
  segments: number;
  seconds: number;
  zoom: number;
  width: number;
  height: number;
  modes: QualityMode[];
  floor: boolean;
  incremental: boolean;
  parallel: boolean;
  captions: boolean;
  /** Encoder settings to compare on the lossless frames instead of the normal run (--sweep). */
  sweep: string[] | null;
  /** How often the sweep encodes each candidate, round-robin, so load from other processes falls on all (--sweep-runs). */
  sweepRuns: number;
};

/**
 * `npm run bench -- --segments 60` at the root goes through a second `npm run`, which
 * takes unknown `--flags` as its own config (npm_config_segments=true) and passes only
 * the values on. Put them back together so both spellings work.
 */
function restoreNpmFlags(argv: string[]): string[] {
  const flags = ['segments', 'zoom', 'seconds', 'size', 'modes'].filter((f) => process.env[`npm_config_${f}`] === 'true');
  const values = argv.filter((a) => !a.startsWith('--'));
  if (flags.length === 0 || values.length !== flags.length) return argv;
  return [...argv.filter((a) => a.startsWith('--')), ...flags.flatMap((f, i) => [`--${f}`, values[i]!])];
}

function parseArgs(rawArgv: string[]): Options {
  const opts: Options = {
    segments: 6,
    seconds: 5,
    zoom: 1.3,
    width: 1920,
    height: 1080,
    modes: [...QUALITY_MODES],
    floor: true,
    incremental: true,
    parallel: true,
    captions: true,
    sweep: null,
    sweepRuns: 1,
  };
  const argv = restoreNpmFlags(rawArgv);
  if (process.env.npm_config_floor === 'false' || process.env['npm_config_no_floor'] === 'true') opts.floor = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const next = (): string => argv[++i] ?? '';
    if (arg === '--segments') opts.segments = Number(next());
    else if (arg === '--no-floor') opts.floor = false;
    else if (arg === '--no-incremental') opts.incremental = false;
    else if (arg === '--no-parallel') opts.parallel = false;
    else if (arg === '--no-captions') opts.captions = false;
    else if (arg === '--sweep') opts.sweep = next().split(',');
    else if (arg === '--sweep-runs') opts.sweepRuns = Math.max(1, Number(next()));
    else if (arg === '--zoom') opts.zoom = Number(next());
    else if (arg === '--seconds') opts.seconds = Number(next());
    else if (arg === '--size') [opts.width, opts.height] = next().split('x').map(Number) as [number, number];
    else if (arg === '--modes') opts.modes = next().split(',').filter((m): m is QualityMode => (QUALITY_MODES as readonly string[]).includes(m));
  }
  return opts;
}

// The programs the server would use here (engine/tools): system ones that pass the check, else bundled.
const TOOLS = await resolveMediaTools(process.env);
const FFMPEG = process.env.BENCH_FFMPEG ?? requireTool(TOOLS.ffmpeg);
const FFPROBE = requireTool(TOOLS.ffprobe);
const SPEECH = createSpeechService({ espeak: TOOLS.espeak, modelsDir: '/nonexistent' });
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

/** Each narration's word timings from its synthesis, by WAV path (the captions case burns them in). */
const WORDS = new Map<string, WordTiming[] | null>();

async function makeSpeech(file: string, text: string, seconds: number): Promise<void> {
  const raw = `${file}.raw.wav`;
  const spoken = await SPEECH.speak({ text, voiceId: 'espeak:en-us', speed: 1, outputFile: raw });
  WORDS.set(file, spoken.wordTimings);
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
function startRssSampler(): { stop: () => number } {
  let peakKb = 0;
  // Only this process's tree: scanning all of /proc every 200 ms held the render's event loop
  // and added to the CPU time being measured. Node and ffmpeg start their children from the
  // main thread, so its `children` list is the process's.
  const childrenOf = (pid: number): number[] => {
    try {
      return fs.readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').split(' ').filter(Boolean).map(Number);
    } catch {
      return []; // exited
    }
  };
  const sample = (): void => {
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
      stack.push(...childrenOf(pid));
    }
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

type FreshCaches = Pick<RenderInput, 'clipCache' | 'cacheDir'>;

type Timing = { seconds: number; cpuSeconds: number; peakMb: number; clipsCached: number; clipsTotal: number };

async function timeRender(input: RenderInput): Promise<Timing> {
  const rss = startRssSampler();
  const cpu0 = cpuSeconds();
  const t0 = performance.now();
  let lastLine = 0;
  const result = await renderVideo(input, {
    onProgress: (p) => {
      if (performance.now() - lastLine > 5000) {
        lastLine = performance.now();
        process.stderr.write(`  ${p.percentage}% ${p.phase} (${p.framesDone}/${p.framesTotal} frames, ${p.clipsCached} of ${p.clipsTotal} clips reused)\n`);
      }
    },
  });
  const seconds = (performance.now() - t0) / 1000;
  return { seconds, cpuSeconds: cpuSeconds() - cpu0, peakMb: rss.stop() / 1024, clipsCached: result.clipsCached, clipsTotal: result.clipsTotal };
}

/** The lossless render's frames, raw, through one ffmpeg with the mode's clip arguments: the cost of encoding alone. */
async function timeFloor(mode: QualityMode, size: { width: number; height: number }, rawPath: string, outPath: string): Promise<Timing> {
  return timeEncode(buildClipEncodeArgs({ ...size, fps: FPS, encoder: encoderSettings(mode), videoSource: rawPath, outputPath: outPath }));
}

/**
 * A sweep candidate: `preset/crf/maxrate` is capped CRF (bufsize 2× the cap, as quality.ts),
 * `preset/abr/kbps` is plain ABR at that bitrate (what per-clip ABR would do), with the clip arguments otherwise.
 * An optional 4th field holds x264 options as `-x264-params` takes them (`subme=5:ref=2`), where
 * `tune=…` becomes `-tune` and `bufsize=…` (kbit/s) replaces the 2× VBV buffer. `keyFrames` (seconds)
 * become `-force_key_frames`, as the renderer forces an IDR frame at every clip start.
 */
function candidateArgs(spec: string, size: { width: number; height: number }, rawPath: string, outPath: string, keyFrames: readonly number[] = []): string[] {
  const [preset = 'medium', mode = '20', rate = '8000', options = ''] = spec.split('/');
  const kbps = Number(rate);
  const x264: string[] = [];
  let tune: string | undefined;
  let bufsize = 2 * kbps;
  for (const option of options.split(':').filter((o) => o !== '')) {
    const [key, value = ''] = option.split('=');
    if (key === 'tune') tune = value;
    else if (key === 'bufsize') bufsize = Number(value);
    else x264.push(option);
  }
  const extra = { tune, x264Params: x264.length === 0 ? undefined : x264.join(':') };
  const abr = mode === 'abr';
  const encoder: EncoderSettings = abr
    ? { preset, crf: 0, maxrateKbps: null, bufsizeKbps: null, ...extra }
    : { preset, crf: Number(mode), maxrateKbps: kbps, bufsizeKbps: bufsize, ...extra };
  const args = buildClipEncodeArgs({ ...size, fps: FPS, encoder, videoSource: rawPath, outputPath: outPath });
  if (abr) args.splice(args.indexOf('-crf'), 2, '-b:v', `${kbps}k`);
  if (keyFrames.length > 0) args.splice(args.lastIndexOf('-f'), 0, '-force_key_frames', keyFrames.map((t) => t.toFixed(6)).join(','));
  return args;
}

async function timeEncode(args: string[]): Promise<Timing> {
  const rss = startRssSampler();
  const cpu0 = cpuSeconds();
  const t0 = performance.now();
  const result = await runProcess(FFMPEG, args).done;
  if (result.exitCode !== 0) throw new Error(`floor encode failed: ${result.stderrTail}`);
  return { seconds: (performance.now() - t0) / 1000, cpuSeconds: cpuSeconds() - cpu0, peakMb: rss.stop() / 1024, clipsCached: 0, clipsTotal: 0 };
}

/** SSIM-Y and PSNR-Y of `file` against `reference`, from ffmpeg's ssim and psnr filters. */
function compare(file: string, reference: string): { ssimY: number; psnrY: number } {
  const run = spawnSync(FFMPEG, [
    '-hide_banner', '-nostdin', '-i', file, '-i', reference,
    '-lavfi', '[0:v]split[a0][a1];[1:v]split[b0][b1];[a0][b0]ssim;[a1][b1]psnr', '-f', 'null', '-',
  ], { encoding: 'utf8' });
  const ssimY = Number(/SSIM Y:([\d.]+)/.exec(run.stderr)?.[1]);
  const psnrY = Number(/PSNR y:([\d.]+|inf)/.exec(run.stderr)?.[1]);
  return { ssimY, psnrY };
}

function decodeRaw(file: string, rawPath: string): void {
  const dec = spawnSync(FFMPEG, ['-v', 'error', '-y', '-i', file, '-f', 'rawvideo', '-pix_fmt', 'yuv420p', rawPath]);
  if (dec.status !== 0) throw new Error(`decoding frames for the floor failed: ${String(dec.stderr)}`);
  // Flush to disk now, so write-back does not slow the floor run.
  const fd = fs.openSync(rawPath, 'r');
  fs.fsyncSync(fd);
  fs.closeSync(fd);
}

/**
 * The same cold `standard` render without and with burned-in captions (classic, 64 px per
 * 1080, the bundled Noto Sans), twice each in alternation so load from other processes
 * falls on both; the best of each is compared.
 */
async function benchCaptions(base: RenderInput, frames: number, freshCache: () => FreshCaches): Promise<void> {
  const fontPath = path.join(path.dirname(createRequire(import.meta.url).resolve('@expo-google-fonts/noto-sans/package.json')), '400Regular/NotoSans_400Regular.ttf');
  const captions: RenderCaptions = { fontPath, style: 'classic', wordsPerCaption: 7, position: 'bottom', size: 64, color: '#FFFFFF', outlineColor: '#000000', highlightColor: '#FFD400' };
  const segments = base.segments.map((s) => ({ ...s, words: WORDS.get(s.audioPath) ?? null }));
  const plain: Timing[] = [];
  const captioned: Timing[] = [];
  for (let run = 0; run < 2; run++) {
    plain.push(await timeRender({ ...base, segments, quality: 'standard', ...freshCache() }));
    captioned.push(await timeRender({ ...base, segments, quality: 'standard', ...freshCache(), captions }));
  }
  const best = (ts: Timing[]): Timing => ts.reduce((a, b) => (b.seconds < a.seconds ? b : a));
  const [p, c] = [best(plain), best(captioned)];
  console.log(`standard without captions: ${fmt(p, frames)}`);
  console.log(`standard with captions: ${fmt(c, frames)}`);
  console.log(`captions add ${(100 * (c.seconds / p.seconds - 1)).toFixed(1)} % wall, ${(100 * (c.cpuSeconds / p.cpuSeconds - 1)).toFixed(1)} % cpu`);
}

/**
 * Encodes the lossless frames once per candidate (`--sweep-runs` times, round-robin) and prints
 * CPU, SSIM-Y, PSNR-Y and video bitrate: how the modes' settings were chosen. Like a render, each
 * encode starts an IDR frame at every clip start of the fixture's timeline.
 */
async function sweep(opts: Options, base: RenderInput, dir: string, frames: number): Promise<void> {
  const size = { width: opts.width, height: opts.height };
  const lossless = path.join(dir, 'sweep-lossless.mp4');
  await renderVideo({ ...base, encoderOverride: losslessSettings(), outputPath: lossless, clipCache: { root: path.join(dir, 'sweep-cache'), namespace: 'bench' } });
  const raw = path.join(dir, 'sweep.yuv');
  decodeRaw(lossless, raw);
  // The fixture's narrations are padded to exactly `seconds`, so its timeline is known without probing them.
  const timeline = planTimeline({
    narrationSeconds: base.segments.map(() => opts.seconds),
    fps: FPS,
    pauseSeconds: base.pauseSeconds ?? 0,
    transition: base.transition ?? 'cut',
    transitionSeconds: base.transitionSeconds ?? 0.5,
  });
  if (timeline.totalFrames !== frames) throw new Error(`sweep: the timeline has ${timeline.totalFrames} frames, the fixture ${frames}`);
  const keyFrames = timeline.clips.map((c) => c.startFrame / FPS);
  console.log(`sweep: ${frames} frames, IDR frames at the ${keyFrames.length} clip starts, ${opts.sweepRuns} run(s) per candidate; load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  const specs = opts.sweep ?? [];
  const results = new Map<string, { cpu: number[]; ssimY: number; psnrY: number; kbps: number }>();
  for (let run = 0; run < opts.sweepRuns; run++) {
    for (const spec of specs) {
      const out = path.join(dir, 'sweep.mp4');
      const t = await timeEncode(candidateArgs(spec, size, raw, out, keyFrames));
      const q = compare(out, lossless);
      const kbps = (fs.statSync(out).size * 8) / 1000 / (frames / FPS);
      const load = os.loadavg()[0]!.toFixed(2);
      console.log(
        `${spec}: cpu ${t.cpuSeconds.toFixed(1)} s, wall ${t.seconds.toFixed(1)} s, peak RSS ${t.peakMb.toFixed(0)} MB, SSIM-Y ${q.ssimY.toFixed(4)}, PSNR-Y ${q.psnrY.toFixed(2)} dB, ${kbps.toFixed(0)} kbit/s (load ${load})`,
      );
      const r = results.get(spec) ?? { cpu: [], ...q, kbps };
      r.cpu.push(t.cpuSeconds);
      results.set(spec, r);
    }
  }
  // The summary: median CPU of each candidate and its ratio to SPEC §7.6's reference when that was swept too;
  // SSIM and bitrate of the first run (x264's threaded VBV varies them in the 4th decimal between runs).
  const median = (xs: number[]): number => {
    const s = [...xs].sort((a, b) => a - b);
    return s.length % 2 === 1 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
  };
  const reference = results.get('medium/abr/8000');
  console.log('| candidate | CPU s (median) | × medium-8000k CPU | SSIM-Y | Δ vs medium-8000k | PSNR-Y dB | kbit/s |');
  console.log('|---|---|---|---|---|---|---|');
  for (const [spec, r] of results) {
    const cpu = median(r.cpu);
    const ratio = reference === undefined ? '' : (cpu / median(reference.cpu)).toFixed(2);
    const delta = reference === undefined ? '' : (r.ssimY - reference.ssimY).toFixed(4);
    console.log(`| ${spec} | ${cpu.toFixed(1)} | ${ratio} | ${r.ssimY.toFixed(4)} | ${delta} | ${r.psnrY.toFixed(2)} | ${r.kbps.toFixed(0)} |`);
  }
  fs.rmSync(raw);
}

const fmt = (t: Timing, frames: number): string =>
  `${t.seconds.toFixed(2)} s wall, cpu ${t.cpuSeconds.toFixed(1)} s, ${(frames / t.seconds).toFixed(1)} fps, peak RSS ${t.peakMb.toFixed(0)} MB`;

async function main(): Promise<void> {
  const opts = parseArgs(process.argv.slice(2));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'storyflow-bench-'));
  let cacheRuns = 0;
  /**
   * Fresh, empty caches: each full render starts cold. Like the app (render-task.ts), a render
   * keeps its prepared pictures in an image cache beside the clip cache, so a re-render reads
   * an unchanged segment's picture back instead of decoding and resizing it again.
   */
  const freshCache = (): FreshCaches => {
    const run = cacheRuns++;
    return { clipCache: { root: path.join(dir, `cache-${run}`), namespace: 'bench' }, cacheDir: path.join(dir, `images-${run}`) };
  };
  try {
    console.log(
      `fixture: ${opts.segments} segments × ${opts.seconds} s, ${opts.width}x${opts.height} @ ${FPS} fps, zoom ${opts.zoom}, crossfade 0.5 s, pause 0.3 s, ${os.cpus().length} cores`,
    );
    const segments = await makeFixture(dir, opts);
    const base: RenderInput = {
      width: opts.width,
      height: opts.height,
      fps: FPS,
      zoomIntensity: opts.zoom,
      segments,
      outputPath: path.join(dir, 'output', 'final.mp4'),
      ffmpegPath: FFMPEG,
      ffprobePath: FFPROBE,
      transition: 'crossfade',
      transitionSeconds: 0.5,
      pauseSeconds: 0.3,
      maxParallelClips: 1,
    };
    const frames = Math.ceil(opts.seconds * FPS) * opts.segments + (opts.segments - 1) * Math.round(0.3 * FPS);
    if (opts.sweep !== null) {
      await sweep(opts, base, dir, frames);
      return;
    }
    const size = { width: opts.width, height: opts.height };
    // The frames do not depend on the quality mode: one lossless render is every mode's reference.
    const lossless = path.join(dir, 'lossless.mp4');
    const raw = path.join(dir, 'lossless.yuv');
    // `--modes none` skips the modes (and this reference) for a quick look at the re-render lines.
    const measuresModes = opts.modes.length > 0;
    if (measuresModes) {
      await renderVideo({ ...base, encoderOverride: losslessSettings(), outputPath: lossless, ...freshCache() });
      if (opts.floor) decodeRaw(lossless, raw);
    }
    const renders = new Map<QualityMode, Timing>();
    const floors = new Map<QualityMode, Timing>();
    const qualities = new Map<QualityMode, { ssimY: number; psnrY: number }>();
    for (const mode of opts.modes) {
      const out = path.join(dir, `${mode}.mp4`);
      const r = await timeRender({ ...base, quality: mode, outputPath: out, ...freshCache() });
      renders.set(mode, r);
      console.log(`${mode}: ${fmt(r, frames)}`);
      const q = compare(out, lossless);
      qualities.set(mode, q);
      const kbps = (fs.statSync(out).size * 8) / 1000 / (frames / FPS);
      console.log(`${mode}: SSIM-Y ${q.ssimY.toFixed(4)}, PSNR-Y ${q.psnrY.toFixed(2)} dB against a lossless render of the same frames; ${kbps.toFixed(0)} kbit/s with audio`);
      if (opts.floor) {
        const f = await timeFloor(mode, size, raw, path.join(dir, `${mode}-floor.mp4`));
        floors.set(mode, f);
        console.log(`${mode}: floor ${fmt(f, frames)}; ratio ${(r.seconds / f.seconds).toFixed(2)} wall, ${(r.cpuSeconds / f.cpuSeconds).toFixed(2)} cpu`);
      }
    }
    const standard = renders.get('standard');
    if (opts.floor && measuresModes) {
      // SPEC §7.6's reference: x264 medium at 8000 kbit/s ABR, one encode of the same frames.
      const refOut = path.join(dir, 'medium-8000k.mp4');
      const ref = await timeEncode(candidateArgs('medium/abr/8000', size, raw, refOut));
      const q = compare(refOut, lossless);
      console.log(`medium-8000k (encode only): ${fmt(ref, frames)}, SSIM-Y ${q.ssimY.toFixed(4)}, PSNR-Y ${q.psnrY.toFixed(2)} dB`);
      const standardFloor = floors.get('standard');
      const standardQ = qualities.get('standard');
      if (standard !== undefined && standardFloor !== undefined && standardQ !== undefined) {
        console.log(
          `standard vs medium-8000k: SSIM-Y ${(standardQ.ssimY - q.ssimY).toFixed(4)}, encode cpu ${(standardFloor.cpuSeconds / ref.cpuSeconds).toFixed(2)}×, whole render cpu ${(standard.cpuSeconds / ref.cpuSeconds).toFixed(2)}×`,
        );
      }
      const highQ = qualities.get('high');
      if (highQ !== undefined) console.log(`high vs medium-8000k: SSIM-Y ${(highQ.ssimY - q.ssimY).toFixed(4)}`);
      fs.rmSync(raw);
    }
    const draft = renders.get('draft');
    if (draft !== undefined && standard !== undefined) {
      // The editor's quick preview renders draft at half the frame size (render-task.ts).
      const half = { width: 2 * Math.round(opts.width / 4), height: 2 * Math.round(opts.height / 4) };
      const preview = await timeRender({ ...base, ...half, quality: 'draft', outputPath: path.join(dir, 'preview.mp4'), ...freshCache() });
      console.log(`draft preview at ${half.width}x${half.height}: ${fmt(preview, frames)}`);
      console.log(
        `draft / standard: full size ${(draft.seconds / standard.seconds).toFixed(2)} wall, ${(draft.cpuSeconds / standard.cpuSeconds).toFixed(2)} cpu; preview size ${(preview.seconds / standard.seconds).toFixed(2)} wall, ${(preview.cpuSeconds / standard.cpuSeconds).toFixed(2)} cpu`,
      );
    }
    if (opts.incremental) {
      const input = { ...base, quality: 'standard' as const, ...freshCache() };
      const full = await timeRender(input);
      console.log(`standard full render: ${fmt(full, frames)}`);
      // Edit one segment in the middle: new narration, half a second longer.
      const edited = path.join(dir, 'edited.wav');
      await makeSpeech(edited, 'A different sentence, spoken for the edited segment of the story.', opts.seconds + 0.5);
      const middle = Math.floor(opts.segments / 2);
      const editedInput = { ...input, segments: segments.map((s, i) => (i === middle ? { ...s, audioPath: edited } : s)) };
      const one = await timeRender(editedInput);
      console.log(
        `re-render after editing segment ${middle + 1} of ${opts.segments}: ${one.seconds.toFixed(2)} s wall, cpu ${one.cpuSeconds.toFixed(1)} s, ${one.clipsCached} of ${one.clipsTotal} clips reused (${(one.seconds / full.seconds).toFixed(2)} wall, ${(one.cpuSeconds / full.cpuSeconds).toFixed(2)} cpu of a full render)`,
      );
      const none = await timeRender(editedInput);
      console.log(
        `re-render with no change: ${none.seconds.toFixed(2)} s wall, cpu ${none.cpuSeconds.toFixed(1)} s, ${none.clipsCached} of ${none.clipsTotal} clips reused`,
      );
      // The other common edit: a new picture for the same segment (the soundtrack stays).
      const picture = path.join(dir, 'edited-image.jpg');
      const original = segments[middle]!.imagePath;
      const { width: w, height: h } = await sharp(original).metadata();
      await makeImage(picture, w ?? opts.width, h ?? opts.height, 99);
      const imageEdited = { ...editedInput, segments: editedInput.segments.map((s, i) => (i === middle ? { ...s, imagePath: picture } : s)) };
      const image = await timeRender(imageEdited);
      console.log(
        `re-render after replacing segment ${middle + 1}'s image: ${image.seconds.toFixed(2)} s wall, cpu ${image.cpuSeconds.toFixed(1)} s, ${image.clipsCached} of ${image.clipsTotal} clips reused (${(image.seconds / full.seconds).toFixed(2)} wall, ${(image.cpuSeconds / full.cpuSeconds).toFixed(2)} cpu of a full render)`,
      );
    }
    if (opts.parallel) {
      const serial = await timeRender({ ...base, quality: 'standard', ...freshCache(), maxParallelClips: 1 });
      const parallel = await timeRender({ ...base, quality: 'standard', ...freshCache(), maxParallelClips: 2 });
      console.log(`standard clips serial: ${fmt(serial, frames)}`);
      console.log(`standard clips 2 in parallel: ${fmt(parallel, frames)} (${(parallel.seconds / serial.seconds).toFixed(2)} of serial)`);
    }
    if (opts.captions) await benchCaptions(base, frames, freshCache);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

await main();
