import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach } from 'vitest';
import type { ModelManifest } from '../../../src/engine/speech/model-download.js';

/**
 * A real HTTP file server for model-download tests: serves the given files with Range
 * support, records every request and can cut a response off after N bytes.
 */
export type ModelServer = {
  url: string;
  requests: { path: string; range: string | undefined }[];
  /** The next response for `path` is cut (socket destroyed) after `bytes` bytes of body. */
  cutNext(path: string, bytes: number): void;
  /** Makes the server answer 200 with the whole file even when asked for a range. */
  ignoreRanges(): void;
};

export async function startModelServer(files: ReadonlyMap<string, Buffer>): Promise<ModelServer> {
  const requests: ModelServer['requests'] = [];
  const cuts = new Map<string, number>();
  let honourRanges = true;
  const server = http.createServer((req, res) => {
    const path = decodeURIComponent((req.url ?? '/').replace(/^\/+/, '').replace(/\?.*$/, ''));
    requests.push({ path, range: req.headers.range });
    const body = files.get(path);
    if (body === undefined) {
      res.writeHead(404).end('not found');
      return;
    }
    let start = 0;
    const range = /^bytes=(\d+)-$/.exec(req.headers.range ?? '');
    if (range && honourRanges) {
      start = Number(range[1]);
      if (start >= body.length) {
        res.writeHead(416, { 'Content-Range': `bytes */${body.length}` }).end();
        return;
      }
      res.writeHead(206, {
        'Content-Range': `bytes ${start}-${body.length - 1}/${body.length}`,
        'Content-Length': body.length - start,
      });
    } else {
      res.writeHead(200, { 'Content-Length': body.length });
    }
    const part = body.subarray(start);
    const cut = cuts.get(path);
    if (cut !== undefined) {
      cuts.delete(path);
      // Send a prefix, let it reach the client, then drop the connection mid-body.
      res.write(part.subarray(0, cut), () => setTimeout(() => res.socket?.destroy(), 100));
      return;
    }
    res.end(part);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  afterEach(
    () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  );
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/models`,
    requests,
    cutNext: (path, bytes) => cuts.set(`models/${path}`, bytes),
    ignoreRanges: () => (honourRanges = false),
  };
}

/** Files whose content the test makes: random bytes, so a wrong byte is caught by sha256. */
export function makeModelFiles(sizes: Record<string, number>): { files: Map<string, Buffer>; manifest: ModelManifest } {
  const files = new Map<string, Buffer>();
  const entries = Object.entries(sizes).map(([path, size]) => {
    const bytes = crypto.randomBytes(size);
    files.set(`models/${path}`, bytes);
    return { path, size, sha256: crypto.createHash('sha256').update(bytes).digest('hex') };
  });
  return { files, manifest: { model: 'Kokoro-82M-v1.0-ONNX', files: entries } };
}

/** A URL on a port that was just free and is closed again: connecting to it is refused. */
export async function refusedUrl(): Promise<string> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}/models`;
}
