'use client';

import { ArrowLeftIcon, PlusIcon } from 'lucide-react';
import dynamic from 'next/dynamic';
import Link from 'next/link';
import { useCallback, useRef } from 'react';
import { toast } from 'sonner';
import { AfterFirstPaint } from '@/components/AfterFirstPaint';
import { DraftPreview } from '@/components/DraftPreview';
import { EditorSidebar, SidebarCard } from '@/components/EditorSidebar';
import { ImportMoreButton } from '@/components/ImportMoreButton';
import { LoadError } from '@/components/LoadError';
import { RenderOutdatedNotice } from '@/components/RenderOutdatedNotice';
import { RenderPanel } from '@/components/RenderPanel';
import { RenderStatusBadge } from '@/components/RenderStatusBadge';
import { SegmentList, type SegmentListHandle } from '@/components/SegmentList';
import { VideoPreview } from '@/components/VideoPreview';
import { Button } from '@/components/ui/button';
import { Skeleton } from '@/components/ui/skeleton';
import { EditableTitle } from '@/components/EditableTitle';
import { useAddSegment, useProject, useSegmentCache } from '@/hooks/use-project';
import { useSegmentArrange } from '@/hooks/use-segment-arrange';
import { useSegmentDrag } from '@/hooks/use-segment-drag';
import { useProjectRender } from '@/hooks/use-render';
import { pageTitle, useDocumentTitle } from '@/hooks/use-document-title';
import { liveProjectStatus } from '@/lib/render-state';
import type { Project } from '@storyflow/contract';

/*
 * What the editor draws after the timeline (AfterFirstPaint) is also loaded after it, as
 * chunks of its own: their code is neither fetched nor run before the first card can be
 * typed into (issue 14). No loading state: they render in AfterFirstPaint's transition,
 * which keeps showing nothing there until their code has arrived, then shows them at once.
 */
const ProjectVoiceSettings = dynamic(() => import('@/components/ProjectVoiceSettings').then((m) => m.ProjectVoiceSettings));
const MusicCard = dynamic(() => import('@/components/MusicCard').then((m) => m.MusicCard));
const RenderSettingsPanel = dynamic(() => import('@/components/RenderSettingsPanel').then((m) => m.RenderSettingsPanel));
const CaptionsPanel = dynamic(() => import('@/components/CaptionsPanel').then((m) => m.CaptionsPanel));
const GenerateAllAudio = dynamic(() => import('@/components/GenerateAllAudio').then((m) => m.GenerateAllAudio));

type ProjectEditorProps = { projectId: string };

