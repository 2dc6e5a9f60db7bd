import { toast } from 'sonner';
import { toApiError } from './api';

/**
 * Shows an action's failure as a toast with the server's `error` message (SPEC §2).
 * Cancelled requests are silent. Returns the mapped error for callers that need it.
 */
export function toastError(err: unknown, context?: string) {
  const apiError = toApiError(err);
  if (apiError.aborted) return apiError;
  const description = typeof apiError.details === 'string' ? apiError.details : undefined;
  toast.error(context ? `${context}: ${apiError.error}` : apiError.error, { description });
  return apiError;
}
