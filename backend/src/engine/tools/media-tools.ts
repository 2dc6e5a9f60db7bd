/**
 * Decides which ffmpeg, ffprobe and espeak-ng StoryFlow runs (SPEC §7.7). The one resolver:
 * the server, `scripts/prepare.mjs` (through the build), the tests and the benches all ask here.
 *
 * Order for ffmpeg/ffprobe: the env var (FFMPEG_PATH / FFPROBE_PATH) → the program of that
 * name on PATH if it passes the capability check → the npm-bundled build. The bundled
 * ffmpeg is a 2018 static build: it may only read data StoryFlow wrote itself (docs/tools.md).
 *
 * espeak-ng: ESPEAK_PATH names a CLI to use; otherwise the WASM build that ships in npm is
 * the engine, also when a system espeak-ng exists, because only the library API reports
 * word events, and word timings must come from the same synthesis as the audio.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { FFMPEG_INSTALL_HINT, readProgramVersion } from '../check-ffmpeg.js';
import { runProcess } from '../child-process.js';

export type ToolName = 'ffmpeg' | 'ffprobe' | 'espeak-ng';
export type ToolSource = 'env' | 'system' | 'bundled';

export type ResolvedTool = {
  ok: true;
  name: ToolName;
  /** Absolute path of the program; for the WASM espeak-ng, its JavaScript module. */
  path: string;
  source: ToolSource;
  version: string;
  /** 'wasm' runs in a worker thread of StoryFlow, 'program' as a child process. */
  kind: 'program' | 'wasm';
  /** Candidates that were passed over and why (shown in Settings and the log). */
  skipped: string[];
};

export type MissingTool = { ok: false; name: ToolName; message: string; skipped: string[] };
export type ToolResolution = ResolvedTool | MissingTool;
export type MediaTools = { ffmpeg: ToolResolution; ffprobe: ToolResolution; espeak: ToolResolution };

/** The environment the resolver reads (process.env in the server; tests pass their own). */
export type ToolEnv = {
  FFMPEG_PATH?: string | undefined;
  FFPROBE_PATH?: string | undefined;
  ESPEAK_PATH?: string | undefined;
  PATH?: string | undefined;
};

/** Encoders every render needs. */
export const REQUIRED_ENCODERS = ['libx264', 'aac'] as const;
/** Filters the engine's ffmpeg arguments use (engine/ffmpeg.ts); add one here when an argument builder does. */
export const REQUIRED_FILTERS = ['aresample', 'aformat', 'concat'] as const;

const require = createRequire(import.meta.url);

const cache = new Map<string, Promise<MediaTools>>();

/** Resolves all three tools; the answer is remembered per environment (it spawns a few short processes). */
export function resolveMediaTools(env: ToolEnv = process.env): Promise<MediaTools> {
  const key = JSON.stringify([env.FFMPEG_PATH, env.FFPROBE_PATH, env.ESPEAK_PATH, env.PATH]);
  let found = cache.get(key);
  if (found === undefined) {
    found = Promise.all([resolveFfmpeg(env), resolveFfprobe(env), resolveEspeak(env)]).then(
      ([ffmpeg, ffprobe, espeak]) => ({ ffmpeg, ffprobe, espeak }),
    );
    cache.set(key, found);
  }
  return found;
}

/** The tool environment a Config names (its env overrides and PATH). */
export function toolEnvOf(config: { ffmpegPath: string | undefined; ffprobePath: string | undefined; espeakPath: string | undefined; searchPath: string }): ToolEnv {
  return { FFMPEG_PATH: config.ffmpegPath, FFPROBE_PATH: config.ffprobePath, ESPEAK_PATH: config.espeakPath, PATH: config.searchPath };
}

/** The path of a tool that must be there (tests, benches): throws the resolver's message otherwise. */
export function requireTool(tool: ToolResolution): string {
  if (!tool.ok) throw new Error(tool.message);
  return tool.path;
}

type Candidate = { path: string; source: ToolSource };
type Check = (bin: string) => Promise<{ ok: true; version: string } | { ok: false; why: string }>;

async function firstUsable(
  name: ToolName,
  env: string | undefined,
  pathVar: string | undefined,
  bundled: () => string | undefined,
  check: Check,
): Promise<ToolResolution> {
  const skipped: string[] = [];
  // A user who names a program means that program: no silent fallback past it.
  const candidates: (() => Candidate | undefined)[] =
    env !== undefined && env !== ''
      ? [() => ({ path: findProgram(env, pathVar) ?? env, source: 'env' })]
      : [
          () => {
            const onPath = findProgram(name, pathVar);
            if (onPath === undefined) skipped.push(`no ${name} on PATH`);
            return onPath === undefined ? undefined : { path: onPath, source: 'system' };
          },
          () => {
            const file = bundled();
            if (file === undefined) skipped.push(`the bundled ${name} package is not installed`);
            return file === undefined ? undefined : { path: file, source: 'bundled' };
          },
        ];
  for (const next of candidates) {
    const candidate = next();
    if (candidate === undefined) continue;
    const result = await check(candidate.path);
    if (result.ok) return { ok: true, name, path: candidate.path, source: candidate.source, version: result.version, kind: 'program', skipped };
    skipped.push(`${candidate.source} ${candidate.path}: ${result.why}`);
  }
  const why = skipped.join('; ');
  return { ok: false, name, message: `No usable ${name} was found (${why}). ${FFMPEG_INSTALL_HINT}`, skipped };
}

