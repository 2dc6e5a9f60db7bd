import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import { findSegment } from '../../src/db/segments.js';
import { resolveMediaPath } from '../../src/storage/media.js';
import { uploadImage } from '../api/fixtures.js';
import { makeReadyProject } from '../fixtures/media.js';
import { buildTestApp, LOCAL } from '../helper.js';

type Status = { status: string; error: string | null; progress: { frames_done?: number } | null };

const status = async (app: App, id: string): Promise<Status> =>
  (await app.inject({ method: 'GET', url: `/api/projects/${id}/status/`, headers: LOCAL })).json<Status>();

async function until(app: App, id: string, done: (s: Status) => boolean): Promise<Status> {
  for (;;) {
    const s = await status(app, id);
    if (done(s)) return s;
    await sleep(20);
  }
}

describe('edits while a project renders', () => {
  it('never fail the render: new images, a removed image and audio, a FIFO swapped in', async () => {
    const app = await buildTestApp();
    // Big enough that encoding takes a while, so the later segments are read after the edits.
    const { project, segments } = await makeReadyProject(app, { segments: 8, seconds: 2, width: 640, height: 360, fps: 25 });
    const trigger = await app.inject({ method: 'POST', url: `/api/projects/${project.id}/render/`, headers: LOCAL, payload: {} });
    expect(trigger.statusCode).toBe(202);
    // Encoding has begun: the later segments' images have not been read yet.
    await until(app, project.id, (s) => s.status !== 'PROCESSING' || (s.progress?.frames_done ?? 0) > 0);

    const [piped, silenced, cleared, replaced] = [segments[5], segments[1], segments[6], segments[7]];
    if (!piped || !silenced || !cleared || !replaced) throw new Error('segments missing');
    const fresh = await sharp({ create: { width: 64, height: 36, channels: 3, background: '#fff' } }).png().toBuffer();
    // A new image under another name: the upload removes the old file.
    expect((await uploadImage(app, replaced.id, fresh, 'replacement.png')).statusCode).toBe(200);
    expect((await app.inject({ method: 'DELETE', url: `/api/segments/${cleared.id}/remove-image/`, headers: LOCAL })).statusCode).toBe(200);
    expect((await app.inject({ method: 'DELETE', url: `/api/segments/${silenced.id}/remove-audio/`, headers: LOCAL })).statusCode).toBe(200);
    // A FIFO where an image was: a plain read of it would wait forever.
    const fifoImage = resolveMediaPath(app.ctx.config.mediaDir, findSegment(app.ctx.db, piped.id)?.image_file ?? '');
    fs.rmSync(fifoImage);
    execFileSync('mkfifo', [fifoImage]);

    const end = await until(app, project.id, (s) => s.status !== 'PROCESSING');
    expect(end).toMatchObject({ status: 'COMPLETED', error: null });
    // The render's frozen inputs go with it (just after the status is written).
    const snapshots = path.join(app.ctx.config.dataDir, 'tmp');
    while (fs.readdirSync(snapshots).length > 0) await sleep(20);

    // The queue moves on to the next render.
    const again = await app.inject({ method: 'POST', url: `/api/projects/${project.id}/render/`, headers: LOCAL, payload: {} });
    expect(again.statusCode).toBe(400); // segment 2 has no audio now: refused up front, not queued
    const third = await makeReadyProject(app, { segments: 1, seconds: 1 });
    await app.inject({ method: 'POST', url: `/api/projects/${third.project.id}/render/`, headers: LOCAL, payload: {} });
    expect(await until(app, third.project.id, (s) => s.status !== 'PROCESSING')).toMatchObject({ status: 'COMPLETED' });
  });
});
