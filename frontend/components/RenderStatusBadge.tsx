'use client';

import { Badge } from '@/components/ui/badge';
import { Tooltip, TooltipContent, TooltipProvider, TooltipTrigger } from '@/components/ui/tooltip';
import type { ProjectStatus } from '@storyflow/contract';
import { cn } from '@/lib/utils';

type RenderStatusBadgeProps = {
  status: ProjectStatus;
  /** The last render failure (Project.render_error); shown in a tooltip when the status is FAILED. */
  error?: string | null;
  className?: string;
};

const STATUS_LOOK = {
  DRAFT: { label: 'Draft', variant: 'secondary', dot: 'bg-zinc-400', extra: '' },
  PROCESSING: { label: 'Rendering', variant: 'warning', dot: 'bg-amber-500', extra: 'motion-safe:animate-pulse' },
  COMPLETED: { label: 'Completed', variant: 'success', dot: 'bg-emerald-500', extra: '' },
  FAILED: { label: 'Failed', variant: 'destructive', dot: 'bg-red-500', extra: '' },
} as const satisfies Record<ProjectStatus, { label: string; variant: string; dot: string; extra: string }>;

/** The project's render status as a coloured pill: Draft, Rendering (pulsing unless the system asks for reduced motion), Completed, Failed. */
export function RenderStatusBadge({ status, error, className }: RenderStatusBadgeProps) {
  const look = STATUS_LOOK[status];
  const withTooltip = status === 'FAILED' && Boolean(error);
  const badge = (
    <Badge
      variant={look.variant}
      data-status={status}
      // Focusable only when it carries a tooltip, so keyboard users can read the error too.
      tabIndex={withTooltip ? 0 : undefined}
      className={cn(
        'outline-none focus-visible:ring-2 focus-visible:ring-red-600',
        // Lifted above a card's stretched link (ProjectCard) so hovering reaches the tooltip trigger.
        withTooltip && 'relative z-10 cursor-help',
        look.extra,
        className,
      )}
    >
      <span aria-hidden="true" className={cn('size-1.5 rounded-full', look.dot)} />
      {look.label}
    </Badge>
  );

  if (!withTooltip) return badge;

  // A local provider keeps the badge usable outside the app layout (tests, stories).
  return (
    <TooltipProvider>
      <Tooltip>
        <TooltipTrigger asChild>{badge}</TooltipTrigger>
        <TooltipContent side="bottom">{error}</TooltipContent>
      </Tooltip>
    </TooltipProvider>
  );
}
