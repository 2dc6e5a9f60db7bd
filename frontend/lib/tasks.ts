import { getTaskStatus } from './api';
import type { TaskStatus, TaskStatusResponse } from '@storyflow/contract';

export const FINAL_TASK_STATUSES: ReadonlySet<TaskStatus> = new Set(['COMPLETED', 'FAILED', 'CANCELLED']);

type WaitForTaskOptions = {
  signal?: AbortSignal;
  intervalMs?: number;
  /** Called with every status read, including the final one. */
  onUpdate?: (status: TaskStatusResponse) => void;
};

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    function onAbort() {
      clearTimeout(timer);
      reject(signal?.reason);
    }
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * Polls GET /api/tasks/{id}/status/ until the task is COMPLETED, FAILED or CANCELLED
 * (SPEC §2.5) and resolves with that last status. Rejects with ApiError if a read fails
 * (e.g. 404 for an unknown task) or when the signal aborts.
 */
export async function waitForTask(taskId: string, opts: WaitForTaskOptions = {}): Promise<TaskStatusResponse> {
  const interval = opts.intervalMs ?? 1000;
  for (;;) {
    const status = await getTaskStatus(taskId, { signal: opts.signal });
    opts.onUpdate?.(status);
    if (FINAL_TASK_STATUSES.has(status.status)) return status;
    await sleep(interval, opts.signal);
  }
}

/** The reason a task failed, as the server reported it. */
export function taskFailureReason(status: TaskStatusResponse): string {
  const first = status.errors.find((e) => e.error.trim() !== '');
  if (first) return first.error;
  return status.status === 'CANCELLED' ? 'The task was cancelled' : 'Speech generation failed';
}
