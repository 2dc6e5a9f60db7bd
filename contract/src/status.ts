import { z } from 'zod';

/** A project's render state (SPEC §1, §2.6). */
export const PROJECT_STATUSES = ['DRAFT', 'PROCESSING', 'COMPLETED', 'FAILED'] as const;
export const ProjectStatusSchema = z.enum(PROJECT_STATUSES);
export type ProjectStatus = z.infer<typeof ProjectStatusSchema>;

/** A background task's state (SPEC §2.5). */
export const TASK_STATUSES = ['PENDING', 'PROCESSING', 'COMPLETED', 'FAILED', 'CANCELLED'] as const;
export const TaskStatusSchema = z.enum(TASK_STATUSES);
export type TaskStatus = z.infer<typeof TaskStatusSchema>;
