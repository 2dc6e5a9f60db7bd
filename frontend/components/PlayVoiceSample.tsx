'use client';

import { LoaderCircleIcon, PlayIcon, SquareIcon } from 'lucide-react';
import { useEffect, useRef, useState } from 'react';
import { Button } from '@/components/ui/button';
import { toast } from 'sonner';
import { voiceSampleUrl } from '@/lib/voices-api';

type PlayVoiceSampleProps = { voiceId: string; voiceName: string };

/** "Play sample": a short sentence in the voice (synthesised once by the server, then cached). */
export function PlayVoiceSample({ voiceId, voiceName }: PlayVoiceSampleProps) {
  const [state, setState] = useState<'idle' | 'loading' | 'playing'>('idle');
  const audio = useRef<HTMLAudioElement | null>(null);

  // A different voice, or leaving the page, stops the sample that is playing.
  useEffect(() => {
    return () => {
      audio.current?.pause();
      audio.current = null;
      setState('idle');
    };
  }, [voiceId]);

  function stop() {
    audio.current?.pause();
    audio.current = null;
    setState('idle');
  }

  function play() {
    const el = new Audio(voiceSampleUrl(voiceId));
    audio.current = el;
    setState('loading');
    el.addEventListener('playing', () => audio.current === el && setState('playing'));
    el.addEventListener('ended', () => audio.current === el && stop());
    el.addEventListener('error', () => {
      if (audio.current !== el) return;
      stop();
      toast.error('Could not play the sample', { description: `The sample of ${voiceName} could not be made or played.` });
    });
    el.play().catch(() => {
      // The error listener above reports failures; a rejected play() without one was a stop.
    });
  }

  const busy = state !== 'idle';
  return (
    <Button
      type="button"
      variant="outline"
      size="sm"
      onClick={busy ? stop : play}
      // The name starts with the visible words (WCAG 2.5.3, label in name) and says whose voice.
      aria-label={busy ? `Stop the sample of ${voiceName}` : `Play sample of ${voiceName}`}
    >
      {state === 'loading' ? <LoaderCircleIcon className="animate-spin" /> : state === 'playing' ? <SquareIcon /> : <PlayIcon />}
      {busy ? 'Stop' : 'Play sample'}
    </Button>
  );
}
