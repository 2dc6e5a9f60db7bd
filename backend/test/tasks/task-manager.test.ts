import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../src/db/database.js';
import { findTask } from '../../src/db/tasks.js';
import {
  abortKind,
  INTERRUPTED_ERROR,
  TaskConflictError,
  TaskFailure,
  TaskManager,
  describeWait,
  type TaskLogger,
  type TaskRecord,
} from '../../src/tasks/task-manager.js';
import { makeTempDir } from '../helper.js';

const silent: TaskLogger = { info() {}, warn() {}, error() {} };

function openDb(): { db: Db; file: string } {
  const file = path.join(makeTempDir(), 'tasks.db');
  return { db: openDatabase(file), file };
}

/** Polls the task row until it is terminal; bounded by a count, not by time. */
async function settle(db: Db, id: string): Promise<TaskRecord> {
  for (let i = 0; i < 2000; i++) {
    const task = findTask(db, id);
    if (task && ['COMPLETED', 'FAILED', 'CANCELLED'].includes(task.status)) return task;
    await new Promise((r) => setTimeout(r, 5));
  }
  throw new Error(`task ${id} never finished`);
}

/** A promise the test resolves by hand, to hold a runner "busy". */
function gate() {
  let open!: () => void;
  const promise = new Promise<void>((r) => (open = r));
  return { promise, open };
}

/** Resolves when the signal aborts, rejecting with its reason (how a real runner behaves). */
function untilAborted(signal: AbortSignal): Promise<never> {
  return new Promise((_, reject) => {
    if (signal.aborted) reject(signal.reason);
    signal.addEventListener('abort', () => reject(signal.reason), { once: true });
  });
}

