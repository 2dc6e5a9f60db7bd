import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { parseAllowedHosts } from '../../scripts/local-access.mjs';

/**
 * Where "Download natural voices" fetches Kokoro from, file by file (`{url}/{path}`). Pinned to
 * the revision whose sizes and sha256 backend/manifests/kokoro.json lists (its "revision"):
 * `main` could move and every download would then fail its checksum.
 */
export const DEFAULT_MODELS_URL =
  'https://huggingface.co/onnx-community/Kokoro-82M-v1.0-ONNX/resolve/1939ad2a8e416c0acfeecc08a694d14ef25f2231';
/** The committed sha256 manifest (same place from src/ and dist/). */
const DEFAULT_MODELS_MANIFEST = fileURLToPath(new URL('../manifests/kokoro.json', import.meta.url));

/**
 * Every environment variable StoryFlow reads, parsed once at boot. No other module reads
 * process.env, so what a process can be configured with is visible here.
 */
const EnvSchema = z.object({
  STORYFLOW_DATA_DIR: z.string().min(1).default('./data'),
  STORYFLOW_MODELS_DIR: z.string().min(1).default('./models'),
  STORYFLOW_MODELS_URL: z.url({ protocol: /^https?$/ }).default(DEFAULT_MODELS_URL),
  STORYFLOW_MODELS_MANIFEST: z.string().min(1).default(DEFAULT_MODELS_MANIFEST),
  STORYFLOW_HOST: z.string().min(1).default('127.0.0.1'),
  STORYFLOW_API_PORT: z.coerce.number().int().min(0).max(65535).default(8000),
  /** The web server's port: its origin is the only one allowed to change state. */
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  /** Extra host names (comma separated) allowed in Host/Origin besides loopback. */
  STORYFLOW_ALLOWED_HOSTS: z.string().default(''),
  /** Unset: engine/tools picks a system program that passes its check, else the bundled one. */
  FFMPEG_PATH: z.string().min(1).optional(),
  FFPROBE_PATH: z.string().min(1).optional(),
  ESPEAK_PATH: z.string().min(1).optional(),
  /** Where system programs are looked for. */
  PATH: z.string().default(''),
  /** Upper bound of the clip cache in bytes (SPEC §7.5: 5 GB). */
  STORYFLOW_CLIP_CACHE_BYTES: z.coerce.number().int().min(0).default(5 * 1024 ** 3),
  STORYFLOW_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type Config = Readonly<{
  dataDir: string;
  mediaDir: string;
  databaseFile: string;
  modelsDir: string;
  modelsUrl: string;
  modelsManifestFile: string;
  host: string;
  port: number;
  webPort: number;
  allowedHosts: readonly string[];
  /** Programs the user named; undefined lets the resolver (engine/tools) choose. */
  ffmpegPath: string | undefined;
  ffprobePath: string | undefined;
  espeakPath: string | undefined;
  searchPath: string;
  clipCacheMaxBytes: number;
  logLevel: z.infer<typeof EnvSchema>['STORYFLOW_LOG_LEVEL'];
}>;

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid StoryFlow configuration: ${problems}`);
  }
  const e = parsed.data;
  const dataDir = path.resolve(e.STORYFLOW_DATA_DIR);
  return Object.freeze({
    dataDir,
    mediaDir: path.join(dataDir, 'media'),
    databaseFile: path.join(dataDir, 'storyflow.db'),
    modelsDir: path.resolve(e.STORYFLOW_MODELS_DIR),
    modelsUrl: e.STORYFLOW_MODELS_URL,
    modelsManifestFile: path.resolve(e.STORYFLOW_MODELS_MANIFEST),
    host: e.STORYFLOW_HOST,
    port: e.STORYFLOW_API_PORT,
    webPort: e.PORT,
    allowedHosts: Object.freeze(parseAllowedHosts(e.STORYFLOW_ALLOWED_HOSTS)),
    ffmpegPath: e.FFMPEG_PATH,
    ffprobePath: e.FFPROBE_PATH,
    espeakPath: e.ESPEAK_PATH,
    searchPath: e.PATH,
    clipCacheMaxBytes: e.STORYFLOW_CLIP_CACHE_BYTES,
    logLevel: e.STORYFLOW_LOG_LEVEL,
  });
}

/** Config for tests and tools: defaults plus overrides, without touching process.env. */
export function configFor(dataDir: string, overrides: Partial<Config> = {}): Config {
  const { PATH, FFMPEG_PATH, FFPROBE_PATH, ESPEAK_PATH } = process.env;
  // The programs follow the caller's environment, so tests run with the tools the machine has.
  const base = loadConfig({ STORYFLOW_DATA_DIR: dataDir, STORYFLOW_LOG_LEVEL: 'silent', PATH, FFMPEG_PATH, FFPROBE_PATH, ESPEAK_PATH });
  return Object.freeze({ ...base, ...overrides });
}
