'use client';

import { RenderButton } from '@/components/RenderButton';
import { RenderProgress } from '@/components/RenderProgress';
import type { Segment } from '@storyflow/contract';
import { cn } from '@/lib/utils';

type RenderPanelProps = {
  projectId: string;
  segments: readonly Pick<Segment, 'id' | 'image_file' | 'audio_file'>[];
  className?: string;
};

/**
 * The editor footer's export controls: RenderProgress beside RenderButton. Both read the
 * render status the project's load seeded (a PROCESSING render resumes polling, a COMPLETED
 * one shows its video at once in VideoPreview, above the timeline); leaving the page stops
 * the polling.
 */
export function RenderPanel({ projectId, segments, className }: RenderPanelProps) {
  return (
    <div data-slot="render-panel" className={cn('flex min-w-0 flex-1 flex-wrap items-center justify-end gap-3', className)}>
      <RenderProgress projectId={projectId} compact className="min-w-64 max-w-xl flex-1" />
      <RenderButton projectId={projectId} segments={segments} />
    </div>
  );
}
