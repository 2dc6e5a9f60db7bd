'use client';

import { LoaderCircleIcon } from 'lucide-react';
import { useId, useRef, useState } from 'react';
import { updateProject } from '@/lib/api';
import { radioIndexForKey } from '@/lib/keyboard';
import { toastError } from '@/lib/notify';
import { cn } from '@/lib/utils';
import type { Project, Quality, Transition, UpdateProjectRequest } from '@storyflow/contract';

type RenderSettings = Pick<
  Project,
  | 'id'
  | 'aspect'
  | 'resolution_width'
  | 'resolution_height'
  | 'framerate'
  | 'quality'
  | 'transition'
  | 'transition_seconds'
  | 'segment_pause_seconds'
>;

type RenderSettingsPanelProps = {
  project: RenderSettings;
  /** The project as the server has it after a change. */
  onSaved: (project: Project) => void;
};

/** The SPEC §7.1 format presets, each drawn as its frame shape. */
export const FORMATS = [
  { aspect: '16:9', width: 1920, height: 1080, label: '16:9 1080p' },
  { aspect: '16:9', width: 1280, height: 720, label: '16:9 720p' },
  { aspect: '16:9', width: 3840, height: 2160, label: '16:9 4K' },
  { aspect: '9:16', width: 1080, height: 1920, label: '9:16 vertical' },
  { aspect: '1:1', width: 1080, height: 1080, label: '1:1 square' },
  { aspect: '4:5', width: 1080, height: 1350, label: '4:5 portrait' },
] as const;

const FRAMERATES = [24, 25, 30, 50, 60] as const;

const QUALITIES: { value: Quality; label: string }[] = [
  { value: 'draft', label: 'Draft — fastest' },
  { value: 'standard', label: 'Standard' },
  { value: 'high', label: 'High — slower' },
];

const TRANSITIONS: { value: Transition; label: string }[] = [
  { value: 'crossfade', label: 'Crossfade' },
  { value: 'fade_black', label: 'Fade through black' },
  { value: 'cut', label: 'Cut' },
];

const selectClass =
  'h-9 w-full rounded-md border border-zinc-200 bg-white px-2 text-sm text-zinc-900 shadow-xs focus-visible:outline-2 focus-visible:outline-indigo-500';

