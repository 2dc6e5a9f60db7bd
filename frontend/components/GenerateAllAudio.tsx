'use client';

import { AudioLinesIcon, ChevronDownIcon, CircleCheckIcon, CircleAlertIcon, XIcon } from 'lucide-react';
import { useCallback, useEffect, useRef, useState } from 'react';
import { toast } from 'sonner';
import { Button } from '@/components/ui/button';
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuTrigger,
} from '@/components/ui/dropdown-menu';
import { Progress } from '@/components/ui/progress';
import { generateAllAudio } from '@/lib/api';
import { toastError } from '@/lib/notify';
import { waitForTask } from '@/lib/tasks';
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
  | { kind: 'running'; current: number; total: number; waitingFor: number }
  | { kind: 'done'; generated: number; total: number; errors: TaskError[]; note: string | null };

const storageKey = (projectId: string) => `storyflow:audio-batch:${projectId}`;

/** Footer action: speech for every segment, with "4/10 segments" progress and a summary. */
export function GenerateAllAudio({ projectId, onSegmentsCompleted, onFinished, pollIntervalMs = 1500 }: GenerateAllAudioProps) {
  const [run, setRun] = useState<Run>({ kind: 'idle' });
  const controller = useRef<AbortController | null>(null);
  const seen = useRef(new Set<string>());
  const callbacks = useRef({ onSegmentsCompleted, onFinished });
  callbacks.current = { onSegmentsCompleted, onFinished };

  const follow = useCallback(
    async (taskId: string, total: number, skippedNote: string | null) => {
      controller.current?.abort();
      const ac = new AbortController();
      controller.current = ac;
      seen.current = new Set();
      setRun({ kind: 'running', current: 0, total, waitingFor: 0 });
      const onUpdate = (status: TaskStatusResponse) => {
        const fresh = status.completed_segments.filter((c) => !seen.current.has(c.segment_id));
        fresh.forEach((c) => seen.current.add(c.segment_id));
        if (fresh.length > 0) callbacks.current.onSegmentsCompleted(fresh);
        const t = status.progress.total || total;
        // A queued task reports how many tasks (e.g. a render) run before it.
        const ahead = status.status === 'PENDING' && typeof status.progress.tasks_ahead === 'number' ? status.progress.tasks_ahead : 0;
        setRun({ kind: 'running', current: Math.min(status.progress.current, t), total: t, waitingFor: ahead });
      };
      try {
        const final = await waitForTask(taskId, { signal: ac.signal, intervalMs: pollIntervalMs, onUpdate });
        sessionStorage.removeItem(storageKey(projectId));
        const generated = final.completed_segments.length;
        const t = final.progress.total || total;
        setRun({ kind: 'done', generated, total: t, errors: final.errors, note: skippedNote });
        callbacks.current.onFinished?.();
      } catch (err) {
        const apiError = toastError(err, 'Audio generation stopped');
        if (!apiError.aborted) {
          sessionStorage.removeItem(storageKey(projectId));
          setRun({ kind: 'idle' });
        }
      }
    },
    [pollIntervalMs, projectId],
  );

  // A batch started before a reload keeps running on the server: follow it again.
  useEffect(() => {
    const saved = sessionStorage.getItem(storageKey(projectId));
    if (saved) {
      try {
        const { taskId, total } = JSON.parse(saved) as { taskId: string; total: number };
        void follow(taskId, total, null);
      } catch {
        sessionStorage.removeItem(storageKey(projectId));
      }
    }
    return () => controller.current?.abort();
  }, [follow, projectId]);

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
      await follow(res.task_id, res.segments_to_process, note);
    } catch (err) {
      toastError(err, 'Could not start audio generation');
      setRun({ kind: 'idle' });
    }
  }

  const busy = run.kind === 'starting' || run.kind === 'running';

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

      {run.kind === 'running' && (
        <div className="flex min-w-48 flex-1 items-center gap-3">
          <Progress value={run.total ? (run.current / run.total) * 100 : 0} className="max-w-64" aria-label="Audio progress" />
          <span className="shrink-0 text-sm tabular-nums text-zinc-600">
            {run.current}/{run.total} segments
          </span>
          {run.waitingFor > 0 && (
            <span className="shrink-0 text-xs text-zinc-500">
              Waiting for {run.waitingFor} {run.waitingFor === 1 ? 'task' : 'tasks'} ahead
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
