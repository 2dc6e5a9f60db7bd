import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { superviseProcess, type Supervised } from '../../../scripts/api-supervisor.mjs';

// Real child processes standing in for the API server.
const node = (code: string, env: Record<string, string> = {}) => (): ChildProcess =>
  spawn(process.execPath, ['-e', code], { stdio: 'ignore', env: { ...process.env, ...env } });
const CRASH = 'process.exit(3)';
const STAY_UP = 'setInterval(() => {}, 1000)';
/** Crashes on its first start (leaving a mark), stays up on the next ones. */
const CRASH_ONCE = `
  const fs = require('node:fs');
  if (!fs.existsSync(process.env.MARK)) { fs.writeFileSync(process.env.MARK, '1'); process.exit(1); }
  setInterval(() => {}, 1000);`;

const exitOf = (child: ChildProcess) =>
  child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise((r) => child.once('exit', r));

let running: Supervised | undefined;
afterEach(async () => {
  await running?.stop();
  running = undefined;
});

describe('superviseProcess', () => {
  it('restarts a process that crashed once, logs it, and keeps the new one', async () => {
    const mark = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'sf-supervisor-')), 'crashed');
    const lines: string[] = [];
    const restarted = new Promise<ChildProcess>((resolve) => {
      running = superviseProcess({ name: 'API server', start: node(CRASH_ONCE, { MARK: mark }), log: (l) => lines.push(l), baseDelayMs: 20, onRestart: resolve });
    });
    const second = await restarted;
    expect(second.pid).toBeGreaterThan(0);
    expect(running?.child).toBe(second);
    expect(second.exitCode).toBeNull();
    expect(lines).toEqual(['API server stopped unexpectedly (exit 1); restarting in 20 ms.']);
  });

  it('waits longer after each crash and gives up after too many in the window', async () => {
    const lines: string[] = [];
    let starts = 0;
    const gaveUp = new Promise<number | null>((resolve) => {
      running = superviseProcess({
        name: 'API server',
        start: () => {
          starts += 1;
          return node(CRASH)();
        },
        log: (l) => lines.push(l),
        baseDelayMs: 10,
        maxCrashes: 4,
        onGiveUp: resolve,
      });
    });
    expect(await gaveUp).toBe(3);
    expect(starts).toBe(4);
    expect(lines).toEqual([
      'API server stopped unexpectedly (exit 3); restarting in 10 ms.',
      'API server stopped unexpectedly (exit 3); restarting in 20 ms.',
      'API server stopped unexpectedly (exit 3); restarting in 40 ms.',
      'API server stopped unexpectedly (exit 3), 4 times within 60 s; giving up.',
    ]);
  });

  it('counts only the crashes inside the window', async () => {
    let starts = 0;
    const lines: string[] = [];
    // A zero-length window forgets every crash before the next one: it never gives up.
    const fifth = new Promise<void>((resolve) => {
      running = superviseProcess({
        name: 'API server',
        start: () => {
          starts += 1;
          if (starts === 5) resolve();
          return node(starts < 5 ? CRASH : STAY_UP)();
        },
        log: (l) => lines.push(l),
        baseDelayMs: 5,
        maxCrashes: 2,
        windowMs: 0,
      });
    });
    await fifth;
    expect(lines.some((l) => l.includes('giving up'))).toBe(false);
  });

  it('does not restart a process stopped on purpose, and starts it again on resume', async () => {
    const lines: string[] = [];
    running = superviseProcess({ name: 'API server', start: node(STAY_UP), log: (l) => lines.push(l), baseDelayMs: 1 });
    const first = running.child;
    await running.pause();
    expect(first.signalCode).toBe('SIGTERM');
    // Longer than any restart delay would have been.
    await new Promise((r) => setTimeout(r, 100));
    expect(running.child).toBe(first);
    expect(lines).toEqual([]);

    const again = running.resume();
    expect(again).not.toBe(first);
    expect(again.exitCode).toBeNull();
    await running.stop();
    await exitOf(again);
    expect(again.signalCode).toBe('SIGTERM');
  });
});
