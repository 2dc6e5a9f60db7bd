'use client';

import { PauseIcon, PlayIcon } from 'lucide-react';
import { useEffect, useId, useRef, useState } from 'react';
import { Button } from '@/components/ui/button';
import { seekTargetForKey } from '@/lib/keyboard';
import { usePlaybackStore } from '@/lib/stores';
import { formatDuration } from '@/lib/utils';

type AudioPlayerProps = {
  src: string;
  /** Known duration (from the API) shown before the file's metadata has loaded. */
  durationSeconds?: number | null;
  label?: string;
};

/**
 * A compact player: play/pause, a seek bar and `m:ss / m:ss`. Nothing is fetched until it
 * plays (`preload="none"`: a 500-segment story must not download 500 WAVs on open), and
 * starting it pauses whichever other player was playing.
 */
export function AudioPlayer({ src, durationSeconds, label = 'narration' }: AudioPlayerProps) {
  const audioRef = useRef<HTMLAudioElement>(null);
  const [playing, setPlaying] = useState(false);
  const [current, setCurrent] = useState(0);
  const [duration, setDuration] = useState<number>(durationSeconds ?? 0);
  const playerId = useId();
  const anotherPlays = usePlaybackStore((state) => state.playing !== null && state.playing !== playerId);
  const started = usePlaybackStore((state) => state.started);
  const stopped = usePlaybackStore((state) => state.stopped);

  useEffect(() => {
    if (anotherPlays) audioRef.current?.pause();
  }, [anotherPlays]);
  // A card scrolled out of the list unmounts while playing: its claim must not outlive it.
  useEffect(() => () => stopped(playerId), [stopped, playerId]);

  useEffect(() => {
    setPlaying(false);
    setCurrent(0);
  }, [src]);

  useEffect(() => {
    if (durationSeconds != null) setDuration(durationSeconds);
  }, [durationSeconds]);

  function toggle() {
    const audio = audioRef.current;
    if (!audio) return;
    if (audio.paused) {
      audio.play().catch(() => setPlaying(false));
    } else {
      audio.pause();
    }
  }

  function seek(value: number) {
    const audio = audioRef.current;
    if (!audio) return;
    audio.currentTime = value;
    setCurrent(value);
  }

  const max = duration > 0 ? duration : 0;
  const percent = max > 0 ? Math.min(100, (current / max) * 100) : 0;

  return (
    <div className="flex min-w-0 flex-1 items-center gap-3" data-slot="audio-player">
      <audio
        ref={audioRef}
        src={src}
        preload="none"
        onPlay={() => {
          setPlaying(true);
          started(playerId);
        }}
        onPause={() => {
          setPlaying(false);
          stopped(playerId);
        }}
        onEnded={() => {
          setPlaying(false);
          stopped(playerId);
        }}
        onTimeUpdate={(e) => setCurrent(e.currentTarget.currentTime)}
        onLoadedMetadata={(e) => {
          const d = e.currentTarget.duration;
          if (Number.isFinite(d) && d > 0) setDuration(d);
        }}
      />
      <Button
        variant="secondary"
        size="icon-sm"
        className="rounded-full"
        onClick={toggle}
        aria-label={playing ? `Pause ${label}` : `Play ${label}`}
      >
        {playing ? <PauseIcon /> : <PlayIcon className="translate-x-px" />}
      </Button>
      <input
        type="range"
        min={0}
        max={max || 1}
        step={0.01}
        value={Math.min(current, max || 1)}
        onChange={(e) => seek(Number(e.target.value))}
        // The native step (0.01 s, for smooth dragging) would make arrow keys useless: a key moves whole seconds.
        onKeyDown={(e) => {
          const target = seekTargetForKey(e.key, current, max);
          if (target === null) return;
          e.preventDefault();
          seek(target);
        }}
        aria-label={`Seek ${label}`}
        aria-valuetext={`${formatDuration(current)} of ${formatDuration(max)}`}
        className="sf-range h-1.5 min-w-0 flex-1 cursor-pointer appearance-none rounded-full bg-zinc-200"
        style={{ background: `linear-gradient(to right, var(--color-indigo-500) ${percent}%, var(--color-zinc-200) ${percent}%)` }}
      />
      <span className="shrink-0 text-xs tabular-nums text-zinc-500">
        {formatDuration(current)} / {formatDuration(max)}
      </span>
    </div>
  );
}
