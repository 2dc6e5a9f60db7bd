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

type PlaybackState = {
  /** The player now playing (a component id), or null when all are quiet. */
  playing: string | null;
  started: (playerId: string) => void;
  stopped: (playerId: string) => void;
};

/**
 * One narration plays at a time (SPEC §7.8): a player that starts claims `playing`, and
 * every other player pauses when it sees the claim go to someone else.
 */
export const usePlaybackStore = create<PlaybackState>()((set) => ({
  playing: null,
  started: (playerId) => set({ playing: playerId }),
  stopped: (playerId) => set((state) => (state.playing === playerId ? { playing: null } : state)),
}));
