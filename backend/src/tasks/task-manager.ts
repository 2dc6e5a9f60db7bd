import type { Db } from '../db/database.js';
import {
  cancelPendingTask,
  claimTask,
  countTasksAhead,
  failUnfinishedTasks,
  findTask,
  finishTask,
  hasPendingTasks,
  insertTask,
  nextPendingTask,
  saveTaskReport,
  type CompletedSegmentEntry,
  type TaskErrorEntry,
  type TaskRecord,
  type TaskStatus,
} from '../db/tasks.js';

export type { CompletedSegmentEntry, TaskErrorEntry, TaskRecord, TaskStatus };

/** What a runner is handed besides its task: the cancel signal and the ways to report. */
export type TaskControl = {
  /** Aborted when the task is cancelled or the server stops; the runner should reject soon after. */
  readonly signal: AbortSignal;
  /** Replaces the task's progress object (SPEC: {current, total, percentage, ...}). */
  reportProgress(progress: Record<string, unknown>): void;
  addCompletedSegment(entry: CompletedSegmentEntry): void;
  /** A partial failure the task keeps going past (one segment of a batch). */
  addError(entry: TaskErrorEntry): void;
};

/**
 * Does the work of one task kind. Resolving means COMPLETED (with whatever errors it
 * added); throwing means FAILED with the error's message appended to `errors`.
 */
export type TaskRunner = (task: TaskRecord, ctl: TaskControl) => Promise<void>;

export type TaskLogger = {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
};

export type EnqueueInput = {
  id: string;
  kind: string;
  projectId?: string | null | undefined;
  payload: Record<string, unknown>;
  /** The progress the status endpoint shows while the task waits (e.g. {current: 0, total: N}). */
  progress?: Record<string, unknown> | undefined;
};

export type CancelResult = 'dropped' | 'aborting' | 'not_active';

/**
 * A runner may throw this to say which segment a failure belongs to; its entry then
 * carries `segment_id` as well as the message.
 */
export class TaskFailure extends Error {
  constructor(
    message: string,
    readonly segmentId?: string,
  ) {
    super(message);
    this.name = 'TaskFailure';
  }
}

export class TaskConflictError extends Error {
  constructor(readonly taskId: string) {
    super(`Task ${taskId} is already queued or running`);
    this.name = 'TaskConflictError';
  }
}

export const INTERRUPTED_ERROR = 'Interrupted: the server stopped';

/** Why a running task was stopped: the user cancelled it, or the server is shutting down. */
export type AbortKind = 'cancelled' | 'shutdown';

/**
 * The reason every task signal is aborted with. Runners and the engine see an error named
 * AbortError (as from any AbortSignal); the task manager and runners read `kind` to tell
 * a cancel from a shutdown.
 */
export class TaskAbort extends Error {
  override readonly name = 'AbortError';
  constructor(readonly kind: AbortKind) {
    super(kind === 'cancelled' ? 'Cancelled by user' : INTERRUPTED_ERROR);
  }
}

/** Why `signal` was aborted; only the task manager aborts task signals, and always with a TaskAbort. */
export function abortKind(signal: AbortSignal): AbortKind {
  const reason: unknown = signal.reason;
  return reason instanceof TaskAbort ? reason.kind : 'cancelled';
}
const PROGRESS_WRITE_INTERVAL_MS = 1000;

type Running = { id: string; controller: AbortController; settled: Promise<void> };

/**
 * Speech and render work queue separately (SPEC §7.7): a segment's "Regenerate" never
 * waits behind a render, and a render never shares the CPU with another render.
 */
export type TaskLane = 'speech' | 'render';
export const TASK_LANES: readonly TaskLane[] = ['speech', 'render'];

type LaneState = { kinds: string[]; current: Running | undefined; loop: Promise<void> | undefined };

/** Where a PENDING task stands: its lane and how many tasks of that lane run or wait before it. */
export type QueuePosition = { lane: TaskLane; tasksAhead: number };

/** What a queued task waits for, in words for the status endpoints ("Waiting for 2 render tasks ahead"). */
export function describeWait(position: QueuePosition): string {
  const { lane, tasksAhead } = position;
  if (tasksAhead === 0) return `Next in the ${lane} queue`;
  return `Waiting for ${tasksAhead} ${lane} ${tasksAhead === 1 ? 'task' : 'tasks'} ahead`;
}

