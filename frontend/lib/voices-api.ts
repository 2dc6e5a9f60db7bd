import type { NaturalVoicesStatus, Voice } from '@storyflow/contract';
import { http, type RequestOptions } from '@/lib/api';

/** SPEC §7.7 natural voices: the calls of the voice components (the project voice is saved with lib/api.ts's updateProject). */

export async function getNaturalVoices(opts: RequestOptions = {}): Promise<NaturalVoicesStatus> {
  return http.get<NaturalVoicesStatus>('/settings/natural-voices/', { signal: opts.signal });
}

/** Starts (or resumes) the Kokoro download; the server answers at once and works in the background. */
export async function startNaturalVoicesDownload(opts: RequestOptions = {}): Promise<NaturalVoicesStatus> {
  return http.post<NaturalVoicesStatus>('/settings/natural-voices/download/', null, { signal: opts.signal });
}

/** Where "Play sample" streams a voice's short sample WAV from. */
export function voiceSampleUrl(voiceId: string): string {
  return `/api/settings/voices/${encodeURIComponent(voiceId)}/sample/`;
}

/** Voices by `language_name`, in the server's order (sorted by language, best engine first). */
export function groupVoicesByLanguage(voices: readonly Voice[]): [language: string, voices: Voice[]][] {
  const groups = new Map<string, Voice[]>();
  for (const v of voices) groups.set(v.language_name, [...(groups.get(v.language_name) ?? []), v]);
  return [...groups.entries()];
}
