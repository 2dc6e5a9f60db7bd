'use client';

import { LoaderCircleIcon, MusicIcon, Trash2Icon, UploadIcon } from 'lucide-react';
import { useEffect, useId, useRef, useState } from 'react';
import { HiddenFileInput } from '@/components/HiddenFileInput';
import { Button } from '@/components/ui/button';
import { Input } from '@/components/ui/input';
import { removeProjectMusic, toApiError, updateProject, uploadProjectMusic } from '@/lib/api';
import type { LoudnessTarget, Project, ProjectMusic, UpdateProjectRequest } from '@storyflow/contract';
import {
  MAX_MUSIC_BYTES,
  MAX_MUSIC_FADE_OUT_SECONDS as FADE_MAX_SECONDS,
  MAX_MUSIC_VOLUME_DB,
  MIN_MUSIC_VOLUME_DB,
} from '@storyflow/contract/limits';
import { formatDuration } from '@/lib/utils';

const VOLUME = { min: MIN_MUSIC_VOLUME_DB, max: MAX_MUSIC_VOLUME_DB };
const ACCEPT = 'audio/mpeg,audio/mp4,audio/aac,audio/wav,audio/x-wav,audio/ogg,audio/flac,.mp3,.m4a,.aac,.wav,.ogg,.oga,.flac';

type MusicCardProps = {
  project: Pick<Project, 'id' | 'music' | 'loudness_target'>;
  /** How long a slider or number waits before it is saved. */
  saveDelayMs?: number;
};

type Busy = { kind: 'uploading'; fraction: number } | { kind: 'removing' } | null;

