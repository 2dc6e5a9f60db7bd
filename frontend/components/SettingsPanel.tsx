'use client';

import { useQueryClient } from '@tanstack/react-query';
import { CheckIcon, LoaderCircleIcon } from 'lucide-react';
import { useCallback, useEffect, useId, useRef, useState } from 'react';
import { NaturalVoicesDownload } from '@/components/NaturalVoicesDownload';
import { PlayVoiceSample } from '@/components/PlayVoiceSample';
import { Skeleton } from '@/components/ui/skeleton';
import { SystemTools } from '@/components/SystemTools';
import { VoiceSelect } from '@/components/VoiceSelect';
import { useSettings, useUpdateSettings, useVoices } from '@/hooks/use-settings';
import { queryKeys } from '@/lib/query-keys';
import { toastError } from '@/lib/notify';
import type { FieldErrors, GlobalSettings, UpdateSettingsRequest } from '@storyflow/contract';
import { MAX_TTS_SPEED, MAX_ZOOM_INTENSITY, MIN_TTS_SPEED, MIN_ZOOM_INTENSITY } from '@storyflow/contract/limits';

type SettingsPanelProps = { saveDelayMs?: number };

type NumericField = 'tts_speed' | 'zoom_intensity';

const RANGES: Record<NumericField, { min: number; max: number; step: number; label: string; hint: string }> = {
  tts_speed: { min: MIN_TTS_SPEED, max: MAX_TTS_SPEED, step: 0.05, label: 'Speech speed', hint: '0.5× – 2.0×' },
  zoom_intensity: { min: MIN_ZOOM_INTENSITY, max: MAX_ZOOM_INTENSITY, step: 0.05, label: 'Ken Burns zoom', hint: '1.0 (none) – 2.0' },
};

/** `1` → `1.0`, `1.25` → `1.25`: the same precision the slider moves in. */
function formatSetting(value: number): string {
  return Number.isInteger(value) ? value.toFixed(1) : String(value);
}

function draftOf(settings: GlobalSettings): Record<NumericField, string> {
  return { tts_speed: formatSetting(settings.tts_speed), zoom_intensity: formatSetting(settings.zoom_intensity) };
}

/** Client-side range check; the server checks again and its field errors are shown too. */
export function validateSetting(field: NumericField, value: number): string | null {
  const { min, max } = RANGES[field];
  if (!Number.isFinite(value)) return 'Enter a number';
  if (value < min || value > max) return `Must be between ${min.toFixed(1)} and ${max.toFixed(1)}`;
  return null;
}

