'use client';

import { AlertTriangleIcon, AudioLinesIcon, RefreshCwIcon, Trash2Icon } from 'lucide-react';
import { memo, useEffect, useRef, useState } from 'react';
import { useTaskStatus } from '@/hooks/use-task-status';
import { AudioPlayer } from '@/components/AudioPlayer';
import { AudioStatusBadge, type AudioState } from '@/components/AudioStatusBadge';
import { Button } from '@/components/ui/button';
import { generateSegmentAudio, getSegment, removeSegmentAudio } from '@/lib/api';
import { toastError } from '@/lib/notify';
import { FINAL_TASK_STATUSES, taskFailureReason } from '@/lib/tasks';
import type { Segment } from '@storyflow/contract';
import { withCacheBust } from '@/lib/utils';

type SegmentAudioProps = {
  segment: Segment;
  /** The narration was edited after this audio was made. */
  outOfSync: boolean;
  /** Saves pending text edits so speech is made from what the user sees. */
  beforeGenerate: () => Promise<void>;
  onSegmentChange: (segment: Segment) => void;
  /** Called with the segment as it was when new audio landed. */
  onAudioGenerated: (segment: Segment) => void;
  pollIntervalMs?: number;
};

type Job = { kind: 'generating'; taskId: string | null } | { kind: 'failed'; reason: string };

/**
 * Generate / Regenerate / Remove speech for one segment, with a player and a status badge.
 * Memoised: the card re-renders as its autosave status moves, this part need not.
 */
export const SegmentAudio = memo(function SegmentAudio({
  segment,
  outOfSync,
  beforeGenerate,
  onSegmentChange,
  onAudioGenerated,
  pollIntervalMs = 1000,
}: SegmentAudioProps) {
  const [job, setJob] = useState<Job | null>(null);
  const [version, setVersion] = useState(0);
  const controller = useRef<AbortController | null>(null);
  const task = useTaskStatus(
    job?.kind === 'generating' ? job.taskId : null,
    pollIntervalMs,
    'Could not generate audio',
  );
  const callbacks = useRef({ onSegmentChange, onAudioGenerated });
  callbacks.current = { onSegmentChange, onAudioGenerated };

  useEffect(() => () => controller.current?.abort(), []);

  const locked = segment.is_locked;
  const hasText = segment.text_content.trim() !== '';
  const generating = job?.kind === 'generating';

  // The task ended: read the segment it changed, or say why it failed.
  const final = generating && task.data && FINAL_TASK_STATUSES.has(task.data.status) ? task.data : null;
  useEffect(() => {
    if (!final) return;
    if (final.status !== 'COMPLETED') {
      setJob({ kind: 'failed', reason: taskFailureReason(final) });
      return;
    }
    const signal = controller.current?.signal;
    getSegment(segment.id, { signal })
      .then((fresh) => {
        setVersion((v) => v + 1);
        setJob(null);
        callbacks.current.onSegmentChange(fresh);
        callbacks.current.onAudioGenerated(fresh);
      })
      .catch((err: unknown) => {
        const apiError = toastError(err, 'Could not generate audio');
        if (!apiError.aborted) setJob({ kind: 'failed', reason: apiError.error });
      });
  }, [final, segment.id]);

  // A failed status read (toasted by the query) ends the wait.
  const readError = generating && task.isError ? task.error.error : null;
  useEffect(() => {
    if (readError !== null) setJob({ kind: 'failed', reason: readError });
  }, [readError]);

  async function generate() {
    controller.current?.abort();
    const ac = new AbortController();
    controller.current = ac;
    setJob({ kind: 'generating', taskId: null });
    try {
      await beforeGenerate();
      const started = await generateSegmentAudio(segment.id, { signal: ac.signal });
      setJob({ kind: 'generating', taskId: started.task_id });
    } catch (err) {
      const apiError = toastError(err, 'Could not generate audio');
      if (!apiError.aborted) setJob({ kind: 'failed', reason: apiError.error });
    }
  }

  async function remove() {
    try {
      const res = await removeSegmentAudio(segment.id);
      setJob(null);
      onSegmentChange({
        ...segment,
        audio_file: res.audio_file,
        audio_duration: res.audio_duration,
        word_timings: null,
      });
    } catch (err) {
      toastError(err, 'Could not remove the audio');
    }
  }

  const state: AudioState = generating
    ? { kind: 'generating' }
    : job?.kind === 'failed'
      ? job
      : segment.audio_file
        ? { kind: 'ready', durationSeconds: segment.audio_duration }
        : { kind: 'none' };

  // The audio URL is the same for every take, so the browser needs a key that changes when the
  // audio does, and only then: a new src reloads the element and stops playback, and
  // updated_at also moves on every text edit and after "Generate all audio" settles.
  // A new take here bumps `version`; one made elsewhere (a voice change) has its own length.
  const src = segment.audio_file
    ? withCacheBust(segment.audio_file, `${segment.audio_duration ?? ''}-${version}`)
    : null;

  return (
    <div className="grid gap-2">
      <div className="flex flex-wrap items-center gap-3">
        <AudioStatusBadge state={state} />
        {/* On narrow cards the player takes its own row below the badge and actions. */}
        {src && !generating && (
          <div className="order-last flex min-w-0 basis-full sm:order-none sm:flex-1 sm:basis-0">
            <AudioPlayer
              src={src}
              durationSeconds={segment.audio_duration}
              label={`segment ${segment.sequence_index + 1}`}
            />
          </div>
        )}
        <div className="ml-auto flex items-center gap-1">
          {segment.audio_file ? (
            <>
              <Button
                size="sm"
                variant="ghost"
                onClick={() => void generate()}
                disabled={locked || generating || !hasText}
              >
                <RefreshCwIcon className={generating ? 'animate-spin' : undefined} />
                Regenerate
              </Button>
              <Button
                size="icon-sm"
                variant="ghost"
                onClick={() => void remove()}
                disabled={locked || generating}
                aria-label="Remove audio"
                title="Remove audio"
              >
                <Trash2Icon />
              </Button>
            </>
          ) : (
            <Button
              size="sm"
              variant="outline"
              onClick={() => void generate()}
              disabled={locked || generating || !hasText}
              title={!hasText ? 'Write the narration first' : undefined}
            >
              <AudioLinesIcon />
              {generating ? 'Generating…' : 'Generate audio'}
            </Button>
          )}
        </div>
      </div>
      {outOfSync && segment.audio_file && !generating && (
        <p role="status" className="flex items-center gap-1.5 text-xs text-amber-700">
          <AlertTriangleIcon className="size-3.5 shrink-0" />
          Text changed — audio may be out of sync. Regenerate to match.
        </p>
      )}
      {!outOfSync && segment.audio_stale && segment.audio_file && !generating && (
        <p role="status" className="flex items-center gap-1.5 text-xs text-amber-700" data-audio-stale>
          <AlertTriangleIcon className="size-3.5 shrink-0" />
          The project&apos;s voice or speed changed. Regenerate to hear it.
        </p>
      )}
    </div>
  );
});
