'use client';

import { ChevronDown, Clapperboard, Download, LoaderCircle, RotateCcw, Square } from 'lucide-react';
import dynamic from 'next/dynamic';
import { useId, type ReactNode } from 'react';
import { LoadOnFirstClick } from '@/components/LoadOnFirstClick';
import { Button } from '@/components/ui/button';
import { Tooltip, TooltipContent, TooltipProvider, TooltipTrigger } from '@/components/ui/tooltip';
import { useCancelRender, useProjectRender, useStartRender } from '@/hooks/use-render';
import { downloadVideo } from '@/lib/download';
import { versionedOutputUrl } from '@/lib/render-state';
import type { Segment } from '@storyflow/contract';
import { cn } from '@/lib/utils';

// The menu (and Radix's menu with it) is loaded at its first use, not with the editor (issue 14).
const ExportOptionsMenu = dynamic(() => import('@/components/ExportOptionsMenu').then((m) => m.ExportOptionsMenu));

type RenderButtonProps = {
  projectId: string;
  /** The segments as the page currently has them; readiness is judged from these (SPEC §2.7). */
  segments: readonly Pick<Segment, 'id' | 'image_file' | 'audio_file'>[];
  className?: string;
};

const MAX_LISTED = 8;

/** "#1, #4, #9" (1-based timeline positions), shortened for long projects. */
function listPositions(positions: number[]): string {
  const shown = positions.slice(0, MAX_LISTED).map((p) => `#${p}`).join(', ');
  return positions.length > MAX_LISTED ? `${shown} and ${positions.length - MAX_LISTED} more` : shown;
}

function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}

/** What stops the project from rendering, one line per problem; empty when it is ready. */
function describeMissingAssets(segments: RenderButtonProps['segments']): string[] {
  if (segments.length === 0) return ['Add at least one segment before exporting.'];
  const noImage: number[] = [];
  const noAudio: number[] = [];
  segments.forEach((segment, index) => {
    if (!segment.image_file) noImage.push(index + 1);
    if (!segment.audio_file) noAudio.push(index + 1);
  });
  const lines: string[] = [];
  if (noImage.length > 0) {
    lines.push(`${plural(noImage.length, 'segment is', 'segments are')} missing an image: ${listPositions(noImage)}.`);
  }
  if (noAudio.length > 0) {
    lines.push(`${plural(noAudio.length, 'segment is', 'segments are')} missing audio: ${listPositions(noAudio)}.`);
  }
  return lines;
}

/** Export Video → Validating → Rendering (with Cancel) → Download Video + Re-Render, or Retry Render. */
export function RenderButton({ projectId, segments, className }: RenderButtonProps) {
  const render = useProjectRender(projectId);
  const { start } = useStartRender(projectId);
  const cancel = useCancelRender(projectId);
  const missing = describeMissingAssets(segments);
  const ready = missing.length === 0;
  const reasonId = useId();

  let content: ReactNode;
  switch (render.renderStatus) {
    case 'validating':
      content = (
        <Button disabled aria-busy="true">
          <LoaderCircle className="animate-spin" aria-hidden="true" />
          Validating…
        </Button>
      );
      break;
    case 'rendering':
      content = (
        <>
          <Button disabled aria-busy="true">
            <LoaderCircle className="animate-spin" aria-hidden="true" />
            Rendering…
          </Button>
          <Button variant="outline" disabled={render.cancelling} onClick={cancel}>
            <Square className="size-3.5 fill-current" aria-hidden="true" />
            {render.cancelling ? 'Cancelling…' : 'Cancel'}
          </Button>
        </>
      );
      break;
    case 'completed':
      content = (
        <div className="inline-flex rounded-lg shadow-sm">
          <Button className="rounded-r-none shadow-none" onClick={() => downloadVideo(versionedOutputUrl(render))}>
            <Download aria-hidden="true" />
            Download Video
          </Button>
          <MoreExportOptions ready={ready} missing={missing} onReRender={() => void start({ force: true })} />
        </div>
      );
      break;
    case 'failed':
    case 'idle':
      content = (
        <ReadinessGate ready={ready} missing={missing} reasonId={reasonId}>
          <Button
            disabled={!ready}
            aria-describedby={ready ? undefined : reasonId}
            onClick={() => void start()}
          >
            {render.renderStatus === 'failed' ? <RotateCcw aria-hidden="true" /> : <Clapperboard aria-hidden="true" />}
            {render.renderStatus === 'failed' ? 'Retry Render' : 'Export Video'}
          </Button>
        </ReadinessGate>
      );
      break;
  }

  return (
    <div data-slot="render-button" data-state={render.renderStatus} className={cn('flex items-center gap-2', className)}>
      {content}
    </div>
  );
}

type MoreExportOptionsProps = { ready: boolean; missing: string[]; onReRender: () => void };

/** The finished video's "More export options": loads its menu on the first click and opens it. */
function MoreExportOptions({ ready, missing, onReRender }: MoreExportOptionsProps) {
  return (
    <LoadOnFirstClick
      trigger={(onClick) => (
        <Button
          size="icon"
          className="rounded-l-none border-l border-indigo-400/60 shadow-none"
          aria-label="More export options"
          aria-haspopup="menu"
          onClick={onClick}
        >
          <ChevronDown aria-hidden="true" />
        </Button>
      )}
    >
      {(trigger) => <ExportOptionsMenu trigger={trigger} ready={ready} missing={missing} onReRender={onReRender} defaultOpen />}
    </LoadOnFirstClick>
  );
}

type ReadinessGateProps = { ready: boolean; missing: string[]; reasonId: string; children: ReactNode };

/** Wraps a disabled button so its tooltip still opens (disabled buttons get no pointer or focus events). */
function ReadinessGate({ ready, missing, reasonId, children }: ReadinessGateProps) {
  if (ready) return children;
  return (
    <TooltipProvider>
      <Tooltip>
        <TooltipTrigger asChild>
          <span tabIndex={0} className="inline-flex rounded-lg outline-none focus-visible:ring-2 focus-visible:ring-indigo-600">
            {children}
          </span>
        </TooltipTrigger>
        <TooltipContent side="top" className="space-y-1">
          <p className="font-medium">Not ready to export</p>
          {missing.map((line) => (
            <p key={line}>{line}</p>
          ))}
        </TooltipContent>
      </Tooltip>
      <span id={reasonId} className="sr-only">
        {missing.join(' ')}
      </span>
    </TooltipProvider>
  );
}
