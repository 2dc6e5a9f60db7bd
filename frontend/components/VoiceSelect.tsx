'use client';

import type { Voice } from '@storyflow/contract';
import { groupVoicesByLanguage } from '@/lib/voices-api';

type VoiceSelectProps = {
  id: string;
  value: string;
  voices: Voice[] | null;
  onChange: (voiceId: string) => void;
  /** An extra first option, e.g. "Default (from Settings)" with the value ''. */
  defaultOption?: { value: string; label: string };
  invalid?: boolean;
};

/** The voices grouped by language ("English (US)": "English (US) — Heart, female", …). */
export function VoiceSelect({ id, value, voices, onChange, defaultOption, invalid }: VoiceSelectProps) {
  const known = value === defaultOption?.value || (voices?.some((v) => v.id === value) ?? true);
  return (
    <select
      id={id}
      value={value}
      disabled={voices === null}
      aria-invalid={invalid ? true : undefined}
      onChange={(e) => onChange(e.target.value)}
      className="h-9 w-full min-w-0 rounded-lg border border-zinc-200 bg-white px-2.5 text-sm shadow-xs outline-none focus-visible:border-indigo-600 focus-visible:ring-1 focus-visible:ring-indigo-600 aria-invalid:border-red-400"
    >
      {voices === null && <option value={value}>Loading voices…</option>}
      {defaultOption && <option value={defaultOption.value}>{defaultOption.label}</option>}
      {!known && <option value={value}>{value} (not installed)</option>}
      {groupVoicesByLanguage(voices ?? []).map(([language, list]) => (
        <optgroup key={language} label={language}>
          {list.map((v) => (
            // The whole name, language first: a closed select shows the option without its group.
            <option key={v.id} value={v.id}>
              {v.name}
            </option>
          ))}
        </optgroup>
      ))}
    </select>
  );
}
