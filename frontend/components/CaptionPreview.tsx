'use client';

import { ImageOffIcon, LoaderCircleIcon } from 'lucide-react';
import { useEffect, useId, useMemo, useState } from 'react';
import { useDebouncedValue } from '@/hooks/use-debounced-value';
import { getSegmentPreviewError, segmentPreviewUrl } from '@/lib/api';
import { firstCaptionSeconds, previewVersion } from '@/lib/caption-preview';
import type { CaptionsSettings, Segment } from '@storyflow/contract';

type CaptionPreviewProps = {
  segments: Segment[];
  /** The settings as shown (including changes still being saved). */
  captions: CaptionsSettings;
  width: number;
  height: number;
  /** How long the settings must rest before a new still is asked for. */
  delayMs: number;
};

/** A still that did not load, and the server's reason once it has been asked. */
type Failure = { url: string; seconds: number; version: string; message: string | null };

/**
 * A still of one segment (its Ken Burns frame with its caption) drawn by the video renderer,
 * `GET /api/segments/{id}/preview.jpg`, for any moment of its narration. Only segments with
 * speech have word timings, so only they are offered.
 */
export function CaptionPreview({ segments, captions, width, height, delayMs }: CaptionPreviewProps) {
  const voiced = useMemo(() => segments.filter((s) => s.audio_file !== null), [segments]);
  const [chosenId, setChosenId] = useState<string | null>(null);
  const segment = voiced.find((s) => s.id === chosenId) ?? voiced[0];
  const [moments, setMoments] = useState<Record<string, number>>({});
  const ids = { segment: useId(), moment: useId(), status: useId() };

  if (!segment) {
    return (
      <p className="rounded-lg border border-dashed border-zinc-300 p-3 text-xs text-zinc-500" data-testid="caption-preview-empty">
        Generate a segment’s speech to preview its captions here.
      </p>
    );
  }

  const duration = Math.max(0.1, Math.floor((segment.audio_duration ?? 0) * 10) / 10);
  const seconds = Math.min(moments[segment.id] ?? firstCaptionSeconds(segment), duration);
  const position = segments.indexOf(segment) + 1;

  return (
    <div className="grid gap-3" data-testid="caption-preview">
      <div className="grid gap-1">
        {/* Beside the select, not around it, so its name is not joined by the chosen option. */}
        <label htmlFor={ids.segment} className="text-sm text-zinc-500">
          Preview segment
        </label>
        <select
          id={ids.segment}
          className="h-9 w-full rounded-md border border-zinc-200 bg-white px-2 text-sm text-zinc-900 shadow-xs focus-visible:outline-2 focus-visible:outline-indigo-500"
          value={segment.id}
          onChange={(e) => setChosenId(e.target.value)}
        >
          {voiced.map((s) => (
            <option key={s.id} value={s.id}>
              {`Segment ${segments.indexOf(s) + 1}: ${excerpt(s.text_content)}`}
            </option>
          ))}
        </select>
      </div>
      <PreviewImage
        // A new segment starts with no picture loaded rather than the last one's.
        key={segment.id}
        segmentId={segment.id}
        seconds={seconds}
        version={previewVersion({ captions, width, height, segment })}
        alt={`Segment ${position} at ${seconds.toFixed(1)} s with its caption`}
        width={width}
        height={height}
        delayMs={delayMs}
      />
      <div className="grid gap-1">
        <div className="flex justify-between text-sm">
          <label htmlFor={ids.moment} className="text-zinc-500">
            Moment in the segment
          </label>
          <span className="tabular-nums text-zinc-500">
            {seconds.toFixed(1)} s / {duration.toFixed(1)} s
          </span>
        </div>
        <input
          id={ids.moment}
          type="range"
          min={0}
          max={duration}
          step={0.1}
          value={seconds}
          onChange={(e) => setMoments((m) => ({ ...m, [segment.id]: Number(e.target.value) }))}
          className="w-full accent-indigo-600"
        />
      </div>
    </div>
  );
}

type PreviewImageProps = {
  segmentId: string;
  seconds: number;
  version: string;
  alt: string;
  width: number;
  height: number;
  delayMs: number;
};

/** Tall frames (9:16) are shown at most this high, so the panel stays short. */
const MAX_PREVIEW_HEIGHT_PX = 360;

/** The still itself: a spinner until it has loaded, the server's reason when it cannot be drawn. */
function PreviewImage({ segmentId, seconds, version, alt, width, height, delayMs }: PreviewImageProps) {
  // Dragging a slider asks for one picture when it rests, not one per step.
  const request = useDebouncedValue(`${seconds}|${version}`, delayMs);
  const [t = '0', v = ''] = request.split('|');
  const url = segmentPreviewUrl(segmentId, Number(t), v);
  const [loadedUrl, setLoadedUrl] = useState<string | null>(null);
  const [failure, setFailure] = useState<Failure | null>(null);
  const failed = failure?.url === url;
  const loading = loadedUrl !== url && !failed;

  useEffect(() => {
    if (!failure || failure.message !== null) return;
    const controller = new AbortController();
    void getSegmentPreviewError(segmentId, failure.seconds, failure.version, { signal: controller.signal }).then((err) => {
      if (err?.aborted) return;
      const message = err?.error ?? 'It did not load. Try again in a moment.';
      setFailure((f) => (f?.url === failure.url ? { ...f, message } : f));
    });
    return () => controller.abort();
  }, [failure, segmentId]);

  const frame = { aspectRatio: `${width} / ${height}`, width: `min(100%, ${Math.round((MAX_PREVIEW_HEIGHT_PX * width) / height)}px)` };
  return (
    <div className="relative mx-auto overflow-hidden rounded-lg bg-zinc-900" style={frame}>
      {!failed && (
        // eslint-disable-next-line @next/next/no-img-element -- a still the API draws on demand, not a static asset for next/image
        <img
          src={url}
          alt={alt}
          className="size-full object-contain"
          onLoad={() => setLoadedUrl(url)}
          onError={() => setFailure({ url, seconds: Number(t), version: v, message: null })}
        />
      )}
      {loading && (
        <div role="status" className="absolute inset-0 flex items-center justify-center gap-2 bg-zinc-900/60 text-xs text-white">
          <LoaderCircleIcon className="size-4 animate-spin" aria-hidden />
          Drawing the preview…
        </div>
      )}
      {failed && (
        <div role="alert" className="absolute inset-0 flex flex-col items-center justify-center gap-2 p-4 text-center text-xs text-zinc-100">
          <ImageOffIcon className="size-5 text-zinc-400" aria-hidden />
          <p>The preview could not be drawn.</p>
          {failure.message !== null && <p className="text-zinc-300">{failure.message}</p>}
        </div>
      )}
    </div>
  );
}

function excerpt(text: string): string {
  const line = text.trim().replace(/\s+/g, ' ');
  return line.length > 40 ? `${line.slice(0, 39)}…` : line || '(no text)';
}
