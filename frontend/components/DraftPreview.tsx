'use client';

import { EyeIcon, LoaderCircleIcon } from 'lucide-react';
import { useEffect, useRef, useState } from 'react';
import { toast } from 'sonner';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { getProject, getTaskStatus, startPreview } from '@/lib/api';
import { toastError } from '@/lib/notify';
import type { Project } from '@storyflow/contract';

type DraftPreviewProps = {
  project: Pick<Project, 'id' | 'preview_url' | 'preview'>;
  pollIntervalMs?: number;
};

/**
 * Quick preview (SPEC §7.1): a draft render into preview.mp4, which never replaces the
 * exported video, shown in its own player with a "Draft" label.
 */
export function DraftPreview({ project, pollIntervalMs = 1000 }: DraftPreviewProps) {
  const [preview, setPreview] = useState({ url: project.preview_url, facts: project.preview });
  const [percentage, setPercentage] = useState<number | null>(null);
  const stopped = useRef(new AbortController());

  useEffect(() => {
    const controller = new AbortController();
    stopped.current = controller;
    return () => controller.abort();
  }, [project.id]);

  async function make() {
    const { signal } = stopped.current;
    try {
      const { task_id } = await startPreview(project.id, { signal });
      setPercentage(0);
      for (;;) {
        const task = await getTaskStatus(task_id, { signal });
        if (task.status === 'COMPLETED') break;
        if (task.status === 'FAILED' || task.status === 'CANCELLED') {
          toast.error(`The draft preview failed: ${task.errors.at(-1)?.error ?? 'unknown error'}`);
          return;
        }
        setPercentage(task.progress.percentage);
        await new Promise((resolve) => setTimeout(resolve, pollIntervalMs));
      }
      const fresh = await getProject(project.id, { signal });
      setPreview({ url: fresh.preview_url, facts: fresh.preview });
    } catch (err) {
      toastError(err, 'Could not make a draft preview');
    } finally {
      if (!signal.aborted) setPercentage(null);
    }
  }

  const busy = percentage !== null;
  return (
    <section aria-label="Draft preview" data-testid="draft-preview" className="grid gap-3">
      <div className="flex flex-wrap items-center gap-3">
        <Button variant="outline" size="sm" disabled={busy} onClick={() => void make()}>
          {busy ? <LoaderCircleIcon className="animate-spin" /> : <EyeIcon />}
          {busy ? `Making draft preview… ${percentage}%` : 'Draft preview'}
        </Button>
        <span className="text-xs text-zinc-500">Fast, half-size render; your exported video stays as it is.</span>
      </div>
      {preview.url && (
        <figure className="relative overflow-hidden rounded-xl border border-zinc-200 bg-black">
          <Badge variant="warning" className="absolute left-3 top-3 z-10">
            Draft
          </Badge>
          <video key={preview.url} src={preview.url} controls className="mx-auto max-h-80" data-testid="draft-video" />
          {preview.facts && (
            <figcaption className="bg-white px-3 py-2 text-xs text-zinc-500">
              Draft · {preview.facts.width}×{preview.facts.height} · {preview.facts.duration_seconds.toFixed(1)} s
            </figcaption>
          )}
        </figure>
      )}
    </section>
  );
}
