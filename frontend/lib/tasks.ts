import { queryOptions } from '@tanstack/react-query';
import { getTaskStatus } from './api';
import { queryKeys } from './query-keys';
import type { TaskStatus, TaskStatusResponse } from '@storyflow/contract';

export const FINAL_TASK_STATUSES: ReadonlySet<TaskStatus> = new Set(['COMPLETED', 'FAILED', 'CANCELLED']);

/** refetchInterval of a task's status: every `intervalMs` until a final state, never after a failed read. */
export function taskPollInterval(
  state: { status: 'pending' | 'error' | 'success'; data: TaskStatusResponse | undefined },
  intervalMs: number,
): number | false {
  if (state.status === 'error') return false;
  if (state.data && FINAL_TASK_STATUSES.has(state.data.status)) return false;
  return intervalMs;
}

/** A task's status (SPEC §2.5); an unknown task is a 404 ApiError. */
export function taskStatusQuery(taskId: string, intervalMs: number) {
  return queryOptions({
    queryKey: queryKeys.task(taskId),
    queryFn: ({ signal }) => getTaskStatus(taskId, { signal }),
    refetchInterval: (query) => taskPollInterval(query.state, intervalMs),
    // A final status never changes again.
    staleTime: (query) => (query.state.data && FINAL_TASK_STATUSES.has(query.state.data.status) ? Infinity : 0),
  });
}

/** The reason a task failed, as the server reported it. */
export function taskFailureReason(status: TaskStatusResponse): string {
  const first = status.errors.find((e) => e.error.trim() !== '');
  if (first) return first.error;
  return status.status === 'CANCELLED' ? 'The task was cancelled' : 'Speech generation failed';
}
