'use client';

import { Tooltip } from 'radix-ui';
import type { ProjectStatus } from '@/lib/types';

type RenderStatusBadgeProps = {
  status: ProjectStatus;
  /** The last render failure (Project.render_error); shown in a tooltip when the status is FAILED. */
  error?: string | null;
  className?: string;
};

const LABELS: Record<ProjectStatus, string> = {
  DRAFT: 'Draft',
  PROCESSING: 'Rendering',
  COMPLETED: 'Completed',
  FAILED: 'Failed',
};

const TONES: Record<ProjectStatus, string> = {
  DRAFT: 'bg-zinc-100 text-zinc-700 ring-zinc-300',
  PROCESSING: 'bg-amber-100 text-amber-800 ring-amber-300 animate-pulse',
  COMPLETED: 'bg-green-100 text-green-800 ring-green-300',
  FAILED: 'bg-red-100 text-red-800 ring-red-300',
};

const DOTS: Record<ProjectStatus, string> = {
  DRAFT: 'bg-zinc-400',
  PROCESSING: 'bg-amber-500',
  COMPLETED: 'bg-green-600',
  FAILED: 'bg-red-600',
};

/** The project's render status as a coloured pill: Draft, Rendering (pulsing), Completed, Failed. */
export function RenderStatusBadge({ status, error, className }: RenderStatusBadgeProps) {
  const label = LABELS[status];
  const badge = (
    <span
      data-slot="render-status-badge"
      data-status={status}
      // Focusable only when it carries a tooltip, so keyboard users can read the error too.
      tabIndex={status === 'FAILED' && error ? 0 : undefined}
      className={[
        'inline-flex shrink-0 items-center gap-1.5 rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset',
        'outline-none focus-visible:ring-2 focus-visible:ring-zinc-500',
        TONES[status],
        className ?? '',
      ].join(' ')}
    >
      <span aria-hidden="true" className={`size-1.5 rounded-full ${DOTS[status]}`} />
      {label}
    </span>
  );

  if (status !== 'FAILED' || !error) return badge;

  return (
    <Tooltip.Provider delayDuration={150}>
      <Tooltip.Root>
        <Tooltip.Trigger asChild>{badge}</Tooltip.Trigger>
        <Tooltip.Portal>
          <Tooltip.Content
            side="bottom"
            sideOffset={6}
            className="z-50 max-w-xs rounded-md bg-zinc-900 px-3 py-1.5 text-xs text-zinc-50 shadow-md"
          >
            {error}
            <Tooltip.Arrow className="fill-zinc-900" />
          </Tooltip.Content>
        </Tooltip.Portal>
      </Tooltip.Root>
    </Tooltip.Provider>
  );
}

export default RenderStatusBadge;
