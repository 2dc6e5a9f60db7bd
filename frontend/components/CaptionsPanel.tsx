'use client';

import { LoaderCircleIcon } from 'lucide-react';
import { useId, useState } from 'react';
import { updateProject } from '@/lib/api';
import { toastError } from '@/lib/notify';
import type { CaptionStyle, Project } from '@storyflow/contract';

type CaptionsPanelProps = {
  project: Pick<Project, 'id' | 'captions'>;
  /** The project as the server has it after a change. */
  onSaved: (project: Project) => void;
};

const STYLES: { value: CaptionStyle; label: string }[] = [
  { value: 'classic', label: 'Classic — up to 7 words, two lines' },
  { value: 'punchy', label: 'Punchy — 1 to 3 words' },
];

/** SPEC §7.3 captions, first slice: whether the render writes SRT/VTT, and how words are grouped. */
export function CaptionsPanel({ project, onSaved }: CaptionsPanelProps) {
  const [saving, setSaving] = useState(false);
  const ids = { title: useId(), enabled: useId(), style: useId() };

  async function save(change: { enabled?: boolean; style?: CaptionStyle }) {
    setSaving(true);
    try {
      onSaved(await updateProject(project.id, { captions: change }));
    } catch (err) {
      toastError(err, 'Could not save the captions settings');
    } finally {
      setSaving(false);
    }
  }

  return (
    <section aria-labelledby={ids.title} data-testid="captions-settings">
      <div className="flex items-center justify-between">
        <h2 id={ids.title} className="text-sm font-semibold text-zinc-900">
          Captions
        </h2>
        {saving && <LoaderCircleIcon aria-label="Saving" className="size-4 animate-spin text-zinc-400" />}
      </div>
      <label htmlFor={ids.enabled} className="mt-3 flex items-center gap-2 text-sm text-zinc-700">
        <input
          id={ids.enabled}
          type="checkbox"
          checked={project.captions.enabled}
          disabled={saving}
          onChange={(e) => void save({ enabled: e.target.checked })}
        />
        Write captions (SRT and VTT) with the video
      </label>
      <label htmlFor={ids.style} className="mt-3 grid gap-1 text-sm text-zinc-500">
        Style
        <select
          id={ids.style}
          className="h-9 w-full rounded-md border border-zinc-200 bg-white px-2 text-sm text-zinc-900 shadow-xs focus-visible:outline-2 focus-visible:outline-indigo-500"
          value={project.captions.style}
          disabled={saving || !project.captions.enabled}
          onChange={(e) => void save({ style: e.target.value as CaptionStyle })}
        >
          {STYLES.map((s) => (
            <option key={s.value} value={s.value}>
              {s.label}
            </option>
          ))}
        </select>
      </label>
    </section>
  );
}
