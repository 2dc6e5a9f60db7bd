import crypto from 'node:crypto';
import { createReadStream } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';

/**
 * Downloads a model's files into the models directory: resumable (HTTP Range), checked
 * against a committed sha256 manifest, and installed only as a whole. Files land in
 * `{modelsDir}/.download/{model}/` and that folder is renamed to `{modelsDir}/{model}`
 * only after every file matched its checksum, so a failure never leaves a model the
 * speech engine would try to load. The staging folder survives a failure or a restart:
 * the next attempt asks the server for the missing bytes only.
 */

export type ManifestFile = { path: string; size: number; sha256: string };
export type ModelManifest = { model: string; files: readonly ManifestFile[] };

export type ModelDownloadErrorCode =
  | 'models_manifest_incomplete'
  | 'models_offline'
  | 'models_http_error'
  | 'models_connection_lost'
  | 'models_size_mismatch'
  | 'models_checksum_mismatch';

export class ModelDownloadError extends Error {
  override readonly name = 'ModelDownloadError';
  constructor(
    readonly code: ModelDownloadErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export type ModelDownloadProgress = {
  bytesDone: number;
  bytesTotal: number;
  /** The file being fetched, relative to the model folder. */
  file: string;
  filesDone: number;
  filesTotal: number;
};

export type ModelDownloadOptions = {
  manifest: ModelManifest;
  /** Files are fetched from `{baseUrl}/{file.path}`. */
  baseUrl: string;
  modelsDir: string;
  onProgress?: (progress: ModelDownloadProgress) => void;
  signal?: AbortSignal | undefined;
  /** Times a dropped connection is resumed per file before giving up. */
  maxResumes?: number;
};

const SHA256 = /^[0-9a-f]{64}$/;
/** A manifest path stays inside the model folder: relative, no `..`, forward slashes. */
const SAFE_PATH = /^(?!.*(?:^|\/)\.\.?(?:\/|$))[A-Za-z0-9._-]+(?:\/[A-Za-z0-9._-]+)*$/;
const CONNECT_FAILURES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH', 'ECONNRESET', 'ETIMEDOUT']);
const DEFAULT_MAX_RESUMES = 5;

/**
 * Reads a manifest (parsed JSON). Every file needs a size and a sha256: a file that
 * cannot be verified is never installed, so an incomplete manifest is refused up front.
 */
export function parseModelManifest(json: unknown, source: string): ModelManifest {
  const fail = (why: string): never => {
    throw new ModelDownloadError('models_manifest_incomplete', `The model manifest ${source} ${why}`);
  };
  if (typeof json !== 'object' || json === null) return fail('is not a JSON object');
  const { model, files } = json as { model?: unknown; files?: unknown };
  if (typeof model !== 'string' || !SAFE_PATH.test(model) || model.includes('/')) return fail('has no valid "model" name');
  if (!Array.isArray(files) || files.length === 0) return fail('lists no files');
  const parsed = files.map((entry: unknown): ManifestFile => {
    const f = (typeof entry === 'object' && entry !== null ? entry : {}) as Record<string, unknown>;
    const name = typeof f.path === 'string' ? f.path : '?';
    if (!SAFE_PATH.test(name)) return fail(`has an invalid file path "${name}"`);
    if (typeof f.size !== 'number' || !Number.isSafeInteger(f.size) || f.size <= 0) return fail(`has no size for ${name}`);
    if (typeof f.sha256 !== 'string' || !SHA256.test(f.sha256)) {
      return fail(`has no sha256 checksum for ${name}; fill it in before downloading (see docs/speech.md)`);
    }
    return { path: name, size: f.size, sha256: f.sha256 };
  });
  return { model, files: parsed };
}

export function stagingDir(modelsDir: string, model: string): string {
  return path.join(modelsDir, '.download', model);
}

export async function downloadModel(options: ModelDownloadOptions): Promise<void> {
  const { manifest, modelsDir, signal } = options;
  const staging = stagingDir(modelsDir, manifest.model);
  const bytesTotal = manifest.files.reduce((n, f) => n + f.size, 0);
  const done = new Map<string, number>();
  const report = (file: string, filesDone: number) => {
    const bytesDone = [...done.values()].reduce((a, b) => a + b, 0);
    options.onProgress?.({ bytesDone, bytesTotal, file, filesDone, filesTotal: manifest.files.length });
  };
  // Bytes already staged by an earlier attempt count as done from the start.
  for (const file of manifest.files) done.set(file.path, Math.min(file.size, await sizeOf(path.join(staging, file.path))));

  let filesDone = 0;
  for (const file of manifest.files) {
    signal?.throwIfAborted();
    const dest = path.join(staging, file.path);
    await fs.mkdir(path.dirname(dest), { recursive: true });
    report(file.path, filesDone);
    await fetchResumable(`${options.baseUrl.replace(/\/+$/, '')}/${file.path}`, dest, file, {
      signal,
      maxResumes: options.maxResumes ?? DEFAULT_MAX_RESUMES,
      onBytes: (have) => {
        done.set(file.path, have);
        report(file.path, filesDone);
      },
    });
    const actual = await sha256Of(dest);
    if (actual !== file.sha256) {
      // The bytes are wrong, not missing: resuming them would only repeat the failure.
      await fs.rm(dest, { force: true });
      done.set(file.path, 0);
      throw new ModelDownloadError(
        'models_checksum_mismatch',
        `${file.path} does not match its checksum (expected sha256 ${file.sha256}, got ${actual}). Nothing was installed; try the download again.`,
      );
    }
    filesDone++;
    report(file.path, filesDone);
  }
  signal?.throwIfAborted();
  await installStaged(staging, path.join(modelsDir, manifest.model));
}

/** Swaps the verified folder in; an older install is moved aside first and then removed. */
async function installStaged(staging: string, target: string): Promise<void> {
  const aside = `${staging}.old-${crypto.randomBytes(4).toString('hex')}`;
  const hadOld = await fs.rename(target, aside).then(
    () => true,
    (err: unknown) => {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
      throw err;
    },
  );
  await fs.rename(staging, target);
  if (hadOld) await fs.rm(aside, { recursive: true, force: true });
}

type FetchOptions = { signal?: AbortSignal | undefined; maxResumes: number; onBytes: (have: number) => void };

/**
 * Brings `dest` to `file.size` bytes, asking only for what is missing. A connection that
 * drops mid-body is resumed from the bytes on disk; a server that ignores Range (200)
 * makes us start the file again.
 */
async function fetchResumable(url: string, dest: string, file: ManifestFile, options: FetchOptions): Promise<void> {
  let resumes = 0;
  for (;;) {
    let have = await sizeOf(dest);
    if (have > file.size) {
      await fs.rm(dest, { force: true });
      have = 0;
    }
    if (have === file.size) return;
    const progressed = await fetchFrom(url, dest, file, have, options);
    if (progressed.complete) return;
    // Only a connection that moved bytes earns another try; a dead server fails fast.
    if (!progressed.moved || ++resumes > options.maxResumes) {
      throw new ModelDownloadError(
        'models_connection_lost',
        `The connection dropped while downloading ${file.path} (${progressed.have} of ${file.size} bytes). Start the download again to resume.`,
        { cause: progressed.cause },
      );
    }
  }
}

type Attempt = { complete: boolean; moved: boolean; have: number; cause?: unknown };

async function fetchFrom(url: string, dest: string, file: ManifestFile, have: number, options: FetchOptions): Promise<Attempt> {
  let response: Response;
  try {
    response = await fetch(url, {
      headers: have > 0 ? { Range: `bytes=${have}-` } : {},
      ...(options.signal ? { signal: options.signal } : {}),
      redirect: 'follow',
    });
  } catch (err) {
    options.signal?.throwIfAborted();
    const host = new URL(url).host;
    const code = errnoOf(err);
    if (code !== undefined && CONNECT_FAILURES.has(code)) {
      throw new ModelDownloadError(
        'models_offline',
        `Could not reach ${host} (${code}). Check the internet connection, or set STORYFLOW_MODELS_URL to a reachable mirror, and try again.`,
        { cause: err },
      );
    }
    const why = err instanceof Error && err.cause instanceof Error ? err.cause.message : String(err);
    throw new ModelDownloadError('models_offline', `Could not download from ${host}: ${why}`, { cause: err });
  }

  let append = false;
  if (response.status === 206) {
    append = contentRangeStart(response.headers.get('content-range')) === have;
    if (!append) {
      await response.body?.cancel();
      await fs.rm(dest, { force: true });
      return { complete: false, moved: true, have: 0 };
    }
  } else if (response.status === 416) {
    // Our partial file is not a prefix the server recognises; start this file again.
    await response.body?.cancel();
    await fs.rm(dest, { force: true });
    return { complete: false, moved: have > 0, have: 0 };
  } else if (response.status !== 200) {
    await response.body?.cancel();
    throw new ModelDownloadError(
      'models_http_error',
      `The model server answered ${response.status} ${response.statusText} for ${file.path} (${url}).`,
    );
  }
  if (response.body === null) return { complete: false, moved: false, have };

  let written = append ? have : 0;
  const start = written;
  const handle = await fs.open(dest, append ? 'a' : 'w');
  try {
    for await (const received of response.body) {
      const chunk = received as Uint8Array;
      if (written + chunk.length > file.size) {
        throw new ModelDownloadError(
          'models_size_mismatch',
          `${file.path} is larger on the server than the manifest says (${file.size} bytes); the manifest or the source is wrong.`,
        );
      }
      await handle.write(chunk);
      written += chunk.length;
      options.onBytes(written);
    }
  } catch (err) {
    options.signal?.throwIfAborted();
    if (err instanceof ModelDownloadError) {
      await handle.close();
      await fs.rm(dest, { force: true });
      throw err;
    }
    return { complete: false, moved: written > start, have: written, cause: err };
  } finally {
    await handle.close().catch(() => {});
  }
  if (written < file.size) {
    // The server closed cleanly but short, which a resumed request may still complete.
    return { complete: false, moved: written > start, have: written };
  }
  return { complete: true, moved: true, have: written };
}

function contentRangeStart(header: string | null): number | undefined {
  const m = /^bytes (\d+)-\d+\/(?:\d+|\*)$/.exec(header ?? '');
  return m?.[1] === undefined ? undefined : Number(m[1]);
}

function errnoOf(err: unknown): string | undefined {
  for (let e: unknown = err, depth = 0; e instanceof Error && depth < 4; e = e.cause, depth++) {
    const code = (e as NodeJS.ErrnoException).code;
    if (typeof code === 'string') return code;
    // undici reports a failed connect as an AggregateError of the per-address errors.
    if (e instanceof AggregateError) return errnoOf(e.errors[0]);
  }
  return undefined;
}

async function sizeOf(file: string): Promise<number> {
  return fs.stat(file).then((s) => s.size, () => 0);
}

export async function sha256Of(file: string): Promise<string> {
  const hash = crypto.createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
