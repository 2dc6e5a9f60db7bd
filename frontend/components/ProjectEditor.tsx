'use client';

import { ArrowLeftIcon, FileTextIcon, PlusIcon } from 'lucide-react';
import Link from 'next/link';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { toast } from 'sonner';
import { DraftPreview } from '@/components/DraftPreview';
import { EditorSidebar } from '@/components/EditorSidebar';
import { MusicCard } from '@/components/MusicCard';
import { ProjectVoiceSettings } from '@/components/ProjectVoiceSettings';
import { GenerateAllAudio } from '@/components/GenerateAllAudio';
import { ImportStoryDialog } from '@/components/ImportStoryDialog';
import { LoadError } from '@/components/LoadError';
import { RenderOutdatedNotice } from '@/components/RenderOutdatedNotice';
import { RenderPanel } from '@/components/RenderPanel';
import { RenderSettingsPanel } from '@/components/RenderSettingsPanel';
import { RenderStatusBadge } from '@/components/RenderStatusBadge';
import { SegmentCard } from '@/components/SegmentCard';
import { VideoPreview } from '@/components/VideoPreview';
import { Button } from '@/components/ui/button';
import { Skeleton } from '@/components/ui/skeleton';
import { createSegment, getProject, listSegments, reorderSegments, toApiError } from '@/lib/api';
import { toastError } from '@/lib/notify';
import { liveProjectStatus, useProjectRender } from '@/lib/stores';
import type { Project, Segment, TaskCompletedSegment } from '@storyflow/contract';

type ProjectEditorProps = { projectId: string };

type LoadState = { kind: 'loading' } | { kind: 'not-found' } | { kind: 'error'; message: string } | { kind: 'ready' };

const reindex = (list: Segment[]) =>
  list.map((s, i) => (s.sequence_index === i ? s : { ...s, sequence_index: i }));

