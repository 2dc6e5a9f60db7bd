'use client';

import { AlertTriangleIcon, AudioLinesIcon, LoaderCircleIcon, MicOffIcon } from 'lucide-react';
import { Badge } from '@/components/ui/badge';
import { Tooltip, TooltipContent, TooltipTrigger } from '@/components/ui/tooltip';
import { formatDuration } from '@/lib/utils';

export type AudioState =
  | { kind: 'none' }
  | { kind: 'generating' }
  | { kind: 'ready'; durationSeconds: number | null }
  | { kind: 'failed'; reason: string };

type AudioStatusBadgeProps = { state: AudioState };

/** A segment's speech status: No audio, Generating, Ready m:ss, or Failed (with the reason). */
export function AudioStatusBadge({ state }: AudioStatusBadgeProps) {
  switch (state.kind) {
    case 'none':
      return (
        <Badge variant="secondary" data-audio-status="none">
          <MicOffIcon />
          No audio
        </Badge>
      );
    case 'generating':
      return (
        <Badge variant="accent" data-audio-status="generating">
          <LoaderCircleIcon className="animate-spin" />
          Generating
        </Badge>
      );
    case 'ready':
      return (
        <Badge variant="success" data-audio-status="ready">
          <AudioLinesIcon />
          Ready {formatDuration(state.durationSeconds)}
        </Badge>
      );
    case 'failed':
      return (
        <Tooltip>
          <TooltipTrigger asChild>
            <Badge variant="destructive" data-audio-status="failed" tabIndex={0} className="max-w-64 cursor-help">
              <AlertTriangleIcon />
              <span className="truncate">Failed: {state.reason}</span>
            </Badge>
          </TooltipTrigger>
          <TooltipContent>{state.reason}</TooltipContent>
        </Tooltip>
      );
  }
}
