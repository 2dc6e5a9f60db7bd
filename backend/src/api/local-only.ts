import type { FastifyRequest } from 'fastify';
// The same rule the web server applies (frontend/server.mjs): one file, both servers.
import { refusalOf } from '../../../scripts/local-access.mjs';
import { ForbiddenError } from '../errors.js';

/** The web origin StoryFlow's pages come from, and extra host names allowed besides loopback. */
export type LocalSite = { allowedHosts: readonly string[]; webPort: number };

/**
 * Refuses a request that names a foreign Host (DNS rebinding), or that changes state from
 * any origin but StoryFlow's own web page (scripts/local-access.mjs says why).
 */
export function assertLocalRequest(req: FastifyRequest, site: LocalSite): void {
  const header = (name: string): string | undefined => {
    const value = req.headers[name];
    return Array.isArray(value) ? value.join(',') : value;
  };
  const refusal = refusalOf(
    { method: req.method, host: header('host'), origin: header('origin'), secFetchSite: header('sec-fetch-site') },
    site,
  );
  if (refusal !== null) throw new ForbiddenError(refusal.code, refusal.error);
}
