// Who may talk to StoryFlow: the one rule both servers apply (the API in
// backend/src/api/local-only.ts, the web server in frontend/server.mjs). Plain ESM so the
// API's compiled code and the web server import the same file without a build step.
//
// StoryFlow has no accounts, so anything that reaches the port can drive it. Two browser
// attacks remain for a loopback-only server: DNS rebinding (a foreign name resolving to
// 127.0.0.1, seen as a foreign Host) and requests from another page the user has open,
// including another program's page on this machine (seen as a foreign Origin or a
// Sec-Fetch-Site other than same-origin). Only StoryFlow's own web origin — scheme, host
// and port exactly — may change state.

const LOOPBACK_NAMES = ['localhost', '127.0.0.1', '[::1]'];
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

// A Host header or URL authority: a DNS name, an IPv4 address or a bracketed IPv6
// address, then an optional port. No userinfo ("a@b"), no path, no spaces.
const AUTHORITY = /^(\[[0-9a-f:.]+\]|[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*)(?::(\d{1,5}))?$/;

/**
 * The host name and port of an authority, or null when it is not a well-formed one.
 * @param {string} authority
 * @returns {{ name: string, port: number | null } | null}
 */
export function parseAuthority(authority) {
  const match = AUTHORITY.exec(authority.toLowerCase());
  if (match === null) return null;
  const name = match[1] ?? '';
  if (match[2] === undefined) return { name, port: null };
  const port = Number(match[2]);
  return port >= 1 && port <= 65535 ? { name, port } : null;
}

/**
 * Host names besides loopback, from STORYFLOW_ALLOWED_HOSTS (comma separated).
 * @param {string | undefined} text
 * @returns {string[]}
 */
export function parseAllowedHosts(text) {
  return (text ?? '')
    .split(',')
    .map((h) => h.trim().toLowerCase())
    .filter(Boolean);
}

/**
 * @param {string} name
 * @param {readonly string[]} allowedHosts
 */
function isLocalName(name, allowedHosts) {
  return LOOPBACK_NAMES.includes(name) || allowedHosts.includes(name);
}

/**
 * True when an Origin header is StoryFlow's web origin: http, a local name, the web port.
 * @param {string} origin
 * @param {{ allowedHosts: readonly string[], webPort: number }} site
 */
function isWebOrigin(origin, site) {
  const prefix = 'http://';
  if (!origin.toLowerCase().startsWith(prefix)) return false; // includes the opaque origin "null"
  const authority = parseAuthority(origin.slice(prefix.length));
  if (authority === null) return false;
  return isLocalName(authority.name, site.allowedHosts) && (authority.port ?? 80) === site.webPort;
}

/**
 * Why a request is refused (403), or null when it may proceed.
 * @param {{ method: string, host: string | undefined, origin: string | undefined, secFetchSite: string | undefined }} req
 * @param {{ allowedHosts: readonly string[], webPort: number }} site
 * @returns {{ error: string, code: 'forbidden_host' | 'cross_origin' | 'cross_site' } | null}
 */
export function refusalOf(req, site) {
  const host = req.host === undefined ? null : parseAuthority(req.host);
  if (host === null || !isLocalName(host.name, site.allowedHosts)) {
    return { error: 'Requests must address StoryFlow by a local host name', code: 'forbidden_host' };
  }
  if (SAFE_METHODS.has(req.method.toUpperCase())) return null;
  if (req.origin !== undefined && !isWebOrigin(req.origin, site)) {
    return { error: 'Cross-origin requests may not change StoryFlow data', code: 'cross_origin' };
  }
  // Sent by browsers even where Origin is not: another port of this host is "same-site".
  if (req.secFetchSite !== undefined && req.secFetchSite !== 'same-origin' && req.secFetchSite !== 'none') {
    return { error: 'Cross-site requests may not change StoryFlow data', code: 'cross_site' };
  }
  return null;
}
