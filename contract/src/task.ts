import { z } from 'zod';
import { TaskStatusSchema } from './status.js';

/** {current, total, percentage} plus whatever else the task kind reports (phase, frames, ...). */
export const TaskProgressSchema = z.looseObject({
  current: z.number(),
  total: z.number(),
  percentage: z.number(),
});
export type TaskProgress = z.infer<typeof TaskProgressSchema>;

export const TaskCompletedSegmentSchema = z.object({ segment_id: z.string(), audio_url: z.string(), duration: z.number() });
export type TaskCompletedSegment = z.infer<typeof TaskCompletedSegmentSchema>;

export const TaskErrorSchema = z.object({ segment_id: z.string().optional(), error: z.string() });
export type TaskError = z.infer<typeof TaskErrorSchema>;

/** SPEC §2.5: GET /api/tasks/{task_id}/status/. */
export const TaskStatusResponseSchema = z.object({
  task_id: z.string(),
  status: TaskStatusSchema,
  progress: TaskProgressSchema,
  completed_segments: z.array(TaskCompletedSegmentSchema),
  errors: z.array(TaskErrorSchema),
});
export type TaskStatusResponse = z.infer<typeof TaskStatusResponseSchema>;

export const TaskIdParams = z.object({ task_id: z.string().min(1) });
