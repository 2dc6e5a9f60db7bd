import http from 'node:http';

/**
 * A client that keeps one connection alive, as a browser does, and says which socket
 * each answer came on: a refused request must leave that connection fit for the next.
 */
export type Answer = { status: number; body: string; json: () => unknown; socketPort: number; headers: http.IncomingHttpHeaders };

export class KeepAliveClient {
  private readonly agent = new http.Agent({ keepAlive: true, maxSockets: 1 });

  constructor(private readonly base: string) {}

  request(
    method: string,
    path: string,
    opts: { headers?: Record<string, string>; body?: Buffer | string; bodyParts?: (Buffer | string)[] } = {},
  ): Promise<Answer> {
    return new Promise((resolve, reject) => {
      const url = new URL(path, this.base);
      const req = http.request(
        url,
        { method, agent: this.agent, headers: { host: url.host, ...opts.headers } },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const body = Buffer.concat(chunks).toString('utf8');
            resolve({
              status: res.statusCode ?? 0,
              body,
              json: () => JSON.parse(body) as unknown,
              socketPort: req.socket?.localPort ?? -1,
              headers: res.headers,
            });
          });
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      if (opts.bodyParts) for (const part of opts.bodyParts) req.write(part);
      req.end(opts.body);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}

/** A multipart body with the given boundary; `close: false` leaves the final boundary off. */
export function multipartBody(
  boundary: string,
  field: string,
  data: Buffer,
  { close = true, filename = 'photo.png' } = {},
): Buffer {
  return Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${filename}"\r\nContent-Type: image/png\r\n\r\n`,
    ),
    data,
    Buffer.from(close ? `\r\n--${boundary}--\r\n` : '\r\n'),
  ]);
}
