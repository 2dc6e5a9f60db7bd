'use client';

import { LoaderCircleIcon } from 'lucide-react';
import { useEffect, useId, useState } from 'react';
import type { Project, UpdateProjectRequest, Voice } from '@storyflow/contract';
import { PlayVoiceSample } from '@/components/PlayVoiceSample';
import { VoiceSelect } from '@/components/VoiceSelect';
import { listVoices, updateProject } from '@/lib/api';
import { toastError } from '@/lib/notify';

type ProjectVoiceSettingsProps = {
  project: Project;
  /** The saved project; its segments' audio may have turned stale. */
  onSaved: (project: Project) => void;
};

const SPEEDS = [0.75, 0.9, 1, 1.1, 1.25, 1.5];

/** This project's voice and speed (SPEC §7.1): "Default" follows Settings; a change makes existing audio stale. */
export function ProjectVoiceSettings({ project, onSaved }: ProjectVoiceSettingsProps) {
  const [voices, setVoices] = useState<Voice[] | null>(null);
  const [saving, setSaving] = useState(false);
  const ids = { voice: useId(), speed: useId() };

  useEffect(() => {
    const controller = new AbortController();
    listVoices({ signal: controller.signal }).then(setVoices, (err: unknown) => {
      if (!toastError(err, 'Could not load voices').aborted) setVoices([]);
    });
    return () => controller.abort();
  }, []);

  async function save(patch: UpdateProjectRequest) {
    setSaving(true);
    try {
      onSaved(await updateProject(project.id, patch));
    } catch (err) {
      toastError(err, 'Could not save the project voice');
    } finally {
      setSaving(false);
    }
  }

  const voiceId = project.voice_id ?? '';
  const voice = voices?.find((v) => v.id === voiceId);
  return (
    <div className="grid gap-3" data-testid="project-voice">
      <div className="flex items-baseline justify-between gap-2">
        <h2 className="text-sm font-semibold text-zinc-900">This project&apos;s voice</h2>
        {saving && <LoaderCircleIcon className="size-3 animate-spin text-zinc-500" aria-label="Saving" />}
      </div>
      <label htmlFor={ids.voice} className="sr-only">
        Project voice
      </label>
      <div className="flex items-center gap-2">
        <VoiceSelect
          id={ids.voice}
          value={voiceId}
          voices={voices}
          defaultOption={{ value: '', label: 'Default (from Settings)' }}
          onChange={(id) => void save({ voice_id: id === '' ? null : id })}
        />
        {voice && <PlayVoiceSample voiceId={voice.id} voiceName={voice.name} />}
      </div>
      <div className="flex items-center justify-between gap-2">
        <label htmlFor={ids.speed} className="text-sm text-zinc-700">
          Speed
        </label>
        <select
          id={ids.speed}
          value={project.tts_speed === null ? '' : String(project.tts_speed)}
          onChange={(e) => void save({ tts_speed: e.target.value === '' ? null : Number(e.target.value) })}
          className="h-8 rounded-md border border-zinc-200 bg-white px-2 text-sm shadow-xs outline-none focus-visible:border-indigo-600 focus-visible:ring-1 focus-visible:ring-indigo-600"
        >
          <option value="">Default (from Settings)</option>
          {[...new Set([...SPEEDS, ...(project.tts_speed === null ? [] : [project.tts_speed])])]
            .sort((a, b) => a - b)
            .map((s) => (
              <option key={s} value={String(s)}>
                {s.toFixed(2).replace(/0$/, '')}×
              </option>
            ))}
        </select>
      </div>
    </div>
  );
}
