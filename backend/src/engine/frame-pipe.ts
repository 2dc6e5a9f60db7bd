/**
 * A named pipe (FIFO) that carries raw frames to ffmpeg. Writing frames to ffmpeg's
 * stdin goes through the event loop: every 64 KiB the pipe fills, and the main thread
 * has to wake up to write the next piece (about 50 times per 1080p frame). On a busy
 * machine those wake-ups stall the encoder. A FIFO opened with fs.createWriteStream is
 * written with blocking write(2) calls on a libuv pool thread, so the kernel hands data
 * straight to ffmpeg as it reads. Where mkfifo is unavailable the renderer uses stdin.
 */
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Writable } from 'node:stream';
import { runProcess } from './child-process.js';

export type FramePipe = {
  /** Give this to ffmpeg as the input path. */
  path: string;
  sink: Writable;
  /** Closes the writer (even if ffmpeg never opened the pipe) and removes the FIFO. */
  close: () => Promise<void>;
};

export async function openFramePipe(): Promise<FramePipe | null> {
  if (process.platform === 'win32') return null;
  // The pid in the name lets a later start-up sweep tell a dead process's pipe from a live one's.
  const dir = await fsp.mkdtemp(path.join(os.tmpdir(), `storyflow-frames-${process.pid}-`));
  const fifoPath = path.join(dir, 'frames.yuv');
  const made = await runProcess('mkfifo', ['-m', '600', fifoPath])
    .done.then((r) => r.exitCode === 0)
    .catch(() => false);
  if (!made) {
    await fsp.rm(dir, { recursive: true, force: true });
    return null;
  }
  const sink = fs.createWriteStream(fifoPath);
  let opened = false;
  sink.once('open', () => {
    opened = true;
  });
  // EPIPE when ffmpeg stops early: its exit status is what gets reported.
  sink.on('error', () => undefined);
  const close = async (): Promise<void> => {
    if (!opened && !sink.destroyed) {
      // Opening a FIFO for writing blocks until a reader opens it; if ffmpeg never did,
      // open it for reading ourselves so the pool thread is released.
      try {
        fs.closeSync(fs.openSync(fifoPath, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK));
      } catch {
        // already gone
      }
    }
    if (!sink.closed) {
      await new Promise<void>((resolve) => {
        sink.once('close', () => resolve());
        sink.destroy();
      });
    }
    await fsp.rm(dir, { recursive: true, force: true });
  };
  return { path: fifoPath, sink, close };
}
