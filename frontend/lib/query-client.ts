import { QueryCache, QueryClient } from '@tanstack/react-query';
import type { ApiError } from './api';
import { toastError } from './notify';

declare module '@tanstack/react-query' {
  interface Register {
    defaultError: ApiError;
    queryMeta: {
      /** A failed read shows a toast "<errorToast>: <server message>"… */
      errorToast?: string;
      /** …unless its HTTP status is one the page answers itself (e.g. 404 → "Project not found"). */
      quietStatuses?: readonly number[];
    };
  }
}

/**
 * The browser's cache of server state. Reads are not retried on their own: a page shows
 * the failure with "Try again" (or "Check again"), and polling stops at an error. A failed
 * read toasts once per fetch here, not once per component that shows it.
 */
export function makeQueryClient(): QueryClient {
  return new QueryClient({
    queryCache: new QueryCache({
      onError: (error, query) => {
        const { errorToast, quietStatuses } = query.meta ?? {};
        if (!errorToast || (quietStatuses ?? []).includes(error.status)) return;
        toastError(error, errorToast);
      },
    }),
    defaultOptions: {
      queries: { retry: false },
      mutations: { retry: false },
    },
  });
}
