'use client';

import { AudioLinesIcon, ChevronDownIcon, CircleCheckIcon, CircleAlertIcon, XIcon } from 'lucide-react';
import { useEffect, useRef, useState } from 'react';
import { toast } from 'sonner';
import { Button } from '@/components/ui/button';
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuTrigger,
} from '@/components/ui/dropdown-menu';
import { Progress } from '@/components/ui/progress';
import { useTaskStatus } from '@/hooks/use-task-status';
import { generateAllAudio } from '@/lib/api';
import { toastError } from '@/lib/notify';
import { FINAL_TASK_STATUSES } from '@/lib/tasks';
import type { TaskCompletedSegment, TaskError, TaskStatusResponse } from '@storyflow/contract';

type GenerateAllAudioProps = {
  projectId: string;
  /** Applies finished segments to the editor as they arrive. */
  onSegmentsCompleted: (done: TaskCompletedSegment[]) => void;
  /** Called once at the end, so the editor can re-read anything the batch touched. */
  onFinished?: () => void;
  pollIntervalMs?: number;
};

type Run =
  | { kind: 'idle' }
  | { kind: 'starting' }
  | { kind: 'following'; taskId: string; total: number; note: string | null }
  | { kind: 'done'; generated: number; total: number; errors: TaskError[]; note: string | null };

const storageKey = (projectId: string) => `storyflow:audio-batch:${projectId}`;

/** A batch started before a reload keeps running on the server: follow it again. */
function resumedRun(projectId: string): Run {
  const saved = typeof window === 'undefined' ? null : sessionStorage.getItem(storageKey(projectId));
  if (!saved) return { kind: 'idle' };
  try {
    const { taskId, total } = JSON.parse(saved) as { taskId: string; total: number };
    return { kind: 'following', taskId, total, note: null };
  } catch {
    sessionStorage.removeItem(storageKey(projectId));
    return { kind: 'idle' };
  }
}

