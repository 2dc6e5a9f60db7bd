// The build's scripts and stylesheets, compressed once at build time and served as they are
// (issue 14, SPEC §7.8). Next compresses every response as it sends it: opening the editor
// cost the web server ~90 ms of CPU for its 15 files (~45 ms of it gzip, the rest Next's
// routing of each request), and on a busy machine that server is what the page waits for:
// its scripts arrived 0.4–1.5 s after they were asked for while the page had nothing to do.
// These files never change for a build (their names are content hashes), so they are
// compressed after `next build` (the frontend's build script runs this file) and
// server.mjs answers /_next/static/ requests for them from memory, before Next sees them.
// Anything else, or a browser that takes neither encoding, still goes to Next.
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import zlib from 'node:zlib';

const PREFIX = '/_next/static/';
const TYPES = new Map([
  ['.js', 'application/javascript; charset=utf-8'],
  ['.css', 'text/css; charset=utf-8'],
]);
/** In order of preference: brotli is smaller, gzip is what every browser takes. */
export const ENCODINGS = [
  { name: 'br', suffix: '.br' },
  { name: 'gzip', suffix: '.gz' },
];

/**
 * Writes a `.br` and a `.gz` beside every script and stylesheet under `staticDir`.
 * @param {string} staticDir the build's static folder (.next/static)
 * @returns {number} how many files were compressed
 */
export function precompressStatic(staticDir) {
  let count = 0;
  for (const relative of fs.readdirSync(staticDir, { recursive: true, encoding: 'utf8' })) {
    const file = path.join(staticDir, relative);
    if (!TYPES.has(path.extname(file)) || !fs.statSync(file).isFile()) continue;
    const body = fs.readFileSync(file);
    fs.writeFileSync(
      `${file}.br`,
      zlib.brotliCompressSync(body, {
        params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: body.length },
      }),
    );
    fs.writeFileSync(`${file}.gz`, zlib.gzipSync(body, { level: 9 }));
    count += 1;
  }
  return count;
}

/**
 * The content codings an Accept-Encoding header allows (`q=0` refuses one).
 * @param {string | undefined} header
 * @returns {Set<string>}
 */
export function acceptedEncodings(header) {
  const accepted = new Set();
  for (const part of (header ?? '').split(',')) {
    const [name = '', ...params] = part.split(';').map((s) => s.trim().toLowerCase());
    const q = params.find((p) => p.startsWith('q='));
    if (name !== '' && (q === undefined || Number(q.slice(2)) > 0)) accepted.add(name);
  }
  return accepted;
}

/**
 * A handler for the build's precompressed files. Files are read once and kept: a build's
 * static files never change while the server runs, and they are few (about 300 kB brotli).
 * @param {string} staticDir the build's static folder (.next/static)
 * @returns {(req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => boolean}
 *   true when it answered, false when Next should
 */
export function precompressedStatic(staticDir) {
  const root = path.resolve(staticDir);
  /** @type {Map<string, Buffer | null>} */
  const cache = new Map();
  /** @param {string} file */
  const read = (file) => {
    let body = cache.get(file);
    if (body === undefined) {
      try {
        body = fs.readFileSync(file);
      } catch {
        body = null;
      }
      cache.set(file, body);
    }
    return body;
  };

  return (req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return false;
    const pathname = (req.url ?? '').split('?')[0] ?? '';
    if (!pathname.startsWith(PREFIX)) return false;
    let relative;
    try {
      relative = decodeURIComponent(pathname.slice(PREFIX.length));
    } catch {
      return false;
    }
    const file = path.resolve(root, relative);
    const type = TYPES.get(path.extname(file));
    if (!file.startsWith(root + path.sep) || type === undefined) return false;
    const accepted = acceptedEncodings(req.headers['accept-encoding']);
    for (const encoding of ENCODINGS) {
      if (!accepted.has(encoding.name)) continue;
      const body = read(file + encoding.suffix);
      if (body === null) continue;
      res.writeHead(200, {
        'Content-Type': type,
        'Content-Encoding': encoding.name,
        'Content-Length': body.length,
        // As Next sends them: the name changes whenever the content does.
        'Cache-Control': 'public, max-age=31536000, immutable',
        Vary: 'Accept-Encoding',
      });
      res.end(req.method === 'HEAD' ? undefined : body);
      return true;
    }
    return false;
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const count = precompressStatic(path.join(import.meta.dirname, '.next/static'));
  console.log(`static-files: ${count} scripts and stylesheets compressed (brotli, gzip)`);
}
