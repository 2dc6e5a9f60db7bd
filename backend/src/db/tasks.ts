import type { TaskCompletedSegment, TaskError, TaskStatus } from '@storyflow/contract';
import { nowIso, type Db } from './database.js';

export type { TaskStatus };

/** One entry of a task's `completed_segments` (SPEC §2.5). */
export type CompletedSegmentEntry = TaskCompletedSegment;

/** One entry of a task's `errors` (SPEC §2.5). */
export type TaskErrorEntry = TaskError;

export type TaskRecord = {
  /** Insertion order: the queue is first in, first out by this number. */
  seq: number;
  id: string;
  kind: string;
  projectId: string | null;
  status: TaskStatus;
  payload: Record<string, unknown>;
  progress: Record<string, unknown>;
  completedSegments: CompletedSegmentEntry[];
  errors: TaskErrorEntry[];
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
};

/** What a running task has reported so far; written as one unit. */
export type TaskReport = {
  progress: Record<string, unknown>;
  completedSegments: readonly CompletedSegmentEntry[];
  errors: readonly TaskErrorEntry[];
};

type TaskRow = {
  seq: number;
  id: string;
  kind: string;
  project_id: string | null;
  status: TaskStatus;
  payload: string;
  progress: string;
  completed_segments: string;
  errors: string;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
};

function toTask(row: TaskRow): TaskRecord {
  return {
    seq: row.seq,
    id: row.id,
    kind: row.kind,
    projectId: row.project_id,
    status: row.status,
    payload: JSON.parse(row.payload) as Record<string, unknown>,
    progress: JSON.parse(row.progress) as Record<string, unknown>,
    completedSegments: JSON.parse(row.completed_segments) as CompletedSegmentEntry[],
    errors: JSON.parse(row.errors) as TaskErrorEntry[],
    createdAt: row.created_at,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
  };
}

export type NewTask = {
  id: string;
  kind: string;
  projectId?: string | null | undefined;
  payload: Record<string, unknown>;
  progress?: Record<string, unknown> | undefined;
};

/**
 * Queues a task as PENDING. A finished row with the same id (a re-render reuses
 * `render_{project_id}`) is replaced, so the new one goes to the back of the queue.
 * Returns undefined when a task with this id is still PENDING or PROCESSING.
 */
export function insertTask(db: Db, task: NewTask): TaskRecord | undefined {
  return db.transaction(() => {
    db.prepare(`DELETE FROM tasks WHERE id = ? AND status NOT IN ('PENDING', 'PROCESSING')`).run(task.id);
    const row = db
      .prepare<[string, string, string | null, string, string, string], TaskRow>(
        `INSERT INTO tasks (id, kind, project_id, payload, progress, created_at)
         VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING RETURNING *`,
      )
      .get(
        task.id,
        task.kind,
        task.projectId ?? null,
        JSON.stringify(task.payload),
        JSON.stringify(task.progress ?? {}),
        nowIso(),
      );
    return row === undefined ? undefined : toTask(row);
  })();
}

export function findTask(db: Db, id: string): TaskRecord | undefined {
  const row = db.prepare<[string], TaskRow>('SELECT * FROM tasks WHERE id = ?').get(id);
  return row === undefined ? undefined : toTask(row);
}

/** `kinds` go in as one JSON array parameter, so each statement stays one prepared statement. */
const KIND_IN = `kind IN (SELECT value FROM json_each(?))`;

/** The oldest PENDING task of these kinds (one lane), or undefined when that queue is empty. */
export function nextPendingTask(db: Db, kinds: readonly string[]): TaskRecord | undefined {
  const row = db
    .prepare<[string], TaskRow>(`SELECT * FROM tasks WHERE status = 'PENDING' AND ${KIND_IN} ORDER BY seq LIMIT 1`)
    .get(JSON.stringify(kinds));
  return row === undefined ? undefined : toTask(row);
}

/** PENDING → PROCESSING in one statement; undefined when the task is no longer PENDING. */
export function claimTask(db: Db, id: string): TaskRecord | undefined {
  const row = db
    .prepare<[string, string], TaskRow>(
      `UPDATE tasks SET status = 'PROCESSING', started_at = ? WHERE id = ? AND status = 'PENDING' RETURNING *`,
    )
    .get(nowIso(), id);
  return row === undefined ? undefined : toTask(row);
}

export function saveTaskReport(db: Db, id: string, report: TaskReport): void {
  db.prepare(`UPDATE tasks SET progress = ?, completed_segments = ?, errors = ? WHERE id = ?`).run(
    JSON.stringify(report.progress),
    JSON.stringify(report.completedSegments),
    JSON.stringify(report.errors),
    id,
  );
}

/** Records a task's outcome and everything it reported, in one statement. */
export function finishTask(
  db: Db,
  id: string,
  status: Extract<TaskStatus, 'COMPLETED' | 'FAILED' | 'CANCELLED'>,
  report: TaskReport,
): TaskRecord | undefined {
  const row = db
    .prepare<[string, string, string, string, string, string], TaskRow>(
      `UPDATE tasks SET status = ?, progress = ?, completed_segments = ?, errors = ?, finished_at = ?
       WHERE id = ? RETURNING *`,
    )
    .get(
      status,
      JSON.stringify(report.progress),
      JSON.stringify(report.completedSegments),
      JSON.stringify(report.errors),
      nowIso(),
      id,
    );
  return row === undefined ? undefined : toTask(row);
}

/** Drops a task that has not started yet. Returns false when it was not PENDING. */
export function cancelPendingTask(db: Db, id: string): boolean {
  return (
    db
      .prepare(`UPDATE tasks SET status = 'CANCELLED', finished_at = ? WHERE id = ? AND status = 'PENDING'`)
      .run(nowIso(), id).changes > 0
  );
}

/** How many unfinished tasks of these kinds (one lane) were queued before the one with this `seq`. */
export function countTasksAhead(db: Db, seq: number, kinds: readonly string[]): number {
  return (
    db
      .prepare<[number, string], { n: number }>(
        `SELECT COUNT(*) AS n FROM tasks WHERE seq < ? AND status IN ('PENDING', 'PROCESSING') AND ${KIND_IN}`,
      )
      .get(seq, JSON.stringify(kinds))?.n ?? 0
  );
}

export function hasPendingTasks(db: Db, kinds: readonly string[]): boolean {
  return db.prepare(`SELECT 1 FROM tasks WHERE status = 'PENDING' AND ${KIND_IN} LIMIT 1`).get(JSON.stringify(kinds)) !== undefined;
}

/**
 * Start-up recovery: every task a dead process left PENDING or PROCESSING is closed
 * as FAILED with `error` appended to its errors. Returns the closed tasks.
 */
export function failUnfinishedTasks(db: Db, error: string): TaskRecord[] {
  return db.transaction(() => {
    const rows = db
      .prepare<[], TaskRow>(`SELECT * FROM tasks WHERE status IN ('PENDING', 'PROCESSING') ORDER BY seq`)
      .all();
    const update = db.prepare<[string, string, string], TaskRow>(
      `UPDATE tasks SET status = 'FAILED', errors = ?, finished_at = ? WHERE id = ? RETURNING *`,
    );
    const now = nowIso();
    return rows.map((row) => {
      const errors: TaskErrorEntry[] = [...(JSON.parse(row.errors) as TaskErrorEntry[]), { error }];
      const updated = update.get(JSON.stringify(errors), now, row.id);
      return toTask(updated ?? row);
    });
  })();
}
