'use client';

import { Download } from 'lucide-react';
import { useEffect, useRef, useState } from 'react';
import { Button } from '@/components/ui/button';
import { useProjectRender } from '@/hooks/use-render';
import { DOWNLOAD_FILE_NAME } from '@/lib/download';
import { shownVideo } from '@/lib/render-state';
import { cn, formatDateTime, formatDuration, formatFileSize, withCacheBust } from '@/lib/utils';

type VideoPreviewProps = {
  projectId: string;
  className?: string;
};

/** The anchor the dashboard's "Watch" action links to (`/projects/{id}#preview`). */
export const PREVIEW_ANCHOR = 'preview';

type MediaFacts = { durationSeconds: number; width: number; height: number };

/**
 * The finished video: a native player, its duration, size, resolution and frame rate, and a
 * Download link that saves final.mp4. Shown once the render is COMPLETED, and while a
 * re-render runs (the old file stays until the new one is complete).
 */
export function VideoPreview({ projectId, className }: VideoPreviewProps) {
  const render = useProjectRender(projectId);
  const sectionRef = useRef<HTMLElement>(null);
  const [mediaFacts, setMediaFacts] = useState<MediaFacts | null>(null);
  const video = shownVideo(render);
  const src = video ? (video.version ? withCacheBust(video.url, video.version) : video.url) : null;

  // The page arrives at #preview from the dashboard's Watch action, but the section only exists
  // after the store has caught up, so the browser's own jump to the fragment has already happened.
  useEffect(() => {
    if (!src || window.location.hash !== `#${PREVIEW_ANCHOR}`) return;
    sectionRef.current?.scrollIntoView?.({ behavior: 'smooth', block: 'start' });
  }, [src]);

  if (!video || !src) return null;

  const output = video.output;
  // Until GET /status/ has answered, the player's own metadata fills in what it can.
  const duration = output?.duration_seconds ?? mediaFacts?.durationSeconds ?? null;
  const width = output?.width ?? mediaFacts?.width ?? null;
  const height = output?.height ?? mediaFacts?.height ?? null;
  // Caption files are rewritten with each render: the video's version keeps them in step.
  const captions = output?.captions ?? null;
  const captionUrl = (url: string) => (video.version ? withCacheBust(url, video.version) : url);

  return (
    <section
      ref={sectionRef}
      id={PREVIEW_ANCHOR}
      aria-label="Video preview"
      data-slot="video-preview"
      // scroll-mt clears the sticky app header when the page jumps to #preview.
      className={cn('scroll-mt-20 overflow-hidden rounded-xl border border-zinc-200 bg-white shadow-xs', className)}
    >
      <div className="flex flex-wrap items-center justify-between gap-3 px-4 py-3">
        <div className="min-w-0">
          <h2 className="text-sm font-semibold text-zinc-900">{video.previous ? 'Previous video' : 'Your video'}</h2>
          {video.previous && (
            <p className="text-xs text-zinc-500">Stays here until the new render is complete.</p>
          )}
          {output?.rendered_at && (
            <p className="text-xs text-zinc-500">Rendered {formatDateTime(output.rendered_at)}</p>
          )}
        </div>
        <div className="flex flex-wrap gap-2">
          <Button asChild variant="outline" size="sm">
            <a href={src} download={DOWNLOAD_FILE_NAME}>
              <Download aria-hidden="true" />
              Download
            </a>
          </Button>
          {captions && (
            <>
              <Button asChild variant="outline" size="sm">
                <a href={captionUrl(captions.srt_url)} download="final.srt">
                  <Download aria-hidden="true" />
                  Download SRT
                </a>
              </Button>
              <Button asChild variant="outline" size="sm">
                <a href={captionUrl(captions.vtt_url)} download="final.vtt">
                  <Download aria-hidden="true" />
                  Download VTT
                </a>
              </Button>
            </>
          )}
        </div>
      </div>
      {captions && captions.skipped_segments.length > 0 && (
        <p className="px-4 pb-2 text-xs text-amber-700">
          {captions.skipped_segments.length === 1
            ? `No captions for segment ${captions.skipped_segments[0]}: its words could not be matched to its audio (it has no text, or the audio could not be read). Regenerate its audio to caption it.`
            : `No captions for segments ${captions.skipped_segments.join(', ')}: their words could not be matched to their audio (no text, or the audio could not be read). Regenerate it to caption them.`}
        </p>
      )}
      <video
        // A new version is a new file: remount so the player drops the old one's buffer. The
        // previous video is a new element that loads nothing until played, so it holds no
        // connection the status polling needs while the new one renders.
        key={`${src}${video.previous ? '#previous' : ''}`}
        src={src}
        controls
        preload={video.previous ? 'none' : 'metadata'}
        playsInline
        className="aspect-video max-h-[60vh] w-full bg-black object-contain"
        onLoadedMetadata={(e) => {
          const video = e.currentTarget;
          setMediaFacts({ durationSeconds: video.duration, width: video.videoWidth, height: video.videoHeight });
        }}
      >
        {captions && <track kind="captions" src={captionUrl(captions.vtt_url)} srcLang="en" label="Captions" default />}
        Your browser cannot play this video. Use Download to save it.
      </video>
      <div className="px-4 py-3">
        <dl className="grid grid-cols-2 gap-x-6 gap-y-1 text-sm sm:flex sm:flex-wrap">
          <Fact label="Duration" value={duration != null ? formatDuration(duration) : '–'} />
          <Fact label="File size" value={output ? formatFileSize(output.file_size_bytes) : '–'} />
          <Fact label="Resolution" value={width && height ? `${width}×${height}` : '–'} />
          <Fact label="Frame rate" value={output ? `${output.fps} fps` : '–'} />
        </dl>
      </div>
    </section>
  );
}

function Fact({ label, value }: { label: string; value: string }) {
  return (
    <div className="flex gap-1.5">
      <dt className="text-zinc-500">{label}</dt>
      <dd className="font-medium tabular-nums text-zinc-900">{value}</dd>
    </div>
  );
}