function resolveFfmpeg(env: ToolEnv): Promise<ToolResolution> {
  return firstUsable('ffmpeg', env.FFMPEG_PATH, env.PATH, () => bundledBinary('@ffmpeg-installer/ffmpeg'), checkFfmpegCapabilities);
}

function resolveFfprobe(env: ToolEnv): Promise<ToolResolution> {
  return firstUsable('ffprobe', env.FFPROBE_PATH, env.PATH, () => bundledBinary('@ffprobe-installer/ffprobe'), (bin) =>
    readVersion(bin, 'ffprobe'),
  );
}

async function resolveEspeak(env: ToolEnv): Promise<ToolResolution> {
  if (env.ESPEAK_PATH !== undefined && env.ESPEAK_PATH !== '') {
    const bin = findProgram(env.ESPEAK_PATH, env.PATH) ?? env.ESPEAK_PATH;
    const version = await readEspeakVersion(bin);
    if (version !== undefined) return { ok: true, name: 'espeak-ng', path: bin, source: 'env', version, kind: 'program', skipped: [] };
    const skipped = [`env ${bin}: did not run`];
    return { ok: false, name: 'espeak-ng', message: `espeak-ng at "${bin}" (ESPEAK_PATH) did not run. Fix or unset ESPEAK_PATH.`, skipped };
  }
  try {
    const modulePath = require.resolve('@echogarden/espeak-ng-emscripten');
    const pkg = JSON.parse(fs.readFileSync(path.join(path.dirname(modulePath), 'package.json'), 'utf8')) as { version?: string };
    const version = `espeak-ng WebAssembly (@echogarden/espeak-ng-emscripten ${pkg.version ?? '?'})`;
    return { ok: true, name: 'espeak-ng', path: modulePath, source: 'bundled', version, kind: 'wasm', skipped: [] };
  } catch {
    const skipped = ['the @echogarden/espeak-ng-emscripten package is not installed'];
    return { ok: false, name: 'espeak-ng', message: 'The bundled espeak-ng is missing: reinstall StoryFlow\'s npm packages (npm ci), or set ESPEAK_PATH.', skipped };
  }
}

/** libx264 + aac encoders and every filter the engine uses; reports what is missing. */
export const checkFfmpegCapabilities: Check = async (bin) => {
  const version = await readVersion(bin, 'ffmpeg');
  if (!version.ok) return version;
  const [encoders, filters] = await Promise.all([listing(bin, '-encoders'), listing(bin, '-filters')]);
  const missing = [
    ...REQUIRED_ENCODERS.filter((e) => !new RegExp(`^\\s*[A-Z.]{6}\\s+${e}\\s`, 'm').test(encoders)).map((e) => `encoder ${e}`),
    ...REQUIRED_FILTERS.filter((f) => !new RegExp(`^\\s*[A-Z.|]{2,3}\\s+${f}\\s`, 'm').test(filters)).map((f) => `filter ${f}`),
  ];
  return missing.length === 0 ? version : { ok: false, why: `lacks ${missing.join(', ')}` };
};

async function listing(bin: string, flag: string): Promise<string> {
  try {
    return (await runProcess(bin, ['-hide_banner', flag], { collectStdout: true }).done).stdout;
  } catch {
    return '';
  }
}

async function readVersion(bin: string, expectedName: string): ReturnType<Check> {
  const result = await readProgramVersion(bin, expectedName);
  return result.ok ? result : { ok: false, why: result.why };
}

async function readEspeakVersion(bin: string): Promise<string | undefined> {
  try {
    const result = await runProcess(bin, ['--version'], { collectStdout: true }).done;
    const match = /text-to-speech:\s*(\S+)/.exec(result.stdout);
    return result.exitCode === 0 ? `espeak-ng ${match?.[1] ?? '?'}` : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The binary an `@ffmpeg-installer`-style package carries in its tarball. npm may skip the
 * package's postinstall `chmod` (install scripts off), so the execute bit is set here.
 */
function bundledBinary(pkg: string): string | undefined {
  let file: string;
  try {
    file = (require(pkg) as { path: string }).path;
  } catch {
    return undefined;
  }
  try {
    fs.accessSync(file, fs.constants.X_OK);
  } catch {
    try {
      fs.chmodSync(file, fs.statSync(file).mode | 0o111);
    } catch {
      // Not ours to change (read-only install): the check below reports it cannot start.
    }
  }
  return file;
}

/** `name` as given when it has a slash, else the first executable of that name on PATH. */
function findProgram(name: string, pathVar: string | undefined): string | undefined {
  if (name.includes('/')) return fs.existsSync(name) ? path.resolve(name) : undefined;
  for (const dir of (pathVar ?? '').split(path.delimiter)) {
    if (dir === '') continue;
    const file = path.join(dir, name);
    try {
      fs.accessSync(file, fs.constants.X_OK);
      if (fs.statSync(file).isFile()) return file;
    } catch {
      // not in this directory
    }
  }
  return undefined;
}
