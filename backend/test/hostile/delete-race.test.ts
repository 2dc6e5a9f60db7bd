import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { projectMediaPath } from '../../src/storage/media.js';
import { makeProject, makeSegments, uploadImage } from '../api/fixtures.js';
import { buildTestApp, LOCAL } from '../helper.js';
import { multipartBody } from './http-client.js';

describe('an upload racing the delete of its project', () => {
  it('leaves no media folder behind when the project is deleted mid-upload', async () => {
    const app = await buildTestApp();
    const project = makeProject(app);
    const [first, second] = makeSegments(app, project.id, 2);
    if (first === undefined || second === undefined) throw new Error('no segments');
    const image = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#a50' } }).png().toBuffer();
    // The project already has media, so its folder exists before the race.
    expect((await uploadImage(app, first.id, image, 'first.png')).statusCode).toBe(200);
    const folder = path.join(app.ctx.config.mediaDir, projectMediaPath(project.id));
    expect(fs.existsSync(folder)).toBe(true);

    const base = await app.listen({ host: '127.0.0.1', port: 0 });
    // Large enough that the body is still arriving while the route waits for it.
    const body = multipartBody('race', 'image', Buffer.concat([image, Buffer.alloc(2 * 1024 * 1024)]));
    const half = Math.floor(body.length / 2);
    let deleted: Promise<number> | undefined;
    const res = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = http.request(`${base}/api/segments/${second.id}/upload-image/`, {
        method: 'POST',
        headers: { ...LOCAL, 'content-type': 'multipart/form-data; boundary=race', 'content-length': String(body.length) },
      });
      req.on('response', (answer) => {
        let text = '';
        answer.on('data', (c: Buffer) => (text += c.toString()));
        answer.on('end', () => resolve({ status: answer.statusCode ?? 0, body: text }));
      });
      req.on('error', reject);
      // Half the body now; once the server is reading it, the project is deleted; then the rest.
      req.write(body.subarray(0, half), () => {
        setTimeout(() => {
          deleted = app
            .inject({ method: 'DELETE', url: `/api/projects/${project.id}/`, headers: LOCAL })
            .then((del) => del.statusCode);
          void deleted.finally(() => req.end(body.subarray(half)));
        }, 200);
      });
    });
    expect(await deleted).toBe(204);
    expect(res.status).toBe(404);
    expect(JSON.parse(res.body)).toEqual({ error: 'Segment not found', code: 'segment_not_found' });
    expect(fs.existsSync(folder)).toBe(false);
  });
});
