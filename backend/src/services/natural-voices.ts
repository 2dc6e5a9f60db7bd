import fs from 'node:fs/promises';
import type { NaturalVoicesStatus } from '@storyflow/contract';
import { missingKokoroFiles } from '../engine/speech/kokoro.js';
import {
  downloadModel,
  ModelDownloadError,
  parseModelManifest,
  type ModelDownloadErrorCode,
  type ModelDownloadProgress,
} from '../engine/speech/model-download.js';

export type NaturalVoices = {
  status(): Promise<NaturalVoicesStatus>;
  /** Starts the download unless it is running or done; returns at once. */
  start(): Promise<NaturalVoicesStatus>;
  /** Stops a running download (the staged bytes stay for the next start). */
  stop(): Promise<void>;
};

export type NaturalVoicesOptions = {
  modelsDir: string;
  modelsUrl: string;
  manifestFile: string;
  /** Called once the model is installed, e.g. to make Kokoro the default voice. */
  onInstalled?: () => void;
  onError?: (err: unknown) => void;
};

/**
 * The one Kokoro download of this process. It lives here, not in the task manager: it
 * is not tied to a project, it must not queue behind a render, and after a restart the
 * staged bytes (not a task row) are what let it resume.
 */
export function createNaturalVoices(options: NaturalVoicesOptions): NaturalVoices {
  let running: { controller: AbortController; done: Promise<void> } | undefined;
  let progress: ModelDownloadProgress | undefined;
  let failure: { message: string; code: ModelDownloadErrorCode | 'models_download_failed' } | undefined;

  async function installed(): Promise<boolean> {
    return (await missingKokoroFiles(options.modelsDir)).length === 0;
  }

  async function status(): Promise<NaturalVoicesStatus> {
    const done = progress?.bytesDone ?? 0;
    const total = progress?.bytesTotal ?? 0;
    const base = {
      bytes_done: done,
      bytes_total: total,
      percentage: total > 0 ? Math.round((done / total) * 1000) / 10 : 0,
      current_file: running ? (progress?.file ?? null) : null,
      error: null,
      error_code: null,
    };
    if (running) return { ...base, state: 'downloading' };
    if (await installed()) return { ...base, state: 'installed', percentage: 100 };
    if (failure) return { ...base, state: 'failed', error: failure.message, error_code: failure.code };
    return { ...base, state: 'not_installed' };
  }

  async function run(signal: AbortSignal): Promise<void> {
    const text = await fs.readFile(options.manifestFile, 'utf8');
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new ModelDownloadError('models_manifest_incomplete', `The model manifest ${options.manifestFile} is not valid JSON`);
    }
    const manifest = parseModelManifest(json, options.manifestFile);
    await downloadModel({
      manifest,
      baseUrl: options.modelsUrl,
      modelsDir: options.modelsDir,
      signal,
      onProgress: (p) => (progress = p),
    });
  }

  return {
    status,

    async start() {
      if (running || (await installed())) return status();
      // Another start may have begun while the files were being checked.
      if (running) return status();
      failure = undefined;
      progress = undefined;
      const controller = new AbortController();
      const done = run(controller.signal).then(
        () => options.onInstalled?.(),
        (err: unknown) => {
          if (controller.signal.aborted) return;
          failure =
            err instanceof ModelDownloadError
              ? { message: err.message, code: err.code }
              : { message: `The download failed: ${err instanceof Error ? err.message : String(err)}`, code: 'models_download_failed' };
          options.onError?.(err);
        },
      );
      running = { controller, done: done.finally(() => (running = undefined)) };
      return status();
    },

    async stop() {
      if (!running) return;
      running.controller.abort();
      await running.done;
    },
  };
}
