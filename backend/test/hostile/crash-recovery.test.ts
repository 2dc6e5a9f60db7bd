import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { configFor } from '../../src/config.js';
import { makeReadyProject } from '../fixtures/media.js';
import { makeTempDir } from '../helper.js';

const BACKEND = path.resolve(import.meta.dirname, '../..');

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => resolve(typeof addr === 'object' && addr ? addr.port : 0));
    });
  });
}

/** The real API server (src/server.ts) as its own process group, so a kill takes its ffmpeg too. */
async function startServer(dataDir: string): Promise<{ child: ChildProcess; url: string }> {
  const port = await freePort();
  // The contract from its sources, as in `npm run dev`: no build needed for this test.
  const child = spawn(process.execPath, ['--conditions=storyflow-source', '--import', 'tsx', 'src/server.ts'], {
    cwd: BACKEND,
    detached: true,
    stdio: 'ignore',
    env: { ...process.env, STORYFLOW_DATA_DIR: dataDir, STORYFLOW_API_PORT: String(port), STORYFLOW_LOG_LEVEL: 'warn' },
  });
  const url = `http://127.0.0.1:${port}`;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the API server exited with ${child.exitCode}`);
    const up = await fetch(`${url}/api/projects/`).then((r) => r.ok, () => false);
    if (up) return { child, url };
    await sleep(100);
  }
}

function exited(child: ChildProcess): Promise<void> {
  return child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise((r) => child.once('exit', () => r()));
}

describe('a render killed with SIGKILL', () => {
  it.skipIf(process.platform === 'win32')(
    'ends FAILED after the restart, with its partial and temp files swept away',
    async () => {
      const dataDir = makeTempDir();
      // The project is set up in-process, then the server runs on the same data directory.
      const setup = await buildApp(configFor(dataDir));
      const { project } = await makeReadyProject(setup, { segments: 2, seconds: 8, width: 1280, height: 720, fps: 30 });
      await setup.close();

      const first = await startServer(dataDir);
      const outputDir = path.join(dataDir, 'media', 'projects', project.id, 'output');
      const framesDir = () =>
        fs.readdirSync(os.tmpdir()).filter((name) => name.startsWith(`storyflow-frames-${first.child.pid}-`));
      const leftovers = () => ({
        output: fs.existsSync(outputDir) ? fs.readdirSync(outputDir).sort() : [],
        frames: framesDir(),
        snapshots: fs.existsSync(path.join(dataDir, 'tmp')) ? fs.readdirSync(path.join(dataDir, 'tmp')) : [],
      });
      try {
        const trigger = await fetch(`${first.url}/api/projects/${project.id}/render/`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: '{}',
        });
        expect(trigger.status).toBe(202);
        // Wait until the render is mid-encode: the video and soundtrack partials and the frame pipe exist.
        for (;;) {
          const now = leftovers();
          const partials = now.output.filter((n) => /\.partial$/.test(n)).length + now.output.filter((n) => /\.partial\.wav$/.test(n)).length;
          if (partials === 2 && now.frames.length === 1 && now.snapshots.length === 1) break;
          await sleep(50);
        }
      } finally {
        if (first.child.pid !== undefined) process.kill(-first.child.pid, 'SIGKILL');
        await exited(first.child);
      }
      const before = leftovers();
      expect(before.output).toHaveLength(2);

      const second = await startServer(dataDir);
      try {
        const status = (await (await fetch(`${second.url}/api/projects/${project.id}/status/`)).json()) as {
          status: string;
          error: string | null;
        };
        expect(status).toMatchObject({ status: 'FAILED', error: 'Render interrupted: the server stopped' });
        expect(leftovers()).toEqual({ output: [], frames: [], snapshots: [] });
      } finally {
        second.child.kill('SIGTERM');
        await exited(second.child);
      }
    },
  );
});
