import type { FastifyRequest } from 'fastify';
import { ForbiddenError } from '../errors.js';

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Host name of a Host header or URL authority, lower-cased and without the port. */
export function hostnameOf(authority: string): string {
  const a = authority.trim().toLowerCase();
  if (a.startsWith('[')) {
    const end = a.indexOf(']');
    return end === -1 ? a : a.slice(0, end + 1);
  }
  const colon = a.lastIndexOf(':');
  return colon === -1 ? a : a.slice(0, colon);
}

export function isAllowedHost(authority: string, allowedHosts: readonly string[]): boolean {
  const name = hostnameOf(authority);
  return LOOPBACK_HOSTS.has(name) || name.endsWith('.localhost') || allowedHosts.includes(name);
}

/**
 * StoryFlow has no accounts, so anything that can reach the port can drive it. Two
 * browser attacks remain for a loopback-only server: DNS rebinding (a foreign name that
 * resolves to 127.0.0.1, seen as a foreign Host) and cross-site requests from a page the
 * user visits (seen as a foreign Origin, or Sec-Fetch-Site: cross-site).
 */
export function assertLocalRequest(req: FastifyRequest, allowedHosts: readonly string[]): void {
  const host = req.headers.host;
  if (host === undefined || !isAllowedHost(host, allowedHosts)) {
    throw new ForbiddenError('forbidden_host', 'Requests must address StoryFlow by a local host name');
  }
  if (SAFE_METHODS.has(req.method)) return;
  const origin = req.headers.origin;
  if (origin !== undefined && !isAllowedOrigin(origin, allowedHosts)) {
    throw new ForbiddenError('cross_origin', 'Cross-origin requests may not change StoryFlow data');
  }
  if (req.headers['sec-fetch-site'] === 'cross-site') {
    throw new ForbiddenError('cross_origin', 'Cross-site requests may not change StoryFlow data');
  }
}

function isAllowedOrigin(origin: string, allowedHosts: readonly string[]): boolean {
  try {
    const url = new URL(origin);
    return (url.protocol === 'http:' || url.protocol === 'https:') && isAllowedHost(url.host, allowedHosts);
  } catch {
    return false; // includes the opaque origin "null"
  }
}
