'use client';

import { useQuery } from '@tanstack/react-query';
import { taskStatusQuery } from '@/lib/tasks';

/**
 * GET /api/tasks/{id}/status/ for a speech task, polled until it is COMPLETED, FAILED or
 * CANCELLED or a read fails (which toasts "<errorToast>: <message>"). No task id: nothing is read.
 */
export function useTaskStatus(taskId: string | null, intervalMs: number, errorToast: string) {
  return useQuery({ ...taskStatusQuery(taskId ?? '', intervalMs), enabled: taskId !== null, meta: { errorToast } });
}
