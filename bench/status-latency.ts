/**
 * Status endpoint latency while a 1080p render runs (issue 5): the endpoint reads SQLite
 * rows only, so it must answer in milliseconds however busy FFmpeg keeps the cores.
 * Run: npm run bench:status   (reads the contract from source: tsx --conditions=storyflow-source)
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { buildApp } from '../backend/src/app.js';
import { configFor } from '../backend/src/config.js';
import { makeReadyProject } from '../backend/test/fixtures/media.js';

const SEGMENTS = Number(process.env.SEGMENTS ?? 6);
const SECONDS = Number(process.env.SECONDS_PER_SEGMENT ?? 5);
const INTERVAL_MS = 20;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'storyflow-status-bench-'));
const app = await buildApp(configFor(dir));
try {
  const address = await app.listen({ host: '127.0.0.1', port: 0 });
  const { project } = await makeReadyProject(app, { segments: SEGMENTS, seconds: SECONDS, width: 1920, height: 1080, fps: 30 });
  const started = performance.now();
  const trigger = await fetch(`${address}/api/projects/${project.id}/render/`, { method: 'POST' });
  if (trigger.status !== 202) throw new Error(`render not accepted: ${trigger.status} ${await trigger.text()}`);

  const latencies: number[] = [];
  let status = 'PROCESSING';
  while (status === 'PROCESSING') {
    const t0 = performance.now();
    const res = await fetch(`${address}/api/projects/${project.id}/status/`);
    const body = (await res.json()) as { status: string };
    latencies.push(performance.now() - t0);
    status = body.status;
    await sleep(INTERVAL_MS);
  }
  const renderSeconds = (performance.now() - started) / 1000;
  const sorted = [...latencies].sort((a, b) => a - b);
  console.log(`render: ${SEGMENTS} × ${SECONDS} s at 1920×1080 30 fps → ${status} in ${renderSeconds.toFixed(1)} s`);
  console.log(`status requests during the render: ${sorted.length}`);
  console.log(
    `latency ms: p50 ${percentile(sorted, 50).toFixed(2)}  p95 ${percentile(sorted, 95).toFixed(2)}  ` +
      `p99 ${percentile(sorted, 99).toFixed(2)}  max ${(sorted.at(-1) ?? NaN).toFixed(2)}`,
  );
} finally {
  await app.close();
  fs.rmSync(dir, { recursive: true, force: true });
}
