import { describe, expect, it } from 'vitest';
import { resolveMediaTools } from '../../src/engine/tools/media-tools.js';
import { buildTestApp } from '../helper.js';
import { expectReply, request } from './fixtures.js';

describe('GET /api/system', () => {
  it('says which ffmpeg, ffprobe and espeak-ng are in use, where from and which version', async () => {
    const app = await buildTestApp();
    const expected = await resolveMediaTools(process.env);
    const res = await request(app, 'GET', '/api/system/');
    expectReply(res, 200, {
      tools: [expected.ffmpeg, expected.ffprobe, expected.espeak].map((t) => ({
        name: t.name,
        available: true,
        path: t.ok ? t.path : null,
        source: t.ok ? t.source : null,
        version: t.ok ? t.version : null,
        kind: t.ok ? t.kind : null,
        problem: null,
      })),
    });
    expect(res.json<{ tools: { source: string }[] }>().tools.map((t) => t.source).every((s) => ['system', 'bundled', 'env'].includes(s))).toBe(true);
  });

  it('reports a program the user named that does not run, with the reason', async () => {
    const app = await buildTestApp({ ffmpegPath: '/nonexistent/ffmpeg' });
    const body = (await request(app, 'GET', '/api/system/')).json<{ tools: { name: string; available: boolean; problem: string | null }[] }>();
    expect(body.tools[0]).toMatchObject({ name: 'ffmpeg', available: false, problem: expect.stringContaining('/nonexistent/ffmpeg') });
  });
});
