import { AppError } from '../errors.js';
import { PAGE_SIZE } from '@storyflow/contract';

export type PageRequest = { page: number; limit: number; offset: number };

export type Page<T> = { count: number; next: string | null; previous: string | null; results: T[] };

/** Like DRF's PageNumberPagination: a page that is not a positive number, or past the end, is a 404. */
class InvalidPageError extends AppError {
  constructor(details: string) {
    super(404, 'invalid_page', 'Invalid page', details);
  }
}

/** Reads `?page=N` (absent means 1). */
export function pageRequest(raw: string | undefined, limit = PAGE_SIZE): PageRequest {
  const text = raw?.trim() ?? '';
  if (text === '') return { page: 1, limit, offset: 0 };
  if (!/^\d+$/.test(text) || Number(text) < 1) {
    throw new InvalidPageError(`Page must be a positive whole number, got "${raw}"`);
  }
  const page = Number(text);
  // Past any row count the database can hold (and past what SQLite can bind): no such page.
  if (!Number.isSafeInteger(page * limit)) throw new InvalidPageError(`Page ${text} does not exist`);
  return { page, limit, offset: (page - 1) * limit };
}

/**
 * The page envelope {count, next, previous, results}. Links are the request's own path and
 * query with `page` changed; they are relative because the browser reaches the API through
 * the web app's origin (DESIGN §1), where an absolute API URL would be wrong.
 */
export function pageEnvelope<T>(requestUrl: string, req: PageRequest, count: number, results: T[]): Page<T> {
  const lastPage = Math.max(1, Math.ceil(count / req.limit));
  if (req.page > lastPage) {
    throw new InvalidPageError(`Page ${req.page} does not exist; the last page is ${lastPage}`);
  }
  return {
    count,
    next: req.page < lastPage ? pageLink(requestUrl, req.page + 1) : null,
    previous: req.page > 1 ? pageLink(requestUrl, req.page - 1) : null,
    results,
  };
}

function pageLink(requestUrl: string, page: number): string {
  const url = new URL(requestUrl, 'http://storyflow.invalid');
  if (page === 1) url.searchParams.delete('page');
  else url.searchParams.set('page', String(page));
  return url.pathname + url.search;
}