describe('TaskManager', () => {
  it('runs tasks one at a time in the order they were queued', async () => {
    const { db } = openDb();
    const tasks = new TaskManager({ db, log: silent });
    const events: string[] = [];
    let running = 0;
    let maxRunning = 0;
    tasks.register('job', 'speech', async (task) => {
      running++;
      maxRunning = Math.max(maxRunning, running);
      events.push(`start ${task.id}`);
      await new Promise((r) => setTimeout(r, 5));
      events.push(`end ${task.id}`);
      running--;
    });
    for (const id of ['a', 'b', 'c', 'd']) tasks.enqueue({ id, kind: 'job', payload: {} });
    const last = await settle(db, 'd');
    expect(last.status).toBe('COMPLETED');
    expect(events).toEqual(['start a', 'end a', 'start b', 'end b', 'start c', 'end c', 'start d', 'end d']);
    expect(maxRunning).toBe(1);
    await tasks.close();
  });

  it('keeps a task PENDING with the tasks ahead counted until the worker reaches it', async () => {
    const { db } = openDb();
    const tasks = new TaskManager({ db, log: silent });
    const hold = gate();
    const seen: { status: string; payload: Record<string, unknown> }[] = [];
    tasks.register('job', 'speech', async (task) => {
      seen.push({ status: task.status, payload: task.payload });
      if (task.id === 'first') await hold.promise;
    });
    const queued = tasks.enqueue({ id: 'first', kind: 'job', payload: { n: 1 }, progress: { current: 0, total: 3 } });
    expect(queued.status).toBe('PENDING');
    expect(queued.progress).toEqual({ current: 0, total: 3 });
    tasks.enqueue({ id: 'second', kind: 'job', payload: { n: 2 } });
    tasks.enqueue({ id: 'third', kind: 'job', payload: { n: 3 } });
    expect(tasks.tasksAhead('first')).toBe(0);
    expect(tasks.tasksAhead('third')).toBe(2);
    // Wait until 'first' is running.
    for (let i = 0; i < 1000 && seen.length === 0; i++) await new Promise((r) => setTimeout(r, 2));
    expect(findTask(db, 'first')?.status).toBe('PROCESSING');
    expect(findTask(db, 'first')?.startedAt).not.toBeNull();
    expect(findTask(db, 'second')?.status).toBe('PENDING');
    expect(tasks.tasksAhead('second')).toBe(1);
    hold.open();
    expect((await settle(db, 'third')).status).toBe('COMPLETED');
    expect(seen).toEqual([
      { status: 'PROCESSING', payload: { n: 1 } },
      { status: 'PROCESSING', payload: { n: 2 } },
      { status: 'PROCESSING', payload: { n: 3 } },
    ]);
    expect(tasks.tasksAhead('third')).toBe(0);
    await tasks.close();
  });

  it('records what the runner reported when it completes', async () => {
    const { db } = openDb();
    const tasks = new TaskManager({ db, log: silent });
    tasks.register('job', 'speech', async (_task, ctl) => {
      ctl.reportProgress({ current: 1, total: 2, percentage: 50 });
      ctl.addCompletedSegment({ segment_id: 's1', audio_url: '/media/a.wav', duration: 1.5 });
      ctl.addError({ segment_id: 's2', error: 'Speech engine failed' });
      ctl.reportProgress({ current: 2, total: 2, percentage: 100 });
    });
    tasks.enqueue({ id: 't', kind: 'job', payload: {} });
    const done = await settle(db, 't');
    expect(done).toMatchObject({
      status: 'COMPLETED',
      progress: { current: 2, total: 2, percentage: 100 },
      completedSegments: [{ segment_id: 's1', audio_url: '/media/a.wav', duration: 1.5 }],
      errors: [{ segment_id: 's2', error: 'Speech engine failed' }],
    });
    expect(done.finishedAt).not.toBeNull();
    await tasks.close();
  });

  it('writes progress to the database while the task runs, not only at the end', async () => {
    const { db } = openDb();
    const tasks = new TaskManager({ db, log: silent });
    const hold = gate();
    let reported = false;
    tasks.register('job', 'speech', async (_task, ctl) => {
      ctl.reportProgress({ current: 1, total: 4, percentage: 25 });
      reported = true;
      await hold.promise;
    });
    tasks.enqueue({ id: 't', kind: 'job', payload: {} });
    for (let i = 0; i < 1000 && !reported; i++) await new Promise((r) => setTimeout(r, 2));
    expect(findTask(db, 't')?.progress).toEqual({ current: 1, total: 4, percentage: 25 });
    hold.open();
    await settle(db, 't');
    await tasks.close();
  });

  it('throttles progress writes and still persists the latest value without another report', async () => {
    const { db } = openDb();
    const tasks = new TaskManager({ db, log: silent });
    const hold = gate();
    tasks.register('job', 'speech', async (_task, ctl) => {
      for (let i = 1; i <= 50; i++) ctl.reportProgress({ current: i, total: 50 });
      await hold.promise;
    });
    tasks.enqueue({ id: 't', kind: 'job', payload: {} });
    // The first report is written at once; the 49 that follow within the second are coalesced…
    for (let i = 0; i < 1000 && findTask(db, 't')?.progress.current === undefined; i++) {
      await new Promise((r) => setTimeout(r, 2));
    }
    expect(findTask(db, 't')?.progress).toEqual({ current: 1, total: 50 });
    // …and the last one lands when the interval is over, while the task is still running.
    for (let i = 0; i < 1000 && findTask(db, 't')?.progress.current !== 50; i++) {
      await new Promise((r) => setTimeout(r, 5));
    }
    expect(findTask(db, 't')).toMatchObject({ status: 'PROCESSING', progress: { current: 50, total: 50 } });
    hold.open();
    await settle(db, 't');
    await tasks.close();
  });

  it('marks a task FAILED with the thrown message in errors', async () => {
    const { db } = openDb();
    const tasks = new TaskManager({ db, log: silent });
    tasks.register('job', 'speech', async () => {
      throw new Error('espeak-ng exited with code 1');
    });
    tasks.register('seg', 'speech', async () => {
      throw new TaskFailure('Segment has no text', 'seg-1');
    });
    tasks.enqueue({ id: 'a', kind: 'job', payload: {} });
    tasks.enqueue({ id: 'b', kind: 'seg', payload: {} });
    expect(await settle(db, 'a')).toMatchObject({ status: 'FAILED', errors: [{ error: 'espeak-ng exited with code 1' }] });
    expect(await settle(db, 'b')).toMatchObject({
      status: 'FAILED',
      errors: [{ segment_id: 'seg-1', error: 'Segment has no text' }],
    });
    await tasks.close();
  });

  it('gives every failed task at least one error, even one thrown without a message', async () => {
    const { db } = openDb();
    const tasks = new TaskManager({ db, log: silent });
    tasks.register('job', 'speech', async () => {
      throw new Error('');
    });
    tasks.enqueue({ id: 'a', kind: 'job', payload: {} });
    // A kind with no runner has no lane to wait in: refused at once, nothing stored.
    expect(() => tasks.enqueue({ id: 'b', kind: 'unknown-kind', payload: {} })).toThrow('No runner is registered for task kind "unknown-kind"');
    expect(findTask(db, 'b')).toBeUndefined();
    const a = await settle(db, 'a');
    expect(a.status).toBe('FAILED');
    expect(a.errors).toHaveLength(1);
    expect(a.errors[0]?.error).not.toBe('');
    await tasks.close();
  });

  it('keeps going with the next task after one fails', async () => {
    const { db } = openDb();
    const tasks = new TaskManager({ db, log: silent });
    tasks.register('job', 'speech', async (task) => {
      if (task.id === 'bad') throw new Error('boom');
    });
    tasks.enqueue({ id: 'bad', kind: 'job', payload: {} });
    tasks.enqueue({ id: 'good', kind: 'job', payload: {} });
    expect((await settle(db, 'good')).status).toBe('COMPLETED');
    expect(findTask(db, 'bad')?.status).toBe('FAILED');
    await tasks.close();
  });

  it('drops a queued task on cancel without ever running it', async () => {
    const { db } = openDb();
    const tasks = new TaskManager({ db, log: silent });
    const hold = gate();
    const ran: string[] = [];
    tasks.register('job', 'speech', async (task) => {
      ran.push(task.id);
      if (task.id === 'first') await hold.promise;
    });
    tasks.enqueue({ id: 'first', kind: 'job', payload: {} });
    tasks.enqueue({ id: 'queued', kind: 'job', payload: {} });
    tasks.enqueue({ id: 'after', kind: 'job', payload: {} });
    expect(tasks.cancel('queued')).toBe('dropped');
    expect(findTask(db, 'queued')?.status).toBe('CANCELLED');
    hold.open();
    await settle(db, 'after');
    expect(ran).toEqual(['first', 'after']);
    expect(tasks.cancel('after')).toBe('not_active');
    expect(tasks.cancel('nope')).toBe('not_active');
    await tasks.close();
  });

  it('aborts a running task on cancel and records it as CANCELLED, then runs the next', async () => {
    const { db } = openDb();
    const tasks = new TaskManager({ db, log: silent });
    let started = false;
    let abortName = '';
    let kind = '';
    tasks.register('job', 'speech', async (task, ctl) => {
      if (task.id !== 'long') return;
      started = true;
      ctl.reportProgress({ current: 1, total: 10 });
      try {
        await untilAborted(ctl.signal);
      } catch (err) {
        abortName = (err as Error).name;
        kind = abortKind(ctl.signal);
        throw err;
      }
    });
    tasks.enqueue({ id: 'long', kind: 'job', payload: {} });
    tasks.enqueue({ id: 'next', kind: 'job', payload: {} });
    for (let i = 0; i < 1000 && !started; i++) await new Promise((r) => setTimeout(r, 2));
    expect(tasks.cancel('long')).toBe('aborting');
    const cancelled = await settle(db, 'long');
    expect(cancelled).toMatchObject({ status: 'CANCELLED', progress: { current: 1, total: 10 } });
    expect(abortName).toBe('AbortError');
    expect(kind).toBe('cancelled');
    expect((await settle(db, 'next')).status).toBe('COMPLETED');
    await tasks.close();
  });

  it('settled() resolves after the running task\'s outcome is written, and at once for any other id', async () => {
    const { db } = openDb();
    const tasks = new TaskManager({ db, log: silent });
    const running = gate();
    let started = false;
    tasks.register('job', 'speech', async () => {
      started = true;
      await running.promise;
    });
    tasks.enqueue({ id: 'a', kind: 'job', payload: {} });
    for (let i = 0; i < 1000 && !started; i++) await new Promise((r) => setTimeout(r, 2));
    await tasks.settled('not-running');
    const settled = tasks.settled('a');
    expect(findTask(db, 'a')?.status).toBe('PROCESSING');
    running.open();
    await settled;
    expect(findTask(db, 'a')?.status).toBe('COMPLETED');
    await tasks.close();
  });

  it('refuses a second unfinished task with the same id, and lets a finished id be queued again', async () => {
    const { db } = openDb();
    const tasks = new TaskManager({ db, log: silent });
    const hold = gate();
    tasks.register('job', 'speech', async () => hold.promise);
    const first = tasks.enqueue({ id: 'render_p', kind: 'job', payload: {} });
    expect(() => tasks.enqueue({ id: 'render_p', kind: 'job', payload: {} })).toThrow(TaskConflictError);
    hold.open();
    await settle(db, 'render_p');
    const again = tasks.enqueue({ id: 'render_p', kind: 'job', payload: { again: true } });
    expect(again.status).toBe('PENDING');
    expect(again.seq).toBeGreaterThan(first.seq);
    expect((await settle(db, 'render_p')).payload).toEqual({ again: true });
    await tasks.close();
  });

  it('close() aborts the running task, waits for it and records the interruption', async () => {
    const { db } = openDb();
    const tasks = new TaskManager({ db, log: silent });
    let started = false;
    let settled = false;
    let kind = '';
    tasks.register('job', 'speech', async (_task, ctl) => {
      started = true;
      try {
        await untilAborted(ctl.signal);
      } finally {
        kind = abortKind(ctl.signal);
        settled = true;
      }
    });
    tasks.enqueue({ id: 'running', kind: 'job', payload: {} });
    tasks.enqueue({ id: 'waiting', kind: 'job', payload: {} });
    for (let i = 0; i < 1000 && !started; i++) await new Promise((r) => setTimeout(r, 2));
    await tasks.close();
    expect(settled).toBe(true);
    expect(kind).toBe('shutdown');
    expect(findTask(db, 'running')).toMatchObject({ status: 'FAILED', errors: [{ error: INTERRUPTED_ERROR }] });
    expect(findTask(db, 'waiting')?.status).toBe('PENDING');
    expect(() => tasks.enqueue({ id: 'late', kind: 'job', payload: {} })).toThrow('closed');
  });
});

