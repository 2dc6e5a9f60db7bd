import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { badInputCases } from '../backend/test/hostile/bad-input-cases.js';
import { KeepAliveClient } from '../backend/test/hostile/http-client.js';
import { startApp, type RunningApp } from './harness.js';

/**
 * Issue 15 on the running production build: the web port forwards to the API port, so
 * every refusal must reach the browser as the API's 4xx (never a 500 made by the proxy)
 * and leave the kept-alive connection fit for the next request.
 */
describe('bad input through the web origin and on the API port', () => {
  let app: RunningApp;
  beforeAll(async () => {
    app = await startApp();
  });
  afterAll(async () => {
    await app?.stop();
  });

  describe('web port', () => badInputCases(() => app.url));
  describe('API port', () => badInputCases(() => app.apiUrl));

  it('refuses foreign origins, cross-site fetches and malformed Hosts on both ports', async () => {
    for (const base of [app.url, app.apiUrl]) {
      const client = new KeepAliveClient(base);
      try {
        const web = new URL(app.url);
        const json = { 'content-type': 'application/json' };
        const own = await client.request('POST', '/api/projects/', {
          headers: { ...json, origin: web.origin, 'sec-fetch-site': 'same-origin' },
          body: '{"title": "Kept"}',
        });
        expect(own.status).toBe(201);
        const id = (own.json() as { id: string }).id;
        const refusals: Record<string, string>[] = [
          { origin: 'http://127.0.0.1:9999' },
          { origin: `http://evil.localhost:${web.port}` },
          { origin: `http://localhost:${new URL(app.apiUrl).port}` },
          { 'sec-fetch-site': 'cross-site' },
          { 'sec-fetch-site': 'same-site' },
          { host: `127.0.0.1:${web.port}@evil.com` },
          { host: '127.0.0.1:99999' },
        ];
        for (const headers of refusals) {
          const del = await client.request('DELETE', `/api/projects/${id}/`, { headers });
          expect(del.status, `${base} ${JSON.stringify(headers)}`).toBe(403);
          expect(del.json()).toMatchObject({ error: expect.any(String) });
        }
        const still = await client.request('GET', `/api/projects/${id}/`);
        expect(still.status).toBe(200);
        const del = await client.request('DELETE', `/api/projects/${id}/`, { headers: { origin: web.origin } });
        expect(del.status).toBe(204);
      } finally {
        client.close();
      }
    }
  });
});