/** Format, frame rate, quality, transition and pause of one project, saved on every change. */
export function RenderSettingsPanel({ project, onSaved }: RenderSettingsPanelProps) {
  const [saving, setSaving] = useState(false);
  // Typed-in seconds stay as text until they leave the field, so "0." can be typed.
  const [transitionText, setTransitionText] = useState(String(project.transition_seconds));
  const [pauseText, setPauseText] = useState(String(project.segment_pause_seconds));
  const ids = { fps: useId(), quality: useId(), transition: useId(), length: useId(), pause: useId() };
  const formatButtons = useRef<(HTMLButtonElement | null)[]>([]);
  const selectedFormat = FORMATS.findIndex((f) => f.width === project.resolution_width && f.height === project.resolution_height);

  function chooseFormat(index: number) {
    const f = FORMATS[index];
    if (!f || saving || index === selectedFormat) return;
    void save({ aspect: f.aspect, resolution_width: f.width, resolution_height: f.height });
  }

  // A radio group: one tab stop, arrow keys move and choose (WAI-ARIA radio group pattern).
  function onFormatKey(event: React.KeyboardEvent, index: number) {
    const next = radioIndexForKey(event.key, index, FORMATS.length);
    if (next === null) return;
    event.preventDefault();
    formatButtons.current[next]?.focus();
    chooseFormat(next);
  }

  async function save(change: UpdateProjectRequest) {
    setSaving(true);
    try {
      const saved = await updateProject(project.id, change);
      onSaved(saved);
      setTransitionText(String(saved.transition_seconds));
      setPauseText(String(saved.segment_pause_seconds));
    } catch (err) {
      toastError(err, 'Could not save the render settings');
      setTransitionText(String(project.transition_seconds));
      setPauseText(String(project.segment_pause_seconds));
    } finally {
      setSaving(false);
    }
  }

  function saveSeconds(field: 'transition_seconds' | 'segment_pause_seconds', text: string) {
    const value = Number(text);
    if (text.trim() === '' || !Number.isFinite(value) || value === project[field]) {
      setTransitionText(String(project.transition_seconds));
      setPauseText(String(project.segment_pause_seconds));
      return;
    }
    void save({ [field]: value });
  }

  return (
    <section aria-labelledby={`${ids.fps}-title`} data-testid="render-settings">
      <div className="flex items-center justify-between">
        <h2 id={`${ids.fps}-title`} className="text-sm font-semibold text-zinc-900">
          Video format
        </h2>
        {saving && <LoaderCircleIcon aria-label="Saving" className="size-4 animate-spin text-zinc-400" />}
      </div>
      <div role="radiogroup" aria-label="Format" className="mt-3 grid grid-cols-3 gap-2">
        {FORMATS.map((f, index) => {
          const selected = index === selectedFormat;
          // With no preset chosen (a custom size), the first one is the group's tab stop.
          const tabStop = selectedFormat < 0 ? index === 0 : selected;
          return (
            <button
              key={f.label}
              ref={(el) => {
                formatButtons.current[index] = el;
              }}
              type="button"
              role="radio"
              aria-checked={selected}
              aria-label={`${f.label} (${f.width}×${f.height})`}
              tabIndex={tabStop ? 0 : -1}
              // aria-disabled, not disabled, while saving: a disabled button would drop the keyboard focus.
              aria-disabled={saving || undefined}
              onClick={() => chooseFormat(index)}
              onKeyDown={(e) => onFormatKey(e, index)}
              className={cn(
                'flex flex-col items-center gap-1.5 rounded-lg border p-2 text-[11px] text-zinc-600 focus-visible:outline-2 focus-visible:outline-indigo-500',
                selected ? 'border-indigo-500 bg-indigo-50 text-indigo-700' : 'border-zinc-200 hover:border-zinc-300',
              )}
            >
              <span className="flex h-9 items-center">
                <span
                  aria-hidden
                  className={cn('block rounded-[3px] border-2', selected ? 'border-indigo-500' : 'border-zinc-400')}
                  style={frameShape(f.width, f.height)}
                />
              </span>
              {f.label}
            </button>
          );
        })}
      </div>
      <div className="mt-4 grid grid-cols-2 gap-3 text-sm">
        <label htmlFor={ids.fps} className="grid gap-1 text-zinc-500">
          Frame rate
          <select
            id={ids.fps}
            className={selectClass}
            value={project.framerate}
            disabled={saving}
            onChange={(e) => void save({ framerate: Number(e.target.value) })}
          >
            {FRAMERATES.map((fps) => (
              <option key={fps} value={fps}>
                {fps} fps
              </option>
            ))}
          </select>
        </label>
        <label htmlFor={ids.quality} className="grid gap-1 text-zinc-500">
          Quality
          <select
            id={ids.quality}
            className={selectClass}
            value={project.quality}
            disabled={saving}
            onChange={(e) => void save({ quality: e.target.value as Quality })}
          >
            {QUALITIES.map((q) => (
              <option key={q.value} value={q.value}>
                {q.label}
              </option>
            ))}
          </select>
        </label>
        <label htmlFor={ids.transition} className="grid gap-1 text-zinc-500">
          Transition
          <select
            id={ids.transition}
            className={selectClass}
            value={project.transition}
            disabled={saving}
            onChange={(e) => void save({ transition: e.target.value as Transition })}
          >
            {TRANSITIONS.map((t) => (
              <option key={t.value} value={t.value}>
                {t.label}
              </option>
            ))}
          </select>
        </label>
        <label htmlFor={ids.length} className="grid gap-1 text-zinc-500">
          Transition length (s)
          <input
            id={ids.length}
            type="number"
            min={0.1}
            max={2}
            step={0.1}
            className={selectClass}
            value={transitionText}
            disabled={saving || project.transition === 'cut'}
            onChange={(e) => setTransitionText(e.target.value)}
            onBlur={() => saveSeconds('transition_seconds', transitionText)}
          />
        </label>
        <label htmlFor={ids.pause} className="col-span-2 grid gap-1 text-zinc-500">
          Pause between segments (s)
          <input
            id={ids.pause}
            type="number"
            min={0}
            max={3}
            step={0.1}
            className={selectClass}
            value={pauseText}
            disabled={saving}
            onChange={(e) => setPauseText(e.target.value)}
            onBlur={() => saveSeconds('segment_pause_seconds', pauseText)}
          />
        </label>
      </div>
    </section>
  );
}

/** A small rectangle with the frame's proportions, at most 36 px on its long side. */
function frameShape(width: number, height: number): { width: number; height: number } {
  const scale = 36 / Math.max(width, height);
  return { width: Math.round(width * scale), height: Math.round(height * scale) };
}
