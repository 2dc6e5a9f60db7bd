import { setTransport, type Transport, type TransportAnswer } from '@/lib/http';

/**
 * Answers the app's API client in-process (its transport, lib/http.ts), with the server's
 * JSON bodies, so tests exercise the real lib/api.ts (paths, bodies, ApiError mapping)
 * without a network.
 */
export type FakeReply = { status: number; data?: unknown } | 'network-error' | 'pending';

/** `url` is the path below /api with its query; `body` the parsed JSON, a FormData, or undefined. */
export type FakeCall = { method: string; url: string; body: unknown };

/** A reply, or a function of the request that makes one (a server that answers with what was sent). */
export type FakeAnswer = FakeReply | ((call: FakeCall) => FakeReply);

type Route = { replies: FakeAnswer[] };

export type FakeApi = {
  /** Queues replies for `METHOD /path/`; the last one repeats. */
  on: (method: string, url: string, ...replies: FakeAnswer[]) => void;
  calls: FakeCall[];
  callsTo: (method: string, url: string) => FakeCall[];
  restore: () => void;
};

export function installFakeApi(): FakeApi {
  const routes = new Map<string, Route>();
  const calls: FakeCall[] = [];

  const fake: Transport = (request) => {
    const { method, url } = request;
    const body: unknown = typeof request.body === 'string' ? JSON.parse(request.body) : request.body;
    const call = { method, url, body };
    calls.push(call);
    const route = routes.get(`${method} ${url}`);
    const answer: FakeAnswer = route ? (route.replies.length > 1 ? route.replies.shift()! : route.replies[0]!) : { status: 404, data: { error: `No fake for ${method} ${url}` } };
    const reply = typeof answer === 'function' ? answer(call) : answer;

    return new Promise<TransportAnswer>((resolve, reject) => {
      const { signal } = request;
      const onAbort = () => reject(new DOMException('The request was cancelled', 'AbortError'));
      if (signal?.aborted) return onAbort();
      signal?.addEventListener('abort', onAbort);
      if (reply === 'pending') return;
      // What fetch throws when no answer comes.
      if (reply === 'network-error') return reject(new TypeError('Failed to fetch'));
      resolve({ status: reply.status, body: reply.data ?? '' });
    });
  };
  const original = setTransport(fake);

  return {
    on: (method, url, ...replies) => routes.set(`${method.toUpperCase()} ${url}`, { replies }),
    calls,
    callsTo: (method, url) => calls.filter((c) => c.method === method.toUpperCase() && c.url === url),
    restore: () => {
      setTransport(original);
    },
  };
}
