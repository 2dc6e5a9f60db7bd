'use client';

import { CircleAlert, CircleStop, LoaderCircle, WifiOff } from 'lucide-react';
import { Button } from '@/components/ui/button';
import { Progress } from '@/components/ui/progress';
import { useProjectRender, useRenderPolling } from '@/hooks/use-render';
import { progressLabel, secondsLeft } from '@/lib/render-state';
import { cn, formatDuration } from '@/lib/utils';

type RenderProgressProps = {
  projectId: string;
  /** Without its own box, for a toolbar such as the editor footer. */
  compact?: boolean;
  className?: string;
};

function timeLeftText(seconds: number): string {
  if (seconds < 1) return 'Almost done';
  return `About ${formatDuration(Math.ceil(seconds))} left`;
}

/**
 * Live progress of a render: bar, "Segment 7/12 (58%)" ("Preparing…" before the first
 * segment), the phase and, once it means something, the time left; the failure message
 * once it fails. It keeps the status polling alive while the project renders, and stops it
 * when it leaves the page.
 */
export function RenderProgress({ projectId, compact = false, className }: RenderProgressProps) {
  const render = useProjectRender(projectId);
  const checkAgain = useRenderPolling(projectId);
  const rendering = render.renderStatus === 'rendering';

  if (render.renderStatus === 'failed') {
    const cancelled = render.errorCode === 'cancelled';
    const Icon = cancelled ? CircleStop : CircleAlert;
    return (
      <div
        role="alert"
        data-slot="render-progress"
        data-state="failed"
        className={cn(
          'flex gap-3 rounded-lg border text-sm',
          compact ? 'px-3 py-2' : 'p-3',
          cancelled ? 'border-zinc-200 bg-zinc-50 text-zinc-700' : 'border-red-200 bg-red-50 text-red-800',
          className,
        )}
      >
        <Icon className="mt-0.5 size-4 shrink-0" aria-hidden="true" />
        <div className="min-w-0 space-y-0.5">
          <p className="font-medium">{cancelled ? 'Render cancelled' : 'Render failed'}</p>
          {!cancelled && <p className="break-words">{render.error ?? 'The render stopped without a message.'}</p>}
          {render.renderProgress && render.renderProgress.current_segment > 0 && (
            <p className={cancelled ? 'text-zinc-500' : 'text-red-700/80'}>
              Stopped at {progressLabel(render.renderProgress).toLowerCase()}
            </p>
          )}
        </div>
      </div>
    );
  }

  if (!rendering) return null;

  const progress = render.renderProgress;
  const left = progress ? secondsLeft(progress) : null;
  const percentage = progress?.percentage ?? 0;

  return (
    <div
      data-slot="render-progress"
      data-state="rendering"
      className={cn(compact ? 'space-y-1.5' : 'space-y-2 rounded-lg border border-zinc-200 bg-white p-3', className)}
    >
      <Progress value={percentage} aria-label="Render progress" />
      <div role="status" aria-live="polite" className="flex flex-wrap items-baseline justify-between gap-x-4 gap-y-1 text-sm">
        <p className="font-medium tabular-nums text-zinc-900">
          {progressLabel(progress)}
        </p>
        {left != null && <p className="tabular-nums text-zinc-500">{timeLeftText(left)}</p>}
      </div>
      {progress && (
        <p className="flex min-w-0 items-center gap-1.5 text-xs text-zinc-500">
          <LoaderCircle className="size-3 shrink-0 animate-spin" aria-hidden="true" />
          <span className="truncate" title={progress.current_phase}>
            {progress.current_phase}
          </span>
          {progress.frames_done != null && progress.frames_total != null && (
            <span className="shrink-0 whitespace-nowrap tabular-nums text-zinc-500">
              · frame {progress.frames_done}/{progress.frames_total}
              {progress.fps != null && progress.fps > 0 ? ` · ${progress.fps.toFixed(0)} fps` : ''}
            </span>
          )}
          {progress.clips_cached != null && progress.clips_total != null && progress.clips_cached > 0 && (
            <span className="shrink-0 whitespace-nowrap tabular-nums text-zinc-500" data-testid="clips-reused">
              · {progress.clips_cached} of {progress.clips_total} clips reused
            </span>
          )}
        </p>
      )}
      {render.pollError && (
        <div className="flex flex-wrap items-center gap-2 rounded-md bg-amber-50 px-2.5 py-1.5 text-xs text-amber-800">
          <WifiOff className="size-3.5" aria-hidden="true" />
          <span>Lost track of the render: {render.pollError}</span>
          <Button size="sm" variant="outline" className="ml-auto h-7" onClick={checkAgain}>
            Check again
          </Button>
        </div>
      )}
    </div>
  );
}
