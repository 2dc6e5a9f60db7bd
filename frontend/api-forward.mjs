// Streams /api/* and /media/* requests to the API server. Next's proxy (middleware)
// buffers a whole request body before forwarding it and turns an API answer that comes
// before the body is read (a 400 or 413 for a bad upload) into a 500 that also leaves the
// browser's kept-alive connection waiting for a body nobody reads. This forwarder pipes
// bytes both ways, so the API judges every request itself and its answer reaches the
// browser as it was sent.
import http from 'node:http';

// Headers that describe one connection, not the message (RFC 9110 §7.6.1).
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'proxy-authenticate',
  'proxy-authorization',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
]);

export const API_UNREACHABLE = {
  error: 'The StoryFlow API server is not reachable. Check that StoryFlow is running (npm start).',
  code: 'api_unreachable',
};

/**
 * @param {http.IncomingHttpHeaders} headers
 * @returns {http.OutgoingHttpHeaders}
 */
function endToEndHeaders(headers) {
  const named = String(headers.connection ?? '')
    .split(',')
    .map((h) => h.trim().toLowerCase());
  /** @type {http.OutgoingHttpHeaders} */
  const out = {};
  for (const [name, value] of Object.entries(headers)) {
    if (!HOP_BY_HOP.has(name) && !named.includes(name) && value !== undefined) out[name] = value;
  }
  return out;
}

/**
 * Forwards one request to the API at `target` and its answer back.
 * @param {http.IncomingMessage} req
 * @param {http.ServerResponse} res
 * @param {URL} target the API's base URL
 * @param {http.Agent} agent
 */
export function forwardToApi(req, res, target, agent) {
  const upstream = http.request({
    hostname: target.hostname,
    port: target.port,
    method: req.method,
    path: req.url,
    headers: { ...endToEndHeaders(req.headers), host: target.host },
    agent,
  });
  let answered = false;

  upstream.on('response', (answer) => {
    answered = true;
    res.writeHead(answer.statusCode ?? 502, answer.statusMessage, endToEndHeaders(answer.headers));
    answer.pipe(res);
    answer.on('error', () => res.destroy());
    if (!req.complete) {
      // The API answered before the body ended (it refused the request). Stop sending it,
      // and read the rest off the browser's connection and throw it away, so the next
      // request on that connection is parsed from its first byte.
      req.unpipe(upstream);
      req.resume();
      // The API is still waiting for the rest of a body that will not come: hang up.
      answer.on('end', () => upstream.destroy());
    }
  });

  upstream.on('error', () => {
    if (answered) {
      // The API's answer broke off half-way: the browser must not take it as complete.
      if (!res.writableFinished) res.destroy();
      return;
    }
    req.unpipe(upstream);
    req.resume();
    if (!res.headersSent) {
      res.writeHead(502, { 'content-type': 'application/json; charset=utf-8' });
      res.end(JSON.stringify(API_UNREACHABLE));
    }
  });

  // The browser went away before the answer was complete: stop the API's work on it.
  res.on('close', () => {
    if (!res.writableFinished) upstream.destroy();
  });
  req.pipe(upstream);
}
