import http from 'node:http';
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type RunningApp } from './harness.js';

/** A raw request, so the Host header can be set to anything (fetch will not allow that). */
function request(url: string, opts: { method?: string; headers?: Record<string, string>; body?: string }) {
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = http.request(url, { method: opts.method ?? 'GET', headers: opts.headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end(opts.body);
  });
}

describe('local-only safety of the running servers', () => {
  let app: RunningApp;
  beforeAll(async () => {
    app = await startApp();
  });
  afterAll(async () => {
    await app?.stop();
  });

  it('serves the app and its API through one local origin', async () => {
    const page = await request(`${app.url}/`, {});
    expect(page.status).toBe(200);
    const api = await request(`${app.url}/api/projects/`, {});
    expect(api.status).toBe(200);
    expect(JSON.parse(api.body)).toMatchObject({ count: 0, results: [] });
  });

  it('refuses a foreign Host on both servers (DNS rebinding)', async () => {
    for (const base of [app.url, app.apiUrl]) {
      const res = await request(`${base}/api/projects/`, { headers: { host: 'attacker.example' } });
      expect(res.status).toBe(403);
      expect(JSON.parse(res.body)).toEqual({ error: 'Requests must address StoryFlow by a local host name', code: 'forbidden_host' });
    }
  });

  it('refuses a state-changing request from a foreign Origin and creates nothing', async () => {
    const res = await request(`${app.url}/api/projects/`, {
      method: 'POST',
      headers: { origin: 'https://attacker.example', 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'Planted' }),
    });
    expect(res.status).toBe(403);
    const list = await request(`${app.url}/api/projects/`, {});
    expect(JSON.parse(list.body)).toMatchObject({ count: 0 });
  });

  it('listens on 127.0.0.1 only (read from the kernel\'s socket table, no traffic sent)', () => {
    if (!fs.existsSync('/proc/net/tcp')) return; // not Linux: nothing to read
    const listening = fs
      .readFileSync('/proc/net/tcp', 'utf8')
      .split('\n')
      .slice(1)
      .map((line) => line.trim().split(/\s+/))
      .filter((cols) => cols[3] === '0A') // TCP_LISTEN
      .map((cols) => cols[1]?.split(':') ?? []);
    for (const port of [new URL(app.url).port, new URL(app.apiUrl).port]) {
      const hexPort = Number(port).toString(16).toUpperCase().padStart(4, '0');
      const addresses = listening.filter(([, p]) => p === hexPort).map(([addr]) => addr);
      expect(addresses).toEqual(['0100007F']); // 127.0.0.1, little-endian
    }
  });
});
