import { NextResponse, type NextRequest } from 'next/server';
import type { ApiErrorBody } from '@storyflow/contract';

/**
 * One origin for the browser: /api/* and /media/* are forwarded to the API server, read
 * at run time (STORYFLOW_API_URL) so the same build runs on any port. Requests that name
 * a foreign host are refused here too (DNS rebinding), since this server is the one the
 * browser talks to.
 */
const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

function allowedHosts(): string[] {
  return (process.env.STORYFLOW_ALLOWED_HOSTS ?? '')
    .split(',')
    .map((h) => h.trim().toLowerCase())
    .filter(Boolean);
}

function hostnameOf(authority: string): string {
  const a = authority.trim().toLowerCase();
  if (a.startsWith('[')) return a.slice(0, a.indexOf(']') + 1);
  const colon = a.lastIndexOf(':');
  return colon === -1 ? a : a.slice(0, colon);
}

function isLocal(authority: string | null): boolean {
  if (!authority) return false;
  const name = hostnameOf(authority);
  return LOOPBACK.has(name) || name.endsWith('.localhost') || allowedHosts().includes(name);
}

export function proxy(request: NextRequest) {
  if (!isLocal(request.headers.get('host'))) {
    return NextResponse.json(
      { error: 'Requests must address StoryFlow by a local host name', code: 'forbidden_host' } satisfies ApiErrorBody,
      { status: 403 },
    );
  }
  const { pathname, search } = request.nextUrl;
  if (pathname.startsWith('/api/') || pathname === '/api' || pathname.startsWith('/media/')) {
    const apiUrl = process.env.STORYFLOW_API_URL ?? 'http://127.0.0.1:8000';
    return NextResponse.rewrite(new URL(pathname + search, apiUrl));
  }
  return NextResponse.next();
}

export const config = {
  matcher: ['/((?!_next/static|_next/image|favicon.ico).*)'],
};
