import { z } from 'zod';
import type { TaskRecord } from '../../db/tasks.js';

export const TaskStatusSchema = z.enum(['PENDING', 'PROCESSING', 'COMPLETED', 'FAILED', 'CANCELLED']);

/** {current, total, percentage} plus whatever else the task kind reports (phase, frames, ...). */
export const TaskProgressSchema = z.looseObject({
  current: z.number(),
  total: z.number(),
  percentage: z.number(),
});

/** SPEC §2.5: GET /api/tasks/{task_id}/status/. */
export const TaskStatusResponseSchema = z.object({
  task_id: z.string(),
  status: TaskStatusSchema,
  progress: TaskProgressSchema,
  completed_segments: z.array(z.object({ segment_id: z.string(), audio_url: z.string(), duration: z.number() })),
  errors: z.array(z.object({ segment_id: z.string().optional(), error: z.string() })),
});
export type TaskStatusResponse = z.infer<typeof TaskStatusResponseSchema>;

export const TaskIdParams = z.object({ task_id: z.string().min(1) });

export function toTaskStatusJson(task: TaskRecord, tasksAhead: number): TaskStatusResponse {
  const progress: Record<string, unknown> & { current: number; total: number; percentage: number } = {
    current: 0,
    total: 0,
    percentage: 0,
    ...task.progress,
  };
  if (task.status === 'PENDING') progress.tasks_ahead = tasksAhead;
  return {
    task_id: task.id,
    status: task.status,
    progress,
    completed_segments: task.completedSegments,
    errors: task.errors,
  };
}
