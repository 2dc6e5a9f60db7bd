import { describe, expect, it } from 'vitest';
import { buildTestApp } from '../helper.js';

const WEB_ORIGIN = 'http://127.0.0.1:3000'; // configFor's default web port is 3000

describe('local-only safety', () => {
  it('refuses any request with a foreign Host header', async () => {
    const app = await buildTestApp();
    const res = await app.inject({ method: 'GET', url: '/api/nothing', headers: { host: 'evil.example:8000' } });
    expect(res.statusCode).toBe(403);
    expect(res.json()).toEqual({ error: 'Requests must address StoryFlow by a local host name', code: 'forbidden_host' });
  });

  it('parses Host strictly: no userinfo, no path, a valid port', async () => {
    const app = await buildTestApp();
    for (const host of [
      '127.0.0.1:3000@evil.com',
      'user@127.0.0.1:3000',
      '127.0.0.1:99999',
      '127.0.0.1:0',
      '127.0.0.1:+80',
      '127.0.0.1:3000/x',
      'localhost.:3000',
      'evil.localhost:3000',
      '127.0.0.1 :3000',
    ]) {
      const res = await app.inject({ method: 'GET', url: '/api/projects/', headers: { host } });
      expect(res.statusCode, host).toBe(403);
    }
    for (const host of ['127.0.0.1:3000', 'LOCALHOST:8000', '[::1]:8000', 'localhost']) {
      const res = await app.inject({ method: 'GET', url: '/api/projects/', headers: { host } });
      expect(res.statusCode, host).toBe(200);
    }
  });

  it('refuses a state-changing request from any origin but the web origin, and changes nothing', async () => {
    const app = await buildTestApp();
    const created = await app.inject({
      method: 'POST',
      url: '/api/projects/',
      headers: { host: '127.0.0.1:3000', origin: WEB_ORIGIN, 'sec-fetch-site': 'same-origin' },
      payload: { title: 'Mine' },
    });
    expect(created.statusCode).toBe(201);
    const id = created.json<{ id: string }>().id;
    for (const origin of [
      'https://evil.example',
      'http://127.0.0.1:9999', // another program's page on this machine
      'http://evil.localhost:3000',
      'https://127.0.0.1:3000', // another scheme is another origin
      'http://127.0.0.1:8000', // the API's own port serves no pages
      'http://127.0.0.1:3000@evil.com',
      'null',
    ]) {
      for (const [method, url] of [
        ['POST', '/api/projects/'],
        ['PATCH', `/api/projects/${id}/`],
        ['DELETE', `/api/projects/${id}/`],
      ] as const) {
        const res = await app.inject({
          method,
          url,
          headers: { host: '127.0.0.1:3000', origin },
          ...(method === 'DELETE' ? {} : { payload: { title: 'Planted' } }),
        });
        expect(res.statusCode, `${method} from ${origin}`).toBe(403);
        expect(res.json()).toEqual({ error: 'Cross-origin requests may not change StoryFlow data', code: 'cross_origin' });
      }
    }
    const list = await app.inject({ method: 'GET', url: '/api/projects/', headers: { host: '127.0.0.1:3000' } });
    expect(list.json()).toMatchObject({ count: 1, results: [{ id, title: 'Mine' }] });
  });

  it('refuses Sec-Fetch-Site cross-site and same-site (another port) even without an Origin', async () => {
    const app = await buildTestApp();
    for (const site of ['cross-site', 'same-site']) {
      const res = await app.inject({
        method: 'POST',
        url: '/api/projects/',
        headers: { host: '127.0.0.1:3000', 'sec-fetch-site': site },
        payload: { title: 'x' },
      });
      expect(res.statusCode, site).toBe(403);
      expect(res.json()).toEqual({ error: 'Cross-site requests may not change StoryFlow data', code: 'cross_site' });
    }
    const list = await app.inject({ method: 'GET', url: '/api/projects/', headers: { host: '127.0.0.1:3000' } });
    expect(list.json()).toMatchObject({ count: 0 });
  });

  it('takes the web port and extra host names from the configuration', async () => {
    const app = await buildTestApp({ webPort: 4123, allowedHosts: ['storyflow.lan'] });
    const post = (origin: string) =>
      app.inject({
        method: 'POST',
        url: '/api/projects/',
        headers: { host: 'storyflow.lan:8000', origin },
        payload: { title: 'x' },
      });
    expect((await post('http://storyflow.lan:4123')).statusCode).toBe(201);
    expect((await post('http://localhost:4123')).statusCode).toBe(201);
    expect((await post('http://localhost:3000')).statusCode).toBe(403);
  });

  it('answers unknown routes with a JSON 404', async () => {
    const app = await buildTestApp();
    const res = await app.inject({ method: 'GET', url: '/api/nothing', headers: { host: 'localhost:3000' } });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual({ error: 'Route GET /api/nothing not found', code: 'route_not_found' });
  });
});