/** The editor: header, timeline of segments, sidebar settings and the footer actions. */
export function ProjectEditor({ projectId }: ProjectEditorProps) {
  const [load, setLoad] = useState<LoadState>({ kind: 'loading' });
  const [project, setProject] = useState<Project | null>(null);
  const [segments, setSegments] = useState<Segment[]>([]);
  const [adding, setAdding] = useState(false);
  const [reloadKey, setReloadKey] = useState(0);
  // What the browser learned about the render since loading (polling), for the header badge.
  const liveRender = useProjectRender(projectId);
  const segmentsRef = useRef(segments);
  segmentsRef.current = segments;

  useEffect(() => {
    const controller = new AbortController();
    setLoad({ kind: 'loading' });
    getProject(projectId, { signal: controller.signal })
      .then(({ segments: list, ...rest }) => {
        setProject(rest);
        setSegments([...list].sort((a, b) => a.sequence_index - b.sequence_index));
        setLoad({ kind: 'ready' });
      })
      .catch((err: unknown) => {
        const apiError = toApiError(err);
        if (apiError.aborted) return;
        if (apiError.status === 404) {
          setLoad({ kind: 'not-found' });
          return;
        }
        toastError(apiError, 'Could not load the project');
        setLoad({ kind: 'error', message: apiError.error });
      });
    return () => controller.abort();
  }, [projectId, reloadKey]);

  // Stable callbacks: each SegmentCard re-renders only when its own segment changes.
  const updateSegmentInList = useCallback((next: Segment) => {
    setSegments((list) =>
      list.map((s) => (s.id === next.id ? { ...next, sequence_index: s.sequence_index } : s)),
    );
  }, []);

  // A new voice or speed marks audio stale on the server: take only those flags from it,
  // so text being typed in a card is not replaced.
  const projectVoiceSaved = useCallback(
    (next: Project) => {
      setProject(next);
      getProject(projectId).then(
        ({ segments: fresh }) => {
          const stale = new Map(fresh.map((s) => [s.id, s.audio_stale]));
          setSegments((list) => list.map((s) => ({ ...s, audio_stale: stale.get(s.id) ?? s.audio_stale })));
        },
        (err: unknown) => toastError(err, 'Could not refresh the segments'),
      );
    },
    [projectId],
  );

  // The project's own cards in the sidebar, memoised so the memo'd sidebar re-renders
  // only when the project itself changes.
  const projectCards = useMemo(
    () =>
      project && (
        <>
          <div className="rounded-xl border border-zinc-200 bg-white p-5 shadow-xs">
            <ProjectVoiceSettings project={project} onSaved={projectVoiceSaved} />
          </div>
          <div className="rounded-xl border border-zinc-200 bg-white p-5 shadow-xs">
            <MusicCard project={project} />
          </div>
          <div className="rounded-xl border border-zinc-200 bg-white p-5 shadow-xs">
            <RenderSettingsPanel project={project} onSaved={setProject} />
          </div>
        </>
      ),
    [project, projectVoiceSaved],
  );

  const removeSegmentFromList = useCallback((id: string) => {
    setSegments((list) => reindex(list.filter((s) => s.id !== id)));
  }, []);

  const moveSegment = useCallback(
    (id: string, direction: -1 | 1) => {
      const before = segmentsRef.current;
      const from = before.findIndex((s) => s.id === id);
      const to = from + direction;
      if (from < 0 || to < 0 || to >= before.length) return;
      const next = [...before];
      const [moved] = next.splice(from, 1);
      if (!moved) return;
      next.splice(to, 0, moved);
      setSegments(reindex(next));
      reorderSegments(
        projectId,
        next.map((s) => s.id),
      ).catch((err: unknown) => {
        setSegments(before);
        toastError(err, 'Could not reorder');
      });
    },
    [projectId],
  );

  const applyBatchAudio = useCallback((done: TaskCompletedSegment[]) => {
    const byId = new Map(done.map((d) => [d.segment_id, d]));
    setSegments((list) =>
      list.map((s) => {
        const d = byId.get(s.id);
        return d ? { ...s, audio_file: d.audio_url, audio_duration: d.duration } : s;
      }),
    );
  }, []);

  const refreshSegments = useCallback(async () => {
    try {
      const all: Segment[] = [];
      for (let page = 1; page < 1000; page += 1) {
        const data = await listSegments(projectId, { page });
        all.push(...data.results);
        if (!data.next) break;
      }
      // Keep object identity for unchanged segments so their cards do not re-render.
      setSegments((list) => {
        const current = new Map(list.map((s) => [s.id, s]));
        return all
          .sort((a, b) => a.sequence_index - b.sequence_index)
          .map((s) => {
            const old = current.get(s.id);
            return old && old.audio_file === s.audio_file && old.audio_duration === s.audio_duration ? old : s;
          });
      });
    } catch (err) {
      toastError(err, 'Could not refresh the segments');
    }
  }, [projectId]);

  async function addSegment() {
    setAdding(true);
    try {
      const created = await createSegment({ project: projectId });
      setSegments((list) => [...list, created]);
      requestAnimationFrame(() => {
        const el = document.querySelector<HTMLTextAreaElement>(`[data-segment-id="${created.id}"] textarea`);
        el?.scrollIntoView({ behavior: 'smooth', block: 'center' });
        el?.focus({ preventScroll: true });
      });
    } catch (err) {
      toastError(err, 'Could not add a segment');
    } finally {
      setAdding(false);
    }
  }

  if (load.kind === 'not-found') {
    return (
      <div className="mx-auto flex max-w-md flex-col items-center px-6 py-24 text-center" data-testid="project-not-found">
        <p className="text-sm font-semibold text-indigo-600">404</p>
        <h1 className="mt-2 text-2xl font-semibold tracking-tight">Project not found</h1>
        <p className="mt-2 text-sm text-zinc-500">It may have been deleted, or the link is wrong.</p>
        <Button asChild className="mt-8">
          <Link href="/">
            <ArrowLeftIcon />
            Back to projects
          </Link>
        </Button>
      </div>
    );
  }

  if (load.kind === 'error') {
    return (
      <LoadError
        title="Could not open this project"
        message={load.message}
        onRetry={() => setReloadKey((k) => k + 1)}
        className="mx-auto max-w-md py-24"
      />
    );
  }

  if (load.kind === 'loading' || !project) return <EditorSkeleton />;

  return (
    <div className="flex min-h-[calc(100vh-3.5rem)] flex-col">
      <div className="mx-auto grid w-full max-w-[1400px] flex-1 gap-8 px-6 pb-10 pt-8 lg:grid-cols-[minmax(0,1fr)_320px]">
        <section aria-labelledby="editor-title" className="min-w-0">
          <div className="mb-6 flex flex-wrap items-start justify-between gap-4">
            <div className="min-w-0">
              <Link href="/" className="inline-flex items-center gap-1 text-sm text-zinc-500 hover:text-zinc-800">
                <ArrowLeftIcon className="size-3.5" /> Projects
              </Link>
              <div className="mt-1 flex flex-wrap items-center gap-3">
                <h1 id="editor-title" className="truncate text-2xl font-semibold tracking-tight text-zinc-900">
                  {project.title}
                </h1>
                <RenderStatusBadge
                  status={liveProjectStatus(liveRender, project.status)}
                  error={liveRender.error ?? project.render_error}
                />
              </div>
              <p className="mt-1 text-sm text-zinc-500">
                {segments.length} {segments.length === 1 ? 'segment' : 'segments'}
              </p>
            </div>
            <div className="flex gap-2">
              <ImportStoryDialog
                mode="append"
                projectId={projectId}
                onImported={(list) => {
                  const added = list.length - segmentsRef.current.length;
                  setSegments([...list].sort((a, b) => a.sequence_index - b.sequence_index));
                  toast.success(`Added ${added} ${added === 1 ? 'segment' : 'segments'}`);
                }}
                trigger={
                  <Button variant="outline">
                    <FileTextIcon />
                    Import more
                  </Button>
                }
              />
              <Button onClick={() => void addSegment()} disabled={adding}>
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
              <Button className="mt-6" onClick={() => void addSegment()} disabled={adding}>
                <PlusIcon />
                Add the first segment
              </Button>
            </div>
          ) : (
            <ol className="grid gap-4" aria-label="Timeline">
              {segments.map((segment, index) => (
                <li key={segment.id}>
                  <SegmentCard
                    segment={segment}
                    position={index + 1}
                    isFirst={index === 0}
                    isLast={index === segments.length - 1}
                    onChange={updateSegmentInList}
                    onDelete={removeSegmentFromList}
                    onMove={moveSegment}
                  />
                </li>
              ))}
              <li>
                <button
                  type="button"
                  onClick={() => void addSegment()}
                  disabled={adding}
                  className="flex w-full items-center justify-center gap-2 rounded-xl border border-dashed border-zinc-300 py-4 text-sm font-medium text-zinc-500 transition-colors hover:border-indigo-400 hover:bg-white hover:text-indigo-600 disabled:opacity-50"
                >
                  <PlusIcon className="size-4" />
                  Add segment
                </button>
              </li>
            </ol>
          )}
        </section>

        <EditorSidebar segments={segments}>{projectCards}</EditorSidebar>
      </div>

      <footer className="sticky bottom-0 z-20 border-t border-zinc-200 bg-white/90 backdrop-blur">
        <div className="mx-auto flex w-full max-w-[1400px] flex-wrap items-center gap-4 px-6 py-3">
          <GenerateAllAudio
            projectId={projectId}
            onSegmentsCompleted={applyBatchAudio}
            onFinished={() => void refreshSegments()}
          />
          {/* Render controls; the finished video shows above the timeline (VideoPreview). */}
          <RenderPanel project={project} segments={segments} className="ml-auto" />
        </div>
      </footer>
    </div>
  );
}

function EditorSkeleton() {
  return (
    <div className="mx-auto grid w-full max-w-[1400px] gap-8 px-6 pt-8 lg:grid-cols-[minmax(0,1fr)_320px]" data-testid="editor-loading">
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
