import { AxiosError, CanceledError, type AxiosAdapter, type AxiosResponse, type InternalAxiosRequestConfig } from 'axios';
import { http } from '@/lib/api';

/**
 * Answers the app's Axios instance in-process, with the server's JSON bodies, so tests
 * exercise the real lib/api.ts (paths, bodies, ApiError mapping) without a network.
 */
export type FakeReply = { status: number; data?: unknown } | 'network-error' | 'pending';

export type FakeCall = { method: string; url: string; body: unknown };

/** A reply, or a function of the request that makes one (a server that answers with what was sent). */
export type FakeAnswer = FakeReply | ((call: FakeCall) => FakeReply);

type Route = { replies: FakeAnswer[] };

/** The response Axios builds for a reply of the server. */
export function axiosResponse(config: InternalAxiosRequestConfig, status: number, data: unknown): AxiosResponse {
  return { data, status, statusText: String(status), headers: {}, config };
}

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
  const original = http.defaults.adapter;

  const adapter: AxiosAdapter = (config: InternalAxiosRequestConfig) => {
    const method = (config.method ?? 'get').toUpperCase();
    const url = config.url ?? '';
    const body: unknown = typeof config.data === 'string' ? JSON.parse(config.data) : config.data;
    const call = { method, url, body };
    calls.push(call);
    const route = routes.get(`${method} ${url}`);
    const answer: FakeAnswer = route ? (route.replies.length > 1 ? route.replies.shift()! : route.replies[0]!) : { status: 404, data: { error: `No fake for ${method} ${url}` } };
    const reply = typeof answer === 'function' ? answer(call) : answer;

    return new Promise<AxiosResponse>((resolve, reject) => {
      const signal = config.signal as AbortSignal | undefined;
      const onAbort = () => reject(new CanceledError(undefined, undefined, config));
      if (signal?.aborted) return onAbort();
      signal?.addEventListener?.('abort', onAbort);
      if (reply === 'pending') return;
      if (reply === 'network-error') {
        reject(new AxiosError('Network Error', AxiosError.ERR_NETWORK, config));
        return;
      }
      const response = axiosResponse(config, reply.status, reply.data);
      if (reply.status >= 200 && reply.status < 300) resolve(response);
      else reject(new AxiosError(`Request failed with status code ${reply.status}`, AxiosError.ERR_BAD_REQUEST, config, null, response));
    });
  };
  http.defaults.adapter = adapter;

  return {
    on: (method, url, ...replies) => routes.set(`${method.toUpperCase()} ${url}`, { replies }),
    calls,
    callsTo: (method, url) => calls.filter((c) => c.method === method.toUpperCase() && c.url === url),
    restore: () => {
      http.defaults.adapter = original;
    },
  };
}
