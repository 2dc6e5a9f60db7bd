import { create } from 'zustand';
import { createJSONStorage, persist } from 'zustand/middleware';

/**
 * Client-only state: what no server knows. Server state (projects, segments, settings,
 * voices, tasks, renders) lives in the TanStack Query cache (hooks/use-*.ts).
 */

type AudioTextState = {
  /** Per segment: the narration its current audio was made from (for "audio may be out of sync"). */
  audioTexts: Record<string, string>;
  /** Remembers the text a segment's new audio speaks; null forgets the segment (audio removed, segment deleted). */
  rememberAudioText: (segmentId: string, text: string | null) => void;
};

export const AUDIO_TEXT_STORAGE_KEY = 'storyflow:audio-texts';

/** Kept in localStorage, so the warning survives a reload; unavailable storage keeps it for this visit. */
export const useAudioTextStore = create<AudioTextState>()(
  persist(
    (set) => ({
      audioTexts: {},
      rememberAudioText: (segmentId, text) =>
        set((state) => {
          if (text === null) {
            const { [segmentId]: _forgotten, ...rest } = state.audioTexts;
            return { audioTexts: rest };
          }
          return { audioTexts: { ...state.audioTexts, [segmentId]: text } };
        }),
    }),
    { name: AUDIO_TEXT_STORAGE_KEY, storage: createJSONStorage(() => window.localStorage) },
  ),
);

/** The text a segment's audio was made from: remembered, else the segment's own text. */
export function useAudioBaseText(segmentId: string, fallback: string): string {
  return useAudioTextStore((state) => state.audioTexts[segmentId]) ?? fallback;
}
