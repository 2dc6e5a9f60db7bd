// @vitest-environment node
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { acceptedEncodings, precompressedStatic, precompressStatic } from '../../static-files.mjs';

let dir: string;
let server: http.Server;
let base: string;
const SCRIPT = 'console.log("a chunk");\n'.repeat(200);

/** A server like server.mjs: the precompressed files first, anything else answered 404 by "Next". */
beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'static-files-'));
  fs.mkdirSync(path.join(dir, 'chunks'));
  fs.writeFileSync(path.join(dir, 'chunks/app.js'), SCRIPT);
  fs.writeFileSync(path.join(dir, 'chunks/app.css'), 'body{margin:0}');
  fs.writeFileSync(path.join(dir, 'chunks/icon.svg'), '<svg/>');
  const handle = precompressedStatic(dir);
  server = http.createServer((req, res) => {
    if (handle(req, res)) return;
    res.writeHead(404, { 'X-Answered-By': 'next' }).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterEach(async () => {
  await new Promise((resolve) => server.close(resolve));
  fs.rmSync(dir, { recursive: true, force: true });
});

/** A raw GET (fetch would decode the body and hide the encoding). */
function get(pathname: string, headers: http.OutgoingHttpHeaders = {}, method = 'GET') {
  return new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }>((resolve, reject) => {
    http
      .request(`${base}${pathname}`, { headers, method }, (res) => {
        const parts: Buffer[] = [];
        res.on('data', (part: Buffer) => parts.push(part));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(parts) }));
      })
      .on('error', reject)
      .end();
  });
}

describe('precompressed static files (issue 14)', () => {
  it('compresses every script and stylesheet of the build, nothing else', () => {
    expect(precompressStatic(dir)).toBe(2);
    expect(zlib.brotliDecompressSync(fs.readFileSync(path.join(dir, 'chunks/app.js.br'))).toString()).toBe(SCRIPT);
    expect(zlib.gunzipSync(fs.readFileSync(path.join(dir, 'chunks/app.css.gz'))).toString()).toBe('body{margin:0}');
    expect(fs.existsSync(path.join(dir, 'chunks/icon.svg.br'))).toBe(false);
  });

  it('serves brotli when the browser takes it, with the headers Next would send', async () => {
    precompressStatic(dir);
    const res = await get('/_next/static/chunks/app.js', { 'Accept-Encoding': 'gzip, deflate, br, zstd' });
    expect(res.status).toBe(200);
    expect(res.headers['content-encoding']).toBe('br');
    expect(res.headers['content-type']).toBe('application/javascript; charset=utf-8');
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(res.headers.vary).toBe('Accept-Encoding');
    expect(zlib.brotliDecompressSync(res.body).toString()).toBe(SCRIPT);
  });

  it('serves gzip to a browser without brotli, and HEAD without a body', async () => {
    precompressStatic(dir);
    const res = await get('/_next/static/chunks/app.css?v=1', { 'Accept-Encoding': 'gzip' });
    expect(res.headers['content-encoding']).toBe('gzip');
    expect(res.headers['content-type']).toBe('text/css; charset=utf-8');
    expect(zlib.gunzipSync(res.body).toString()).toBe('body{margin:0}');
    const head = await get('/_next/static/chunks/app.css', { 'Accept-Encoding': 'gzip' }, 'HEAD');
    expect(head.headers['content-length']).toBe(String(res.body.length));
    expect(head.body.length).toBe(0);
  });

  it('leaves to Next what it cannot answer compressed', async () => {
    precompressStatic(dir);
    const next = async (pathname: string, encoding = 'br, gzip') =>
      (await get(pathname, { 'Accept-Encoding': encoding })).headers['x-answered-by'];
    expect(await next('/_next/static/chunks/app.js', 'identity')).toBe('next');
    expect(await next('/_next/static/chunks/app.js', 'br;q=0, gzip;q=0')).toBe('next');
    expect(await next('/_next/static/chunks/icon.svg')).toBe('next');
    expect(await next('/_next/static/chunks/missing.js')).toBe('next');
    expect(await next('/_next/static/%2e%2e/static-files.js')).toBe('next');
    expect(await next('/projects/1')).toBe('next');
  });

  it('answers from memory once read (a build never changes under its server)', async () => {
    precompressStatic(dir);
    await get('/_next/static/chunks/app.js', { 'Accept-Encoding': 'br' });
    fs.rmSync(path.join(dir, 'chunks/app.js.br'));
    expect((await get('/_next/static/chunks/app.js', { 'Accept-Encoding': 'br' })).headers['content-encoding']).toBe('br');
  });

  it('reads Accept-Encoding with its weights', () => {
    expect([...acceptedEncodings('gzip, deflate, br')]).toEqual(['gzip', 'deflate', 'br']);
    expect([...acceptedEncodings('br;q=0, GZIP;q=0.5')]).toEqual(['gzip']);
    expect(acceptedEncodings(undefined).size).toBe(0);
  });
});