/** Voice, speech speed and zoom (GlobalSettings), saved as they change. */
export function SettingsPanel({ saveDelayMs = 500 }: SettingsPanelProps) {
  const settingsQuery = useSettings();
  const voicesQuery = useVoices();
  const update = useUpdateSettings();
  const settings = settingsQuery.data ?? null;
  // A failed voice list still lets the current voice show; null means "still loading".
  const voices = voicesQuery.data ?? (voicesQuery.isError ? [] : null);
  const [draft, setDraft] = useState<Record<NumericField, string> | null>(null);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [saveState, setSaveState] = useState<'idle' | 'saving' | 'saved'>('idle');
  const timers = useRef<Partial<Record<NumericField, ReturnType<typeof setTimeout>>>>({});
  const ids = { voice: useId(), tts_speed: useId(), zoom_intensity: useId() };

  // The number fields start from the server's values, then hold what the user types.
  const shown = draft ?? (settings ? draftOf(settings) : { tts_speed: '', zoom_intensity: '' });

  useEffect(() => {
    const pending = timers.current;
    return () => Object.values(pending).forEach((t) => clearTimeout(t));
  }, []);

  // After the Kokoro download the server lists its voices and makes one the default.
  const client = useQueryClient();
  const reloadVoices = useCallback(() => {
    void client.invalidateQueries({ queryKey: queryKeys.voices() });
    void client.invalidateQueries({ queryKey: queryKeys.settings() });
  }, [client]);

  async function save(patch: UpdateSettingsRequest) {
    const fields = Object.keys(patch);
    setSaveState('saving');
    try {
      await update.mutateAsync(patch);
      setErrors((e) => Object.fromEntries(Object.entries(e).filter(([k]) => !fields.includes(k))));
      setSaveState('saved');
    } catch (err) {
      const apiError = toastError(err, 'Could not save settings');
      if (apiError.fieldErrors) setErrors((e) => ({ ...e, ...apiError.fieldErrors }));
      setSaveState('idle');
    }
  }

  function changeNumber(field: NumericField, raw: string) {
    setDraft({ ...shown, [field]: raw });
    const value = Number(raw);
    const problem = raw.trim() === '' ? 'Enter a number' : validateSetting(field, value);
    clearTimeout(timers.current[field]);
    if (problem) {
      setErrors((e) => ({ ...e, [field]: [problem] }));
      return;
    }
    setErrors((e) => Object.fromEntries(Object.entries(e).filter(([k]) => k !== field)));
    timers.current[field] = setTimeout(() => void save({ [field]: value }), saveDelayMs);
  }

  if (settingsQuery.isError) {
    return (
      <div className="grid gap-1">
        <h2 className="text-sm font-semibold text-zinc-900">Voice &amp; motion</h2>
        <p className="text-sm text-zinc-500">Settings are unavailable right now.</p>
      </div>
    );
  }
  if (!settings) {
    return (
      <div className="grid gap-4" data-testid="settings-loading">
        <h2 className="text-sm font-semibold text-zinc-900">Voice &amp; motion</h2>
        <Skeleton className="h-9 w-full" />
        <Skeleton className="h-9 w-full" />
        <Skeleton className="h-9 w-full" />
      </div>
    );
  }

  const voiceKnown = voices?.some((v) => v.id === settings.default_voice_id) ?? true;

  return (
    <div className="grid gap-5">
      <div className="-mb-1 flex items-start justify-between gap-2">
        <div>
          <h2 className="text-sm font-semibold text-zinc-900">Voice &amp; motion</h2>
          <p className="mt-1 text-xs text-zinc-500">Apply to every project.</p>
        </div>
        <div className="text-xs">
          {saveState === 'saving' && (
            <span className="inline-flex items-center gap-1 text-zinc-500">
              <LoaderCircleIcon className="size-3 animate-spin" /> Saving…
            </span>
          )}
          {saveState === 'saved' && (
            <span className="inline-flex items-center gap-1 text-emerald-600">
              <CheckIcon className="size-3" /> Saved
            </span>
          )}
        </div>
      </div>
      <Field id={ids.voice} label="Voice" errors={errors.default_voice_id}>
        <div className="flex items-center gap-2">
          <VoiceSelect
            id={ids.voice}
            value={settings.default_voice_id}
            voices={voices}
            invalid={Boolean(errors.default_voice_id)}
            onChange={(voiceId) => void save({ default_voice_id: voiceId })}
          />
          {voiceKnown && voices !== null && (
            <PlayVoiceSample
              voiceId={settings.default_voice_id}
              voiceName={voices.find((v) => v.id === settings.default_voice_id)?.name ?? settings.default_voice_id}
            />
          )}
        </div>
      </Field>
      <NaturalVoicesDownload onInstalled={reloadVoices} />
      {(Object.keys(RANGES) as NumericField[]).map((field) => {
        const range = RANGES[field];
        const numeric = Number(shown[field]);
        return (
          <Field key={field} id={ids[field]} label={range.label} hint={range.hint} errors={errors[field]}>
            <div className="flex items-center gap-3">
              <input
                type="range"
                min={range.min}
                max={range.max}
                step={range.step}
                value={Number.isFinite(numeric) ? Math.min(range.max, Math.max(range.min, numeric)) : range.min}
                onChange={(e) => changeNumber(field, e.target.value)}
                aria-label={`${range.label} slider`}
                className="sf-range h-1.5 flex-1 cursor-pointer appearance-none rounded-full bg-zinc-200 accent-indigo-600"
              />
              <input
                id={ids[field]}
                type="number"
                inputMode="decimal"
                step={range.step}
                value={shown[field]}
                aria-invalid={errors[field] ? true : undefined}
                onChange={(e) => changeNumber(field, e.target.value)}
                className="h-8 w-16 rounded-md border border-zinc-200 bg-white px-2 text-right text-sm tabular-nums shadow-xs outline-none focus-visible:border-indigo-600 focus-visible:ring-1 focus-visible:ring-indigo-600 aria-invalid:border-red-400 aria-invalid:text-red-700"
              />
            </div>
          </Field>
        );
      })}
      <SystemTools />
    </div>
  );
}

type FieldProps = { id: string; label: string; hint?: string; errors?: string[]; children: React.ReactNode };

function Field({ id, label, hint, errors, children }: FieldProps) {
  return (
    <div className="grid gap-2">
      <div className="flex items-baseline justify-between gap-2">
        <label htmlFor={id} className="text-sm font-medium text-zinc-700">
          {label}
        </label>
        {hint && <span className="text-xs text-zinc-500">{hint}</span>}
      </div>
      {children}
      {errors?.map((message) => (
        <p key={message} className="text-xs text-red-600" role="alert">
          {message}
        </p>
      ))}
    </div>
  );
}
