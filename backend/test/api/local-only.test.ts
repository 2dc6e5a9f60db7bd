import { describe, expect, it } from 'vitest';
import { buildTestApp } from '../helper.js';

describe('local-only safety', () => {
  it('refuses any request with a foreign Host header', async () => {
    const app = await buildTestApp();
    const res = await app.inject({ method: 'GET', url: '/api/nothing', headers: { host: 'evil.example:8000' } });
    expect(res.statusCode).toBe(403);
    expect(res.json()).toEqual({ error: 'Requests must address StoryFlow by a local host name', code: 'forbidden_host' });
  });

  it('refuses a state-changing request from a foreign Origin', async () => {
    const app = await buildTestApp();
    const res = await app.inject({
      method: 'POST',
      url: '/api/projects/',
      headers: { host: '127.0.0.1:8000', origin: 'https://evil.example' },
      payload: { title: 'x' },
    });
    expect(res.statusCode).toBe(403);
    expect(res.json()).toEqual({ error: 'Cross-origin requests may not change StoryFlow data', code: 'cross_origin' });
  });

  it('answers unknown routes with a JSON 404', async () => {
    const app = await buildTestApp();
    const res = await app.inject({ method: 'GET', url: '/api/nothing', headers: { host: 'localhost:3000' } });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual({ error: 'Route GET /api/nothing not found', code: 'route_not_found' });
  });
});
