// StoryFlow's web server: Next.js for the pages, a streaming forwarder for /api/* and
// /media/* (api-forward.mjs says why not Next's proxy), and the local-access rule shared
// with the API in front of both. `node server.mjs` serves the production build,
// `node server.mjs --dev` runs Next in development mode with the same forwarding.
import http from 'node:http';
import path from 'node:path';
import next from 'next';
import { parseAllowedHosts, refusalOf } from '../scripts/local-access.mjs';
import { forwardToApi } from './api-forward.mjs';
import { precompressedStatic } from './static-files.mjs';

const dev = process.argv.includes('--dev');
const hostname = process.env.STORYFLOW_HOST ?? '127.0.0.1';
const port = Number(process.env.PORT ?? 3000);
const apiUrl = new URL(process.env.STORYFLOW_API_URL ?? 'http://127.0.0.1:8000');
const site = { allowedHosts: parseAllowedHosts(process.env.STORYFLOW_ALLOWED_HOSTS), webPort: port };
// Kept-alive connections to the API: with "Connection: close" the API would hang up right
// after an early refusal while the body is still being sent, and the forwarder would see
// EPIPE instead of the answer. Idle ones are dropped after 30 s, well before the API's own
// keep-alive timeout (72 s), so a reused connection is never one the API is closing.
const apiAgent = new http.Agent({ keepAlive: true, timeout: 30_000 });

const app = next({ dev, dir: import.meta.dirname, hostname, port });
await app.prepare();
const handlePage = app.getRequestHandler();
// The build's scripts and stylesheets, compressed at build time (static-files.mjs says why).
// Development builds have none: Next serves everything there.
const handleStatic = dev ? () => false : precompressedStatic(path.join(import.meta.dirname, '.next/static'));

/** @param {string} url */
function isApiPath(url) {
  const path = url.split('?')[0] ?? url;
  return path === '/api' || path.startsWith('/api/') || path.startsWith('/media/');
}

/** @param {string | string[] | undefined} value */
const single = (value) => (Array.isArray(value) ? value.join(',') : value);

const server = http.createServer((req, res) => {
  const refusal = refusalOf(
    {
      method: req.method ?? 'GET',
      host: req.headers.host,
      origin: single(req.headers.origin),
      secFetchSite: single(req.headers['sec-fetch-site']),
    },
    site,
  );
  if (refusal !== null) {
    res.writeHead(403, { 'content-type': 'application/json; charset=utf-8' });
    res.end(JSON.stringify(refusal));
    return;
  }
  if (isApiPath(req.url ?? '/')) {
    forwardToApi(req, res, apiUrl, apiAgent);
    return;
  }
  if (handleStatic(req, res)) return;
  void handlePage(req, res);
});
if (dev) server.on('upgrade', app.getUpgradeHandler());
server.listen(port, hostname, () => {
  console.log(`StoryFlow web server on http://${hostname}:${port}`);
});