/** The editor: header, timeline of segments, sidebar settings and the footer actions. */
export function ProjectEditor({ projectId }: ProjectEditorProps) {
  const query = useProject(projectId);
  // Stable callbacks: each SegmentCard re-renders only when its own segment changes.
  const cache = useSegmentCache(projectId);
  const add = useAddSegment(projectId);
  const list = useRef<SegmentListHandle>(null);
  // The list is virtualised: it scrolls to a new card, mounts it, then focuses it. A frame
  // later, so that the list holding the new segment exists.
  const reveal = useCallback(
    (segmentId: string) => requestAnimationFrame(() => list.current?.revealSegment(segmentId)),
    [],
  );
  // Drag and drop, move to position, insert, undo, several images at once (SPEC §7.8).
  const arrange = useSegmentArrange(projectId, cache);
  const drag = useSegmentDrag(arrange.dropAt);
  const { insertAt } = arrange;
  const insertSegment = useCallback(
    async (position: number) => {
      const created = await insertAt(position);
      if (created) reveal(created.id);
    },
    [insertAt, reveal],
  );

  function addSegment() {
    add.mutate(undefined, { onSuccess: (created) => reveal(created.id) });
  }
  const adding = add.isPending;

  useDocumentTitle(
    query.data
      ? pageTitle(query.data.title)
      : query.isError && query.error.status === 404
        ? pageTitle('Project not found')
        : null,
  );

  if (query.isError && query.error.status === 404) {
    return (
      <div
        className="mx-auto flex max-w-md flex-col items-center px-6 py-24 text-center"
        data-testid="project-not-found"
      >
        <p className="text-sm font-semibold text-indigo-600">404</p>
        <h1 className="mt-2 text-2xl font-semibold tracking-tight">Project not found</h1>
        <p className="mt-2 text-sm text-zinc-500">It may have been deleted, or the link is wrong.</p>
        <Button asChild className="mt-8">
          <Link href="/" prefetch={false}>
            <ArrowLeftIcon />
            Back to projects
          </Link>
        </Button>
      </div>
    );
  }

  if (query.isError && !query.data) {
    return (
      <LoadError
        title="Could not open this project"
        message={query.error.error}
        onRetry={() => void query.refetch()}
        className="mx-auto max-w-md py-24"
      />
    );
  }

  const project = query.data;
  if (!project) return <EditorSkeleton />;
  const { segments } = project;

  return (
    <div className="flex min-h-[calc(100vh-3.5rem)] flex-col">
      <div className="mx-auto grid w-full max-w-[1400px] flex-1 gap-8 px-4 pb-10 pt-8 sm:px-6 lg:grid-cols-[minmax(0,1fr)_320px]">
        <section aria-labelledby="editor-title" className="min-w-0">
          <div className="mb-6 flex flex-wrap items-start justify-between gap-4">
            <div className="min-w-0">
              {/* Prefetched later by the page (PrefetchLater), not while the editor opens. */}
              <Link href="/" prefetch={false} className="inline-flex items-center gap-1 text-sm text-zinc-500 hover:text-zinc-800">
                <ArrowLeftIcon className="size-3.5" /> Projects
              </Link>
              <div className="mt-1 flex flex-wrap items-center gap-3">
                <EditableTitle id="editor-title" project={project} onSaved={cache.projectSaved} />
                <LiveStatusBadge project={project} />
              </div>
              <p className="mt-1 text-sm text-zinc-500">
                {segments.length} {segments.length === 1 ? 'segment' : 'segments'}
              </p>
            </div>
            <div className="flex gap-2">
              <ImportMoreButton
                projectId={projectId}
                onImported={(list) => {
                  const added = list.length - segments.length;
                  void cache.refresh();
                  toast.success(`Added ${added} ${added === 1 ? 'segment' : 'segments'}`);
                }}
              />
              <Button onClick={addSegment} disabled={adding}>
                <PlusIcon />
                Add segment
              </Button>
            </div>
          </div>

          <RenderOutdatedNotice projectId={projectId} revision={[segments, project]} />
          <VideoPreview projectId={projectId} className="mb-6" />
          <div className="mb-6">
            <DraftPreview project={project} />
          </div>

          {segments.length === 0 ? (
            <div className="flex flex-col items-center rounded-2xl border border-dashed border-zinc-300 bg-white px-6 py-16 text-center">
              <h2 className="text-base font-semibold">This story has no segments yet</h2>
              <p className="mt-1.5 max-w-sm text-sm text-zinc-500">
                Add them one by one, or import a script with <code className="text-xs">Text:</code> /{' '}
                <code className="text-xs">Prompt:</code> blocks.
              </p>
              {/* Where focus goes when the last segment is deleted (lib/segment-focus.ts). */}
              <Button className="mt-6" onClick={addSegment} disabled={adding} data-segment-focus-fallback>
                <PlusIcon />
                Add the first segment
              </Button>
            </div>
          ) : (
            <div className="grid gap-4">
              <SegmentList
                ref={list}
                segments={segments}
                onChange={cache.put}
                onDelete={arrange.deleted}
                onMove={arrange.moveBy}
                arrange={{
                  onMoveTo: arrange.moveTo,
                  onImagesDropped: arrange.imagesDropped,
                  onImageRemoved: arrange.imageRemoved,
                  rowProps: drag.itemProps,
                  dropGap: drag.gap,
                  onInsert: insertSegment,
                }}
              />
              <button
                type="button"
                onClick={addSegment}
                disabled={adding}
                className="flex w-full items-center justify-center gap-2 rounded-xl border border-dashed border-zinc-300 py-4 text-sm font-medium text-zinc-500 transition-colors hover:border-indigo-400 hover:bg-white hover:text-indigo-600 disabled:opacity-50"
              >
                <PlusIcon className="size-4" />
                Add segment
              </button>
            </div>
          )}
        </section>

        <EditorSidebar segments={segments}>
          <SidebarCard>
            <ProjectVoiceSettings project={project} onSaved={cache.projectSaved} />
          </SidebarCard>
          <SidebarCard>
            <MusicCard project={project} />
          </SidebarCard>
          <SidebarCard>
            <RenderSettingsPanel project={project} onSaved={cache.projectSaved} />
          </SidebarCard>
          <SidebarCard>
            <CaptionsPanel project={project} onSaved={cache.projectSaved} />
          </SidebarCard>
        </EditorSidebar>
      </div>

      {/* No backdrop blur, for the same reason as the app header's. */}
      <footer className="sticky bottom-0 z-20 border-t border-zinc-200 bg-white/95">
        {/* A phone stacks audio above export: side by side, both rows would shrink into each other. */}
        <div className="mx-auto flex w-full max-w-[1400px] flex-col items-stretch gap-3 px-4 py-3 sm:flex-row sm:flex-wrap sm:items-center sm:gap-4 sm:px-6">
          {/* Like the sidebar's panels, a moment after the timeline. */}
          <AfterFirstPaint>
            <GenerateAllAudio
              projectId={projectId}
              onSegmentsCompleted={cache.putAudio}
              onFinished={() => void cache.refresh()}
            />
          </AfterFirstPaint>
          {/* Render controls; the finished video shows above the timeline (VideoPreview). Not
              deferred: it reads the render status with the header's badge, in one request. */}
          <RenderPanel projectId={projectId} segments={segments} className="justify-start sm:ml-auto sm:justify-end" />
        </div>
      </footer>
    </div>
  );
}

/** The header badge as polling last saw the render (mounted once the project's load seeded it). */
function LiveStatusBadge({ project }: { project: Pick<Project, 'id' | 'status' | 'render_error'> }) {
  const render = useProjectRender(project.id);
  return (
    <RenderStatusBadge
      status={liveProjectStatus(render, project.status)}
      error={render.error ?? project.render_error}
    />
  );
}

function EditorSkeleton() {
  return (
    <div
      className="mx-auto grid w-full max-w-[1400px] gap-8 px-6 pt-8 lg:grid-cols-[minmax(0,1fr)_320px]"
      data-testid="editor-loading"
    >
      <div>
        <Skeleton className="h-4 w-20" />
        <Skeleton className="mt-3 h-8 w-72" />
        <Skeleton className="mt-2 h-4 w-24" />
        <div className="mt-8 grid gap-4">
          {[0, 1, 2].map((i) => (
            <div key={i} className="rounded-xl border border-zinc-200 bg-white p-4">
              <div className="grid gap-5 sm:grid-cols-[220px_1fr]">
                <Skeleton className="aspect-video w-full rounded-lg" />
                <div className="grid content-start gap-3">
                  <Skeleton className="h-20 w-full" />
                  <Skeleton className="h-14 w-full" />
                </div>
              </div>
            </div>
          ))}
        </div>
      </div>
      <Skeleton className="hidden h-80 w-full rounded-xl lg:block" />
    </div>
  );
}
