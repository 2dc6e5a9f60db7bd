/**
 * Main-thread side of the frame worker: starts it, feeds it clips, lends it frame
 * buffers and hands finished frames to a callback.
 */
import { Worker } from 'node:worker_threads';
import type { ClipJob, FromWorker, ToWorker } from './frame-protocol.js';
import { frameBytes } from './warp.js';
import { startWorker } from './worker-thread.js';

/** Frames in flight between worker and ffmpeg: enough to keep both busy, small enough to stay flat. */
const FRAME_BUFFERS = 4;

export type FrameSourceEvents = {
  onFrame: (clipIndex: number, frame: Uint8Array, release: () => void) => void;
  /** clipIndex −1: the worker itself failed. */
  onError: (clipIndex: number, error: Error) => void;
};

export class FrameSource {
  private readonly worker: Worker;
  private readonly doneClips = new Set<number>();
  private readonly waiters: { clipIndex: number; resolve: () => void }[] = [];
  private closed = false;

  constructor(width: number, height: number, events: FrameSourceEvents) {
    this.worker = startWorker(import.meta.url, 'frame-worker');
    this.worker.on('message', (message: FromWorker) => {
      if (message.type === 'frame') {
        const buffer = message.buffer;
        events.onFrame(message.clipIndex, new Uint8Array(buffer), () => this.send({ type: 'buffer', buffer }, [buffer]));
      } else if (message.type === 'clip-done') {
        this.doneClips.add(message.clipIndex);
        for (const w of this.waiters.filter((x) => x.clipIndex === message.clipIndex)) w.resolve();
      } else {
        events.onError(message.clipIndex, new Error(message.message));
      }
    });
    this.worker.on('error', (err) => events.onError(-1, err));
    // A worker that dies without an 'error' (e.g. out of memory) would leave ffmpeg waiting for frames.
    this.worker.on('exit', (code) => {
      if (!this.closed) events.onError(-1, new Error(`frame worker exited with code ${code}`));
    });
    for (let i = 0; i < FRAME_BUFFERS; i++) {
      const buffer = new ArrayBuffer(frameBytes(width, height));
      this.send({ type: 'buffer', buffer }, [buffer]);
    }
  }

  addClip(job: ClipJob): void {
    this.send({ type: 'clip', job });
  }

  /** Resolves once every frame of the clip has been handed out (or at once if it has no frames). */
  clipDone(clipIndex: number, signal: AbortSignal): Promise<void> {
    if (this.doneClips.has(clipIndex)) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const onAbort = (): void => reject(signal.reason);
      if (signal.aborted) return onAbort();
      signal.addEventListener('abort', onAbort, { once: true });
      this.waiters.push({
        clipIndex,
        resolve: () => {
          signal.removeEventListener('abort', onAbort);
          resolve();
        },
      });
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.worker.terminate();
  }

  private send(message: ToWorker, transfer: ArrayBuffer[] = []): void {
    if (!this.closed) this.worker.postMessage(message, transfer);
  }
}