/** Footer action: speech for every segment, with "4/10 segments" progress and a summary. */
export function GenerateAllAudio({ projectId, onSegmentsCompleted, onFinished, pollIntervalMs = 1500 }: GenerateAllAudioProps) {
  const [run, setRun] = useState<Run>(() => resumedRun(projectId));
  const following = run.kind === 'following' ? run : null;
  const task = useTaskStatus(following?.taskId ?? null, pollIntervalMs, 'Audio generation stopped');
  const seen = useRef(new Set<string>());
  const callbacks = useRef({ onSegmentsCompleted, onFinished });
  callbacks.current = { onSegmentsCompleted, onFinished };

  // Each status read: hand over the newly finished segments; at a final state, the summary.
  const status = following ? task.data : undefined;
  useEffect(() => {
    if (!following || !status) return;
    const fresh = status.completed_segments.filter((c) => !seen.current.has(c.segment_id));
    fresh.forEach((c) => seen.current.add(c.segment_id));
    if (fresh.length > 0) callbacks.current.onSegmentsCompleted(fresh);
    if (!FINAL_TASK_STATUSES.has(status.status)) return;
    sessionStorage.removeItem(storageKey(projectId));
    const total = status.progress.total || following.total;
    setRun({ kind: 'done', generated: status.completed_segments.length, total, errors: status.errors, note: following.note });
    callbacks.current.onFinished?.();
  }, [following, status, projectId]);

  // A failed read ends the follow (the query has toasted it).
  const failed = following !== null && task.isError;
  useEffect(() => {
    if (!failed) return;
    sessionStorage.removeItem(storageKey(projectId));
    setRun({ kind: 'idle' });
  }, [failed, projectId]);

  async function start(forceRegenerate: boolean) {
    setRun({ kind: 'starting' });
    try {
      const res = await generateAllAudio(projectId, { skip_locked: true, force_regenerate: forceRegenerate });
      const skipped = [
        res.skipped_existing ? `${res.skipped_existing} already had audio` : null,
        res.skipped_locked ? `${res.skipped_locked} locked` : null,
        res.skipped_empty ? `${res.skipped_empty} without text` : null,
      ].filter(Boolean);
      const note = skipped.length > 0 ? `Skipped: ${skipped.join(', ')}.` : null;
      if (!res.task_id) {
        setRun({ kind: 'idle' });
        toast.info(res.message || 'Nothing to generate', { description: note ?? undefined });
        return;
      }
      sessionStorage.setItem(storageKey(projectId), JSON.stringify({ taskId: res.task_id, total: res.segments_to_process }));
      seen.current = new Set();
      setRun({ kind: 'following', taskId: res.task_id, total: res.segments_to_process, note });
    } catch (err) {
      toastError(err, 'Could not start audio generation');
      setRun({ kind: 'idle' });
    }
  }

  const running = following && !(status && FINAL_TASK_STATUSES.has(status.status)) ? progressOf(following.total, status) : null;
  const busy = run.kind === 'starting' || run.kind === 'following';

  return (
    <div className="flex min-w-0 flex-1 flex-wrap items-center gap-x-4 gap-y-2" data-testid="generate-all-audio">
      <div className="flex">
        <Button onClick={() => void start(false)} disabled={busy} variant="outline" className="rounded-r-none">
          <AudioLinesIcon />
          {busy ? 'Generating audio…' : 'Generate all audio'}
        </Button>
        <DropdownMenu>
          <DropdownMenuTrigger asChild>
            <Button variant="outline" size="icon" disabled={busy} className="-ml-px rounded-l-none" aria-label="More audio options">
              <ChevronDownIcon />
            </Button>
          </DropdownMenuTrigger>
          <DropdownMenuContent align="start">
            <DropdownMenuItem onSelect={() => void start(true)}>Regenerate all (replace existing audio)</DropdownMenuItem>
          </DropdownMenuContent>
        </DropdownMenu>
      </div>

      {running && (
        <div className="flex min-w-48 flex-1 items-center gap-3">
          <Progress value={running.total ? (running.current / running.total) * 100 : 0} className="max-w-64" aria-label="Audio progress" />
          <span className="shrink-0 text-sm tabular-nums text-zinc-600">
            {running.current}/{running.total} segments
          </span>
          {running.waitingFor > 0 && (
            <span className="shrink-0 text-xs text-zinc-500">
              Waiting for {running.waitingFor} {running.waitingFor === 1 ? 'task' : 'tasks'} ahead
            </span>
          )}
        </div>
      )}

      {run.kind === 'done' && (
        <div role="status" className="flex min-w-0 items-start gap-2 text-sm">
          {run.errors.length === 0 ? (
            <CircleCheckIcon className="mt-0.5 size-4 shrink-0 text-emerald-600" />
          ) : (
            <CircleAlertIcon className="mt-0.5 size-4 shrink-0 text-amber-600" />
          )}
          <div className="min-w-0">
            <p className="text-zinc-700">
              Generated audio for {run.generated} of {run.total} {run.total === 1 ? 'segment' : 'segments'}
              {run.errors.length > 0 && `, ${run.errors.length} failed`}. {run.note}
            </p>
            {run.errors.length > 0 && (
              <p className="truncate text-xs text-red-600" title={run.errors.map((e) => e.error).join('\n')}>
                {run.errors[0]?.error}
                {run.errors.length > 1 && ` (+${run.errors.length - 1} more)`}
              </p>
            )}
          </div>
          <Button variant="ghost" size="icon-sm" className="size-6 shrink-0" onClick={() => setRun({ kind: 'idle' })} aria-label="Dismiss summary">
            <XIcon />
          </Button>
        </div>
      )}
    </div>
  );
}

/** "4/10 segments", and how many tasks (e.g. a render) run before a queued batch. */
function progressOf(total: number, status: TaskStatusResponse | undefined) {
  if (!status) return { current: 0, total, waitingFor: 0 };
  const t = status.progress.total || total;
  const ahead = status.status === 'PENDING' && typeof status.progress.tasks_ahead === 'number' ? status.progress.tasks_ahead : 0;
  return { current: Math.min(status.progress.current, t), total: t, waitingFor: ahead };
}
