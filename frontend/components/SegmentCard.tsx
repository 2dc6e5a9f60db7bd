'use client';

import {
  ArrowDownIcon,
  ArrowUpIcon,
  CheckIcon,
  LoaderCircleIcon,
  LockIcon,
  LockOpenIcon,
  Trash2Icon,
} from 'lucide-react';
import dynamic from 'next/dynamic';
import { memo, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { ImageDropZone } from '@/components/ImageDropZone';
import { SegmentArrangeControls } from '@/components/SegmentArrangeControls';
import { SegmentMotion } from '@/components/SegmentMotion';
import { SegmentAudio } from '@/components/SegmentAudio';
import { NarrationField, PromptField } from '@/components/SegmentTextFields';
import { Button } from '@/components/ui/button';
import { Tooltip, TooltipContent, TooltipTrigger } from '@/components/ui/tooltip';
import { useSegmentAutosave, type SaveStatus } from '@/hooks/use-segment-autosave';
import { deleteSegment, removeSegmentImage, segmentThumbnailUrl, updateSegment, uploadSegmentImage } from '@/lib/api';
import { toastError } from '@/lib/notify';
import { focusSegmentCard, neighbourSegmentId } from '@/lib/segment-focus';
import { useAudioBaseText, useAudioTextStore } from '@/lib/stores';
import type { Segment } from '@storyflow/contract';
import { cn } from '@/lib/utils';
import { toast } from 'sonner';

// Asked only when Delete is pressed: the dialog's code is loaded then, not with the editor (issue 14).
const ConfirmDialog = dynamic(() => import('@/components/ConfirmDialog').then((m) => m.ConfirmDialog), {
  loading: () => null,
});

type SegmentCardProps = {
  segment: Segment;
  /** 1-based place in the timeline. */
  position: number;
  isFirst: boolean;
  isLast: boolean;
  onChange: (segment: Segment) => void;
  onDelete: (segmentId: string) => void;
  onMove: (segmentId: string, direction: -1 | 1) => void;
  /** Arranging (SPEC §7.8), all optional: without them the card shows no handle and takes one image at a time. */
  total?: number;
  onMoveTo?: (segmentId: string, position: number) => void;
  onImagesDropped?: (segmentId: string, files: File[]) => void;
  onImageRemoved?: (segmentId: string) => void;
  autosaveDelayMs?: number;
  pollIntervalMs?: number;
};

/**
 * One segment of the timeline: narration (autosaved), image, prompt, lock, order, delete
 * and speech. Memoised: the editor passes stable callbacks, so typing in one card does not
 * re-render the others; and the text boxes hold what is typed themselves, so a keystroke
 * does not re-render this card either (SegmentTextFields.tsx).
 */
export const SegmentCard = memo(function SegmentCard({
  segment,
  position,
  isFirst,
  isLast,
  onChange,
  onDelete,
  onMove,
  total,
  onMoveTo,
  onImagesDropped,
  onImageRemoved,
  autosaveDelayMs,
  pollIntervalMs,
}: SegmentCardProps) {
  // Without a remembered text, the audio matches the narration as it was when the card opened.
  const [openingText] = useState(segment.text_content);
  const audioBaseText = useAudioBaseText(segment.id, openingText);
  const rememberAudioText = useAudioTextStore((state) => state.rememberAudioText);
  const [uploading, setUploading] = useState(false);
  const [imageVersion, setImageVersion] = useState(0);
  const [lockBusy, setLockBusy] = useState(false);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [outOfSync, setOutOfSync] = useState(false);
  const autosave = useSegmentAutosave(segment.id, onChange, autosaveDelayMs);
  const { queue, flush, hasPending } = autosave;
  // One object for both boxes, the same from render to render, so they stay memoised.
  const fieldAutosave = useMemo(() => ({ queue, flush, hasPending }), [queue, flush, hasPending]);
  const locked = segment.is_locked;

  // Audio made elsewhere (Generate All) matches the text the server had at that moment.
  const lastAudio = useRef(`${segment.audio_file}|${segment.audio_duration}`);
  useEffect(() => {
    const key = `${segment.audio_file}|${segment.audio_duration}`;
    if (key === lastAudio.current) return;
    lastAudio.current = key;
    rememberAudioText(segment.id, segment.audio_file ? segment.text_content : null);
  }, [segment.audio_file, segment.audio_duration, segment.text_content, segment.id, rememberAudioText]);

  const onAudioGenerated = useCallback(
    (fresh: Segment) => {
      lastAudio.current = `${fresh.audio_file}|${fresh.audio_duration}`;
      rememberAudioText(fresh.id, fresh.text_content);
    },
    [rememberAudioText],
  );

  async function toggleLock() {
    // The button stays enabled while busy: disabling it would drop focus to the page body.
    if (lockBusy) return;
    setLockBusy(true);
    try {
      await autosave.flush();
      onChange(await updateSegment(segment.id, { is_locked: !locked }));
    } catch (err) {
      toastError(err, locked ? 'Could not unlock the segment' : 'Could not lock the segment');
    } finally {
      setLockBusy(false);
    }
  }

  async function upload(file: File) {
    setUploading(true);
    try {
      const res = await uploadSegmentImage(segment.id, file);
      setImageVersion((v) => v + 1);
      onChange({ ...segment, image_file: res.image_file });
    } catch (err) {
      toastError(err, 'Could not upload the image');
    } finally {
      setUploading(false);
    }
  }

  async function removeImage() {
    try {
      const res = await removeSegmentImage(segment.id);
      onChange({ ...segment, image_file: res.image_file });
      onImageRemoved?.(segment.id);
    } catch (err) {
      toastError(err, 'Could not remove the image');
    }
  }

  async function remove() {
    setConfirmDelete(false);
    try {
      await deleteSegment(segment.id);
      rememberAudioText(segment.id, null);
      const neighbour = neighbourSegmentId(segment.id);
      onDelete(segment.id);
      // Focus was on this card's Delete button, which is about to go.
      requestAnimationFrame(() => focusSegmentCard(neighbour));
    } catch (err) {
      toastError(err, 'Could not delete the segment');
    }
  }

  // The server's thumbnail, not the original: 500 full-size pictures would not fit a story's timeline.
  const imageUrl = segment.image_file ? segmentThumbnailUrl(segment.id, `${segment.image_file.split('/').pop()}-${imageVersion}`) : null;

  return (
    <article
      data-testid="segment-card"
      data-segment-id={segment.id}
      aria-label={`Segment ${position}`}
      tabIndex={-1}
      className={cn(
        'rounded-xl border bg-white shadow-xs outline-none transition-colors focus-visible:ring-2 focus-visible:ring-indigo-600',
        locked ? 'border-zinc-200 bg-zinc-50/60' : 'border-zinc-200 hover:border-zinc-300',
      )}
    >
      <header className="flex items-center gap-2 border-b border-zinc-100 px-4 py-2.5">
        {onMoveTo && total !== undefined && (
          <SegmentArrangeControls segmentId={segment.id} position={position} total={total} onMoveTo={onMoveTo} />
        )}
        <span className="flex h-6 min-w-6 items-center justify-center rounded-md bg-zinc-100 px-1.5 text-xs font-semibold tabular-nums text-zinc-600">
          {position}
        </span>
        {locked && (
          <span className="inline-flex items-center gap-1 text-xs font-medium text-zinc-500">
            <LockIcon className="size-3" /> Locked
          </span>
        )}
        <SaveIndicator status={autosave.status} />
        <div className="ml-auto flex items-center gap-0.5">
          <IconAction label={locked ? 'Unlock segment' : 'Lock segment'} onClick={() => void toggleLock()} busy={lockBusy} pressed={locked}>
            {locked ? <LockIcon /> : <LockOpenIcon />}
          </IconAction>
          <IconAction label="Move up" onClick={() => onMove(segment.id, -1)} disabled={isFirst}>
            <ArrowUpIcon />
          </IconAction>
          <IconAction label="Move down" onClick={() => onMove(segment.id, 1)} disabled={isLast}>
            <ArrowDownIcon />
          </IconAction>
          <IconAction label="Delete segment" onClick={() => setConfirmDelete(true)} disabled={locked} destructive>
            <Trash2Icon />
          </IconAction>
        </div>
      </header>

      <div className="grid gap-5 p-4 sm:grid-cols-[minmax(0,220px)_minmax(0,1fr)]">
        <ImageDropZone
          imageUrl={imageUrl}
          disabled={locked}
          uploading={uploading}
          onFile={(file) => void upload(file)}
          onFiles={onImagesDropped && ((files) => onImagesDropped(segment.id, files))}
          onRejected={(message) => toast.error(message)}
          onRemove={() => void removeImage()}
        />
        <div className="grid content-start gap-3">
          <NarrationField
            serverText={segment.text_content}
            disabled={locked}
            autosave={fieldAutosave}
            audioText={segment.audio_file !== null ? audioBaseText : null}
            onOutOfSyncChange={setOutOfSync}
          />
          <PromptField serverText={segment.image_prompt} disabled={locked} autosave={fieldAutosave} />
          <SegmentMotion segment={segment} imageUrl={imageUrl} onChange={onChange} />
        </div>
      </div>

      <footer className="border-t border-zinc-100 px-4 py-3">
        <SegmentAudio
          segment={segment}
          outOfSync={outOfSync}
          beforeGenerate={autosave.flush}
          onSegmentChange={onChange}
          onAudioGenerated={onAudioGenerated}
          pollIntervalMs={pollIntervalMs}
        />
      </footer>

      {confirmDelete && (
        <ConfirmDialog
          open
          onOpenChange={setConfirmDelete}
          title={`Delete segment ${position}?`}
          description="Its narration, image and audio are removed. You can undo this right after."
          confirmLabel="Delete segment"
          onConfirm={() => void remove()}
        />
      )}
    </article>
  );
});

function SaveIndicator({ status }: { status: SaveStatus }) {
  if (status === 'idle') return null;
  const content = {
    pending: <span className="text-zinc-500">Editing…</span>,
    saving: (
      <span className="inline-flex items-center gap-1 text-zinc-500">
        <LoaderCircleIcon className="size-3 animate-spin" /> Saving…
      </span>
    ),
    saved: (
      <span className="inline-flex items-center gap-1 text-emerald-600">
        <CheckIcon className="size-3" /> Saved
      </span>
    ),
    retrying: <span className="text-amber-700">Not saved — retrying…</span>,
    error: <span className="text-red-600">Not saved</span>,
  }[status];
  return (
    <span role="status" aria-live="polite" className="text-xs" data-save-status={status}>
      {content}
    </span>
  );
}

type IconActionProps = {
  label: string;
  onClick: () => void;
  disabled?: boolean;
  /** Working on it: announced, and clicks are ignored by the caller, but focus stays. */
  busy?: boolean;
  pressed?: boolean;
  destructive?: boolean;
  children: React.ReactNode;
};

function IconAction({ label, onClick, disabled, busy, pressed, destructive, children }: IconActionProps) {
  return (
    <Tooltip>
      <TooltipTrigger asChild>
        <Button
          variant="ghost"
          size="icon-sm"
          aria-label={label}
          aria-pressed={pressed}
          aria-busy={busy || undefined}
          onClick={onClick}
          disabled={disabled}
          className={cn(
            'size-7 text-zinc-400 hover:text-zinc-700',
            pressed && 'bg-zinc-200/70 text-zinc-700',
            destructive && 'hover:bg-red-50 hover:text-red-600',
          )}
        >
          {children}
        </Button>
      </TooltipTrigger>
      <TooltipContent>{label}</TooltipContent>
    </Tooltip>
  );
}