/**
 * The background workers (SPEC §2.5, §7.7, DESIGN §4): one per lane, each running its
 * tasks one at a time in the order they were queued. Every state change is a row in
 * SQLite, so status survives a restart. Speech and render register a runner per task
 * kind, naming the kind's lane.
 *
 * The workers themselves only await: runners do their heavy work in child processes or
 * worker threads, so the event loop stays free for requests.
 */
export class TaskManager {
  private readonly db: Db;
  private readonly log: TaskLogger;
  private readonly runners = new Map<string, { runner: TaskRunner; lane: TaskLane }>();
  private readonly lanes = new Map<TaskLane, LaneState>(
    TASK_LANES.map((lane) => [lane, { kinds: [], current: undefined, loop: undefined }]),
  );
  private closed = false;

  constructor(options: { db: Db; log: TaskLogger }) {
    this.db = options.db;
    this.log = options.log;
  }

  register(kind: string, lane: TaskLane, runner: TaskRunner): void {
    if (this.runners.has(kind)) throw new Error(`A runner for task kind "${kind}" is already registered`);
    this.runners.set(kind, { runner, lane });
    this.laneState(lane).kinds.push(kind);
  }

  /**
   * Persists a PENDING task and wakes its lane's worker. Throws TaskConflictError while one
   * with this id is unfinished, and an Error for a kind no runner was registered for.
   */
  enqueue(input: EnqueueInput): TaskRecord {
    if (this.closed) throw new Error('The task manager is closed');
    const registered = this.runners.get(input.kind);
    if (registered === undefined) throw new Error(`No runner is registered for task kind "${input.kind}"`);
    const task = insertTask(this.db, input);
    if (task === undefined) throw new TaskConflictError(input.id);
    this.wake(registered.lane);
    return task;
  }

  get(id: string): TaskRecord | undefined {
    return findTask(this.db, id);
  }

  /** Number of PENDING/PROCESSING tasks of its lane queued before this one (0 when it runs or is unknown). */
  tasksAhead(id: string): number {
    return this.queuePosition(id)?.tasksAhead ?? 0;
  }

  /** What a PENDING task waits for; undefined once it runs or when it is unknown. */
  queuePosition(id: string): QueuePosition | undefined {
    const task = findTask(this.db, id);
    const lane = task === undefined ? undefined : this.runners.get(task.kind)?.lane;
    if (task === undefined || task.status !== 'PENDING' || lane === undefined) return undefined;
    return { lane, tasksAhead: countTasksAhead(this.db, task.seq, this.laneState(lane).kinds) };
  }

  /**
   * A queued task is dropped at once (CANCELLED). A running task's signal is aborted;
   * its row becomes CANCELLED when the runner settles.
   */
  cancel(id: string): CancelResult {
    const running = this.running(id);
    if (running !== undefined) {
      running.controller.abort(new TaskAbort('cancelled'));
      return 'aborting';
    }
    return cancelPendingTask(this.db, id) ? 'dropped' : 'not_active';
  }

  /** Resolves once the running task `id` has settled and its outcome is written (at once if it is not running). */
  settled(id: string): Promise<void> {
    return this.running(id)?.settled ?? Promise.resolve();
  }

  /** Closes tasks a dead process left PENDING/PROCESSING as FAILED. Call once, before queueing. */
  recoverAfterRestart(): TaskRecord[] {
    const recovered = failUnfinishedTasks(this.db, INTERRUPTED_ERROR);
    if (recovered.length > 0) {
      this.log.warn({ tasks: recovered.map((t) => t.id) }, 'closed tasks interrupted by a server stop');
    }
    return recovered;
  }

  /** Stops taking work, aborts every running task and waits for them to settle. */
  async close(): Promise<void> {
    this.closed = true;
    for (const lane of this.lanes.values()) lane.current?.controller.abort(new TaskAbort('shutdown'));
    await Promise.all([...this.lanes.values()].map((lane) => lane.loop));
  }

  private laneState(lane: TaskLane): LaneState {
    const state = this.lanes.get(lane);
    if (state === undefined) throw new Error(`Unknown task lane "${lane}"`);
    return state;
  }

  private running(id: string): Running | undefined {
    for (const lane of this.lanes.values()) if (lane.current?.id === id) return lane.current;
    return undefined;
  }

