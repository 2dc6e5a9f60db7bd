'use client';

import dynamic from 'next/dynamic';
import { memo, type ReactNode } from 'react';
import { AfterFirstPaint } from '@/components/AfterFirstPaint';
import type { Segment } from '@storyflow/contract';
import { formatDuration } from '@/lib/utils';

// Loaded after the timeline, like the editor's own panels (ProjectEditor.tsx).
const SettingsPanel = dynamic(() => import('@/components/SettingsPanel').then((m) => m.SettingsPanel));

type EditorSidebarProps = { segments: Segment[]; children?: ReactNode };

/** One box of the editor's sidebar. */
export function SidebarCard({ children }: { children: ReactNode }) {
  return <div className="rounded-xl border border-zinc-200 bg-white p-5 shadow-xs">{children}</div>;
}

/**
 * Project overview (what is ready for export), the project's panels (`children`) and the
 * global speech/zoom settings. The panels come a moment after the timeline, so typing can
 * start first (AfterFirstPaint).
 */
export const EditorSidebar = memo(function EditorSidebar({ segments, children }: EditorSidebarProps) {
  const total = segments.length;
  let images = 0;
  let audio = 0;
  let seconds = 0;
  for (const s of segments) {
    if (s.image_file) images += 1;
    if (s.audio_file) {
      audio += 1;
      seconds += s.audio_duration ?? 0;
    }
  }

  return (
    <aside className="grid content-start gap-4 lg:sticky lg:top-20 lg:max-h-[calc(100vh-10rem)] lg:overflow-y-auto">
      <SidebarCard>
        <h2 className="text-sm font-semibold text-zinc-900">Overview</h2>
        <dl className="mt-4 grid gap-3 text-sm">
          <Stat label="Images" done={images} total={total} />
          <Stat label="Audio" done={audio} total={total} />
          <div className="flex justify-between border-t border-zinc-100 pt-3">
            <dt className="text-zinc-500">Video length</dt>
            <dd className="font-medium tabular-nums text-zinc-900">{formatDuration(seconds)}</dd>
          </div>
        </dl>
      </SidebarCard>
      <AfterFirstPaint>
        {children}
        <SidebarCard>
          <SettingsPanel />
        </SidebarCard>
      </AfterFirstPaint>
    </aside>
  );
});

function Stat({ label, done, total }: { label: string; done: number; total: number }) {
  const percent = total ? Math.round((done / total) * 100) : 0;
  return (
    // A <dl> group may hold only dt and dd, so the bar is a second, decorative dd.
    <div className="grid grid-cols-[1fr_auto] gap-y-1.5">
      <dt className="text-zinc-500">{label}</dt>
      <dd className="font-medium tabular-nums text-zinc-900">
        {done}/{total}
      </dd>
      <dd aria-hidden className="col-span-2 h-1 overflow-hidden rounded-full bg-zinc-100">
        <div
          className={done === total && total > 0 ? 'h-full bg-emerald-500' : 'h-full bg-indigo-500'}
          style={{ width: `${percent}%` }}
        />
      </dd>
    </div>
  );
}
