import type { ApiErrorBody, ErrorCode, FieldErrors } from '@storyflow/contract';
import { reportRequestOutcome } from './connection';

/*
 * The browser's side of the API (SPEC §2): `fetch` with JSON bodies, every failure mapped
 * onto ApiError, every answer reported to the connection state. Plain fetch, not Axios:
 * the editor loads 57 kB less script before it can be typed into (issue 14), and a fetch
 * can pick up a response that was started before the page's scripts ran (early-read.ts).
 */

export type RequestOptions = { signal?: AbortSignal };

/**
 * The only error components see. `error` is the server's human message (SPEC §2);
 * `details` is the server's `details` (or the field map for field validation);
 * `fieldErrors` is set when the body was `{"<field>": ["message", ...]}`; `code` is the
 * server's stable error code (null when no API body arrived).
 */
export class ApiError extends Error {
  readonly status: number;
  readonly error: string;
  readonly code: ErrorCode | null;
  readonly details: unknown;
  readonly fieldErrors: FieldErrors | null;
  /** The request was cancelled through its AbortSignal; callers usually ignore it. */
  readonly aborted: boolean;

  constructor(init: {
    status: number;
    error: string;
    code?: ErrorCode | null;
    details?: unknown;
    fieldErrors?: FieldErrors | null;
    aborted?: boolean;
  }) {
    super(init.error);
    this.name = 'ApiError';
    this.status = init.status;
    this.error = init.error;
    this.code = init.code ?? null;
    this.details = init.details ?? null;
    this.fieldErrors = init.fieldErrors ?? null;
    this.aborted = init.aborted ?? false;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function asFieldErrors(body: Record<string, unknown>): FieldErrors | null {
  const entries = Object.entries(body);
  if (entries.length === 0) return null;
  const result: FieldErrors = {};
  for (const [field, messages] of entries) {
    if (field === 'code') continue; // the body's error code, not a field
    if (Array.isArray(messages) && messages.every((m) => typeof m === 'string')) {
      result[field] = messages;
    } else if (typeof messages === 'string') {
      result[field] = [messages];
    } else {
      return null;
    }
  }
  return result;
}

const SERVER_UNREACHABLE = 'Cannot reach the StoryFlow server. Check that it is running.';
const API_UNREACHABLE = 'The StoryFlow API server is not reachable. Check that StoryFlow is running (npm start).';

const STATUS_FALLBACK: Record<number, string> = {
  400: 'The request was not valid',
  404: 'Not found',
  405: 'Method not allowed',
  409: 'The request conflicts with the current state',
  413: 'The request is too large',
  500: 'The server ran into a problem',
  503: 'The service is unavailable',
};

/** `default_voice_id` → `Default voice id`. */
export function humanizeField(field: string): string {
  const words = field.replace(/_/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** An answer of the server that is not a success, as ApiError (the single place that reads error bodies). */
export function errorFromAnswer(status: number, body: unknown): ApiError {
  if (isRecord(body)) {
    if (typeof body.error === 'string' && body.error.trim() !== '') {
      const { error, code, details, ...rest } = body as ApiErrorBody;
      return new ApiError({
        status,
        error,
        code,
        details: details ?? (Object.keys(rest).length > 0 ? rest : null),
      });
    }
    const fieldErrors = asFieldErrors(body);
    if (fieldErrors) {
      const first = Object.entries(fieldErrors).find(([, msgs]) => msgs.length > 0);
      const error = first ? `${humanizeField(first[0])}: ${first[1][0]}` : STATUS_FALLBACK[400]!;
      return new ApiError({ status, error, code: 'validation_failed', details: fieldErrors, fieldErrors });
    }
  }
  // The API answers every error in JSON; a 5xx without it came from the web server's
  // proxy, which is what a stopped or crashed API server looks like from the browser.
  if (status >= 500) {
    return new ApiError({ status, error: API_UNREACHABLE, details: null });
  }
  if (typeof body === 'string' && body.trim() !== '' && body.length < 300 && !body.trimStart().startsWith('<')) {
    return new ApiError({ status, error: body.trim() });
  }
  return new ApiError({ status, error: STATUS_FALLBACK[status] ?? `Request failed (${status})` });
}

const isAbort = (err: unknown) => err instanceof DOMException && err.name === 'AbortError';

/** No answer came: cancelled by its signal, or the server could not be reached. */
function errorWithoutAnswer(err: unknown, signal: AbortSignal | undefined): ApiError {
  if (signal?.aborted || isAbort(err)) return new ApiError({ status: 0, error: 'Request cancelled', aborted: true });
  return new ApiError({ status: 0, error: SERVER_UNREACHABLE, details: err instanceof Error ? err.message : null });
}

/** Maps anything a call threw onto ApiError (components catch `unknown`). */
export function toApiError(err: unknown): ApiError {
  if (err instanceof ApiError) return err;
  if (isAbort(err)) return new ApiError({ status: 0, error: 'Request cancelled', aborted: true });
  const message = err instanceof Error ? err.message : 'Something went wrong';
  return new ApiError({ status: 0, error: message });
}

// ---------------------------------------------------------------------------
// Transport: how a request reaches the server. Tests swap it for an in-process fake
// (test/helpers/fake-api.ts) and so run everything above and below it for real.

/** What the API client asks for; `url` is the path below /api, with its query. */
export type TransportRequest = {
  method: string;
  url: string;
  /** JSON text, a multipart form, or nothing. */
  body?: string | FormData;
  signal?: AbortSignal;
  /** The fraction of the body sent so far (an upload; fetch cannot tell, so XHR carries these). */
  onUploadProgress?: (fraction: number) => void;
};

/** The answer: its status and body (JSON when it parses, otherwise its text). Throws when none came. */
export type TransportAnswer = { status: number; body: unknown };
export type Transport = (request: TransportRequest) => Promise<TransportAnswer>;

export const API_BASE = '/api';

function parseBody(text: string): unknown {
  if (text === '') return '';
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** A fetch Response as an answer (also the one the page's early read started, lib/early-read.ts). */
export async function readAnswer(response: Response): Promise<TransportAnswer> {
  return { status: response.status, body: parseBody(await response.text()) };
}

export function headersOf(body: TransportRequest['body']): Record<string, string> {
  // A form sets its own multipart Content-Type (with the boundary); no body, no type, or
  // the API would read an empty JSON body.
  return typeof body === 'string'
    ? { Accept: 'application/json', 'Content-Type': 'application/json' }
    : { Accept: 'application/json' };
}

function sendWithProgress(
  request: TransportRequest,
  onUploadProgress: (fraction: number) => void,
): Promise<TransportAnswer> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open(request.method, API_BASE + request.url);
    for (const [name, value] of Object.entries(headersOf(request.body))) xhr.setRequestHeader(name, value);
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable && event.total > 0) onUploadProgress(event.loaded / event.total);
    };
    const { signal } = request;
    const onAbort = () => xhr.abort();
    signal?.addEventListener('abort', onAbort, { once: true });
    const settle = () => signal?.removeEventListener('abort', onAbort);
    xhr.onload = () => {
      settle();
      resolve({ status: xhr.status, body: parseBody(xhr.responseText) });
    };
    xhr.onerror = () => {
      settle();
      reject(new TypeError('Network request failed'));
    };
    xhr.onabort = () => {
      settle();
      reject(new DOMException('The request was cancelled', 'AbortError'));
    };
    if (signal?.aborted) return onAbort();
    xhr.send(request.body ?? null);
  });
}

const browserTransport: Transport = async (request) => {
  if (request.onUploadProgress) return sendWithProgress(request, request.onUploadProgress);
  const response = await fetch(API_BASE + request.url, {
    method: request.method,
    headers: headersOf(request.body),
    body: request.body,
    signal: request.signal,
  });
  return readAnswer(response);
};

let transport: Transport = browserTransport;

/** Swaps how requests are sent (tests); returns the previous transport to put back. */
export function setTransport(next: Transport): Transport {
  const previous = transport;
  transport = next;
  return previous;
}

/** The data of a successful answer, or the ApiError of a failed one; either way the connection state hears of it. */
export async function settle<T>(answer: Promise<TransportAnswer>, signal?: AbortSignal): Promise<T> {
  let result: TransportAnswer;
  try {
    result = await answer;
  } catch (err) {
    const apiError = errorWithoutAnswer(err, signal);
    reportRequestOutcome(apiError);
    throw apiError;
  }
  if (result.status < 200 || result.status >= 300) {
    const apiError = errorFromAnswer(result.status, result.body);
    reportRequestOutcome(apiError);
    throw apiError;
  }
  reportRequestOutcome(null);
  return result.body as T;
}

type Query = Record<string, string | number | boolean | undefined>;
type CallOptions = RequestOptions & Pick<TransportRequest, 'onUploadProgress'> & { params?: Query };

function withQuery(url: string, params: Query | undefined): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params ?? {})) if (value !== undefined) search.append(key, String(value));
  const query = search.toString();
  return query === '' ? url : `${url}?${query}`;
}

function call<T>(method: string, url: string, data: unknown, opts: CallOptions): Promise<T> {
  const body = data === undefined || data === null ? undefined : data instanceof FormData ? data : JSON.stringify(data);
  const { signal, onUploadProgress } = opts;
  return settle<T>(transport({ method, url: withQuery(url, opts.params), body, signal, onUploadProgress }), signal);
}

/** The API below /api: each method resolves to the answer's data or rejects with ApiError. */
export const http = {
  get: <T>(url: string, opts: CallOptions = {}) => call<T>('GET', url, undefined, opts),
  delete: <T = unknown>(url: string, opts: CallOptions = {}) => call<T>('DELETE', url, undefined, opts),
  post: <T>(url: string, data?: unknown, opts: CallOptions = {}) => call<T>('POST', url, data, opts),
  patch: <T>(url: string, data?: unknown, opts: CallOptions = {}) => call<T>('PATCH', url, data, opts),
};