describe('TaskManager.recoverAfterRestart', () => {
  it('closes tasks a dead process left PENDING or PROCESSING as FAILED with a reason', async () => {
    const { db, file } = openDb();
    // The "dead" process: a task is running and two wait when it stops without close().
    const before = new TaskManager({ db, log: silent });
    let started = false;
    before.register('job', 'speech', async (task) => {
      if (task.id === 'done') return;
      started = true;
      await new Promise(() => {}); // never settles: the process "dies" mid-task
    });
    before.enqueue({ id: 'done', kind: 'job', payload: {} });
    await settle(db, 'done');
    before.enqueue({ id: 'running', kind: 'job', payload: {} });
    before.enqueue({ id: 'queued', kind: 'job', payload: {} });
    for (let i = 0; i < 1000 && !started; i++) await new Promise((r) => setTimeout(r, 2));
    expect(findTask(db, 'running')?.status).toBe('PROCESSING');

    // The restarted process opens the same file.
    const db2 = openDatabase(file);
    const after = new TaskManager({ db: db2, log: silent });
    const recovered = after.recoverAfterRestart();
    expect(recovered.map((t) => t.id)).toEqual(['running', 'queued']);
    expect(findTask(db2, 'running')).toMatchObject({ status: 'FAILED', errors: [{ error: INTERRUPTED_ERROR }] });
    expect(findTask(db2, 'queued')).toMatchObject({ status: 'FAILED', errors: [{ error: INTERRUPTED_ERROR }] });
    expect(findTask(db2, 'running')?.finishedAt).not.toBeNull();
    expect(findTask(db2, 'done')?.status).toBe('COMPLETED');
    expect(after.recoverAfterRestart()).toEqual([]);

    // The new process's queue works.
    after.register('job', 'speech', async () => {});
    after.enqueue({ id: 'fresh', kind: 'job', payload: {} });
    expect((await settle(db2, 'fresh')).status).toBe('COMPLETED');
    await after.close();
    db2.close();
  });

  it('runs the speech and render lanes side by side, each first in, first out, counting only its own queue', async () => {
    const { db } = openDb();
    const tasks = new TaskManager({ db, log: silent });
    const render = gate();
    const events: string[] = [];
    tasks.register('render', 'render', async (task) => {
      events.push(`start ${task.id}`);
      if (task.id === 'r1') await render.promise;
      events.push(`end ${task.id}`);
    });
    tasks.register('tts', 'speech', async (task) => {
      events.push(`start ${task.id}`);
      await new Promise((r) => setTimeout(r, 2));
      events.push(`end ${task.id}`);
    });
    tasks.enqueue({ id: 'r1', kind: 'render', payload: {} });
    tasks.enqueue({ id: 'r2', kind: 'render', payload: {} });
    tasks.enqueue({ id: 's1', kind: 'tts', payload: {} });
    tasks.enqueue({ id: 's2', kind: 'tts', payload: {} });
    expect(tasks.queuePosition('r2')).toEqual({ lane: 'render', tasksAhead: 1 });
    expect(tasks.queuePosition('s2')).toEqual({ lane: 'speech', tasksAhead: 1 });
    expect(describeWait({ lane: 'render', tasksAhead: 1 })).toBe('Waiting for 1 render task ahead');

    // Both speech tasks finish while the first render is still held.
    expect((await settle(db, 's2')).status).toBe('COMPLETED');
    expect(findTask(db, 'r1')?.status).toBe('PROCESSING');
    expect(findTask(db, 'r2')?.status).toBe('PENDING');
    expect(tasks.queuePosition('r2')).toEqual({ lane: 'render', tasksAhead: 1 });
    render.open();
    expect((await settle(db, 'r2')).status).toBe('COMPLETED');
    expect(events.filter((e) => /r\d$/.test(e))).toEqual(['start r1', 'end r1', 'start r2', 'end r2']);
    expect(events.filter((e) => /s\d$/.test(e))).toEqual(['start s1', 'end s1', 'start s2', 'end s2']);
    await tasks.close();
  });

  it('close() stops both lanes and records each running task as interrupted', async () => {
    const { db } = openDb();
    const tasks = new TaskManager({ db, log: silent });
    tasks.register('render', 'render', async (_task, ctl) => untilAborted(ctl.signal));
    tasks.register('tts', 'speech', async (_task, ctl) => untilAborted(ctl.signal));
    tasks.enqueue({ id: 'r', kind: 'render', payload: {} });
    tasks.enqueue({ id: 's', kind: 'tts', payload: {} });
    for (let i = 0; i < 2000 && [findTask(db, 'r')?.status, findTask(db, 's')?.status].includes('PENDING'); i++) {
      await new Promise((r) => setTimeout(r, 2));
    }
    await tasks.close();
    for (const id of ['r', 's']) expect(findTask(db, id)).toMatchObject({ status: 'FAILED', errors: [{ error: INTERRUPTED_ERROR }] });
  });
});