  private wake(lane: TaskLane): void {
    const state = this.laneState(lane);
    if (this.closed || state.loop !== undefined) return;
    // Start on a later tick so enqueue() returns with the row still PENDING.
    state.loop = new Promise<void>((resolve) => setImmediate(resolve))
      .then(() => this.drain(state))
      .finally(() => {
        state.loop = undefined;
        // A task queued between the last empty-queue check and here must not be stranded.
        if (!this.closed && hasPendingTasks(this.db, state.kinds)) this.wake(lane);
      });
  }

  private async drain(lane: LaneState): Promise<void> {
    while (!this.closed) {
      const next = nextPendingTask(this.db, lane.kinds);
      if (next === undefined) return;
      const task = claimTask(this.db, next.id);
      if (task !== undefined) await this.run(lane, task);
    }
  }

  private async run(lane: LaneState, task: TaskRecord): Promise<void> {
    const controller = new AbortController();
    let markSettled = () => {};
    const settled = new Promise<void>((resolve) => (markSettled = resolve));
    lane.current = { id: task.id, controller, settled };
    const report = new ReportWriter(this.db, task);
    const ctl: TaskControl = {
      signal: controller.signal,
      reportProgress: (progress) => report.update((r) => (r.progress = { ...progress })),
      addCompletedSegment: (entry) => report.update((r) => r.completedSegments.push({ ...entry })),
      addError: (entry) => report.update((r) => r.errors.push({ ...entry })),
    };

    let status: 'COMPLETED' | 'FAILED' | 'CANCELLED';
    try {
      const runner = this.runners.get(task.kind)?.runner;
      if (runner === undefined) throw new Error(`No runner is registered for task kind "${task.kind}"`);
      await runner(task, ctl);
      status = controller.signal.aborted ? this.abortedStatus(controller.signal, report) : 'COMPLETED';
    } catch (err) {
      if (controller.signal.aborted) {
        status = this.abortedStatus(controller.signal, report);
      } else {
        status = 'FAILED';
        report.state.errors.push(errorEntry(err));
        this.log.error({ err, taskId: task.id }, 'task failed');
      }
    } finally {
      lane.current = undefined;
    }
    // SPEC §2.5: a failed task always says why.
    if (status === 'FAILED' && report.state.errors.length === 0) {
      report.state.errors.push({ error: 'The task failed without a reason' });
    }
    report.finish(status);
    markSettled();
  }

  /** Cancelled by the user → CANCELLED; stopped by close() → FAILED, like a restart would. */
  private abortedStatus(signal: AbortSignal, report: ReportWriter): 'FAILED' | 'CANCELLED' {
    if (abortKind(signal) === 'shutdown') {
      report.state.errors.push({ error: INTERRUPTED_ERROR });
      return 'FAILED';
    }
    return 'CANCELLED';
  }
}

function errorEntry(err: unknown): TaskErrorEntry {
  const message = err instanceof Error ? err.message : String(err);
  if (err instanceof TaskFailure && err.segmentId !== undefined) return { segment_id: err.segmentId, error: message };
  return { error: message || 'The task failed without a reason' };
}

type ReportState = {
  progress: Record<string, unknown>;
  completedSegments: CompletedSegmentEntry[];
  errors: TaskErrorEntry[];
};

/**
 * Keeps a running task's report in memory and writes it to SQLite at most about once
 * a second (a batch of short segments can report many times a second), and always on finish.
 */
class ReportWriter {
  readonly state: ReportState;
  private lastWriteMs = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly db: Db,
    private readonly task: TaskRecord,
  ) {
    this.state = {
      progress: { ...task.progress },
      completedSegments: [...task.completedSegments],
      errors: [...task.errors],
    };
  }

  update(change: (state: ReportState) => void): void {
    change(this.state);
    const waitMs = this.lastWriteMs + PROGRESS_WRITE_INTERVAL_MS - Date.now();
    if (waitMs <= 0) {
      this.write();
    } else if (this.timer === undefined) {
      this.timer = setTimeout(() => this.write(), waitMs);
    }
  }

  finish(status: 'COMPLETED' | 'FAILED' | 'CANCELLED'): void {
    this.clearTimer();
    finishTask(this.db, this.task.id, status, this.state);
  }

  private write(): void {
    this.clearTimer();
    this.lastWriteMs = Date.now();
    saveTaskReport(this.db, this.task.id, this.state);
  }

  private clearTimer(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }
}