/** Music under the narration: upload, listen, volume, loop, fade-out, remove; and the loudness target. */
export function MusicCard({ project, saveDelayMs = 400 }: MusicCardProps) {
  const [music, setMusic] = useState<ProjectMusic | null>(project.music);
  const [loudness, setLoudness] = useState<LoudnessTarget>(project.loudness_target);
  const [volumeDraft, setVolumeDraft] = useState(project.music?.volume_db ?? -12);
  const [fadeDraft, setFadeDraft] = useState(String(project.music?.fade_out_seconds ?? 3));
  const [busy, setBusy] = useState<Busy>(null);
  const [error, setError] = useState<string | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const timers = useRef<Partial<Record<'volume' | 'fade', ReturnType<typeof setTimeout>>>>({});
  const ids = { heading: useId(), volume: useId(), loop: useId(), fade: useId(), loudness: useId(), error: useId() };

  useEffect(() => {
    const pending = timers.current;
    return () => Object.values(pending).forEach((t) => clearTimeout(t));
  }, []);

  function showMusic(next: ProjectMusic | null) {
    setMusic(next);
    if (next) {
      setVolumeDraft(next.volume_db);
      setFadeDraft(String(next.fade_out_seconds));
    }
  }

  async function upload(file: File) {
    setError(null);
    // SPEC §7.4: the server refuses more; checking first spares a long upload that cannot succeed.
    if (file.size > MAX_MUSIC_BYTES) {
      setError(`"${file.name}" is larger than 50 MB. Choose a smaller file.`);
      return;
    }
    setBusy({ kind: 'uploading', fraction: 0 });
    try {
      const res = await uploadProjectMusic(project.id, file, {
        onUploadProgress: (fraction) => setBusy({ kind: 'uploading', fraction }),
      });
      showMusic(res.music);
    } catch (err) {
      setError(describe(err, 'Could not add the music'));
    } finally {
      setBusy(null);
      if (fileInput.current) fileInput.current.value = '';
    }
  }

  async function remove() {
    setError(null);
    setBusy({ kind: 'removing' });
    try {
      await removeProjectMusic(project.id);
      setMusic(null);
    } catch (err) {
      setError(describe(err, 'Could not remove the music'));
    } finally {
      setBusy(null);
    }
  }

  async function save(patch: UpdateProjectRequest) {
    setError(null);
    try {
      const next = await updateProject(project.id, patch);
      setLoudness(next.loudness_target);
      // Keep what the user is typing or dragging; adopt only the saved fields.
      if (next.music) setMusic(next.music);
    } catch (err) {
      setError(describe(err, 'Could not save the music settings'));
    }
  }

  function saveLater(key: 'volume' | 'fade', patch: UpdateProjectRequest) {
    clearTimeout(timers.current[key]);
    timers.current[key] = setTimeout(() => void save(patch), saveDelayMs);
  }

  function changeFade(raw: string) {
    setFadeDraft(raw);
    const seconds = Number(raw);
    if (raw.trim() === '' || !Number.isFinite(seconds) || seconds < 0 || seconds > FADE_MAX_SECONDS) {
      setError(`Fade-out must be between 0 and ${FADE_MAX_SECONDS} seconds`);
      return;
    }
    setError(null);
    saveLater('fade', { music: { fade_out_seconds: seconds } });
  }

  const uploading = busy?.kind === 'uploading';

  return (
    <section aria-labelledby={ids.heading} className="grid gap-4" data-testid="music-card">
      <div className="flex items-center gap-2">
        <MusicIcon className="size-4 text-zinc-500" aria-hidden />
        <h2 id={ids.heading} className="text-sm font-semibold text-zinc-900">
          Music
        </h2>
      </div>

      {music ? (
        <div className="grid gap-3">
          <div className="min-w-0">
            <p className="truncate text-sm font-medium text-zinc-900" title={music.name}>
              {music.name}
            </p>
            <p className="text-xs text-zinc-500">{formatDuration(music.duration_seconds)}</p>
          </div>
          {/* The WAV StoryFlow decoded: what the video will contain. Loaded only when played. */}
          <audio controls preload="none" src={music.file} className="w-full" aria-label={`Play ${music.name}`} />
          <div className="grid gap-1.5">
            <div className="flex justify-between text-sm">
              <label htmlFor={ids.volume} className="font-medium text-zinc-700">
                Volume
              </label>
              <span className="tabular-nums text-zinc-500">{formatDb(volumeDraft)}</span>
            </div>
            <input
              id={ids.volume}
              type="range"
              min={VOLUME.min}
              max={VOLUME.max}
              step={1}
              value={volumeDraft}
              onChange={(e) => {
                const value = Number(e.target.value);
                setVolumeDraft(value);
                saveLater('volume', { music: { volume_db: value } });
              }}
              className="w-full accent-indigo-600"
            />
            <p className="text-xs text-zinc-500">Dips a further 14 dB under narration.</p>
          </div>
          <label htmlFor={ids.loop} className="flex items-center gap-2 text-sm text-zinc-700">
            <input
              id={ids.loop}
              type="checkbox"
              checked={music.loop}
              onChange={(e) => void save({ music: { loop: e.target.checked } })}
              className="size-4 accent-indigo-600"
            />
            Loop to the end of the video
          </label>
          <div className="grid gap-1.5">
            <label htmlFor={ids.fade} className="text-sm font-medium text-zinc-700">
              Fade-out (seconds)
            </label>
            <Input
              id={ids.fade}
              type="number"
              inputMode="decimal"
              min={0}
              max={FADE_MAX_SECONDS}
              step={0.5}
              value={fadeDraft}
              onChange={(e) => changeFade(e.target.value)}
              aria-invalid={error?.startsWith('Fade-out') ? true : undefined}
            />
          </div>
          <div className="flex flex-wrap gap-2">
            <Button variant="outline" size="sm" disabled={busy !== null} onClick={() => fileInput.current?.click()}>
              <UploadIcon aria-hidden /> Replace
            </Button>
            <Button variant="ghost" size="sm" disabled={busy !== null} onClick={() => void remove()}>
              {busy?.kind === 'removing' ? <LoaderCircleIcon className="animate-spin" aria-hidden /> : <Trash2Icon aria-hidden />}
              Remove music
            </Button>
          </div>
        </div>
      ) : (
        <div className="grid gap-2">
          <p className="text-sm text-zinc-500">A music bed under the narration, ducked while someone speaks.</p>
          <Button variant="outline" disabled={busy !== null} onClick={() => fileInput.current?.click()}>
            <UploadIcon aria-hidden /> Add music
          </Button>
          <p className="text-xs text-zinc-500">MP3, AAC/M4A, WAV, OGG or FLAC, up to 50 MB.</p>
        </div>
      )}

      {uploading && (
        <p role="status" className="flex items-center gap-2 text-sm text-zinc-600">
          <LoaderCircleIcon className="size-4 animate-spin" aria-hidden />
          {busy.fraction < 1 ? `Uploading… ${Math.round(busy.fraction * 100)}%` : 'Checking the audio…'}
        </p>
      )}
      {error && (
        <p id={ids.error} role="alert" className="text-sm text-red-600">
          {error}
        </p>
      )}

      <HiddenFileInput ref={fileInput} accept={ACCEPT} label="Music file" onFile={(file) => void upload(file)} />

      <div className="grid gap-1.5 border-t border-zinc-100 pt-3">
        <label htmlFor={ids.loudness} className="text-sm font-medium text-zinc-700">
          Loudness
        </label>
        <select
          id={ids.loudness}
          value={loudness}
          onChange={(e) => {
            const target = Number(e.target.value) as LoudnessTarget;
            setLoudness(target);
            void save({ loudness_target: target });
          }}
          className="h-9 rounded-lg border border-zinc-200 bg-white px-2 text-sm"
        >
          <option value={-14}>Streaming (−14 LUFS)</option>
          <option value={-23}>Broadcast (−23 LUFS)</option>
        </select>
      </div>
    </section>
  );
}

/** The server's message and, when it says why, the reason: "Invalid music file: The file is empty". */
function describe(err: unknown, context: string): string {
  const apiError = toApiError(err);
  const reason = typeof apiError.details === 'string' ? `: ${apiError.details}` : '';
  return `${context}. ${apiError.error}${reason}`;
}

function formatDb(value: number): string {
  if (value === 0) return '0 dB';
  return `${value > 0 ? '+' : '−'}${Math.abs(value)} dB`;
}
