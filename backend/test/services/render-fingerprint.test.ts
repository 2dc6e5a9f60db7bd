import { describe, expect, it } from 'vitest';
import { DEFAULT_CAPTIONS } from '@storyflow/contract';
import type { Project } from '../../src/db/projects.js';
import type { Segment } from '../../src/db/segments.js';
import { renderFingerprint } from '../../src/services/render-fingerprint.js';

const project: Project = {
  id: 'p',
  title: 'T',
  created_at: '2026-01-01T00:00:00.000Z',
  updated_at: '2026-01-01T00:00:00.000Z',
  status: 'COMPLETED',
  resolution_width: 1920,
  resolution_height: 1080,
  framerate: 30,
  output_path: '/media/projects/p/output/final.mp4',
  render_error: null,
  output_meta: null,
  aspect: '16:9',
  quality: 'standard',
  transition: 'crossfade',
  transition_seconds: 0.5,
  segment_pause_seconds: 0.3,
  captions: DEFAULT_CAPTIONS,
  rendered_fingerprint: null,
  preview_path: null,
  preview_meta: null,
  render_error_code: null,
  music: null,
  loudness_target: -14,
  voice_id: null,
  tts_speed: null,
};

const segment = (id: string, updatedAt = '2026-01-01T00:00:00.000Z'): Segment => ({
  id,
  project_id: 'p',
  sequence_index: 0,
  text_content: '',
  image_prompt: '',
  image_file: null,
  audio_file: null,
  word_timings: null,
  audio_duration: null,
  is_locked: false,
  created_at: updatedAt,
  updated_at: updatedAt,
  motion: 'center_center',
  focus: null,
  audio_voice_id: null,
  audio_tts_speed: null,
  audio_stale: false,
});

describe('renderFingerprint', () => {
  it('changes with every setting, the zoom, the order and any segment edit, and not otherwise', () => {
    const segments = [segment('a'), segment('b')];
    const base = renderFingerprint(project, segments, 1.3);
    const variants = [
      renderFingerprint({ ...project, resolution_width: 1080, resolution_height: 1920 }, segments, 1.3),
      renderFingerprint({ ...project, framerate: 25 }, segments, 1.3),
      renderFingerprint({ ...project, quality: 'high' }, segments, 1.3),
      renderFingerprint({ ...project, transition: 'cut' }, segments, 1.3),
      renderFingerprint({ ...project, transition_seconds: 1 }, segments, 1.3),
      renderFingerprint({ ...project, segment_pause_seconds: 0 }, segments, 1.3),
      renderFingerprint(project, segments, 1.5),
      renderFingerprint({ ...project, loudness_target: -23 }, segments, 1.3),
      renderFingerprint(
        { ...project, music: { file: 'projects/p/music/m.wav', name: 'm', duration_seconds: 60, volume_db: -12, loop: true, fade_out_seconds: 3 } },
        segments,
        1.3,
      ),
      // Every captions setting: they are burned into the picture and written as SRT/VTT.
      ...(
        [
          { enabled: false },
          { style: 'punchy', words_per_caption: 3 },
          { words_per_caption: 4 },
          { position: 'top' },
          { font: 'bundled:dejavu-sans' },
          { size: 80 },
          { color: '#FFFF00' },
          { outline_color: '#222222' },
          { highlight_color: '#00FF00' },
        ] as const
      ).map((change) => renderFingerprint({ ...project, captions: { ...DEFAULT_CAPTIONS, ...change } }, segments, 1.3)),
      renderFingerprint(project, [segments[1]!, segments[0]!], 1.3),
      renderFingerprint(project, [segments[0]!, segment('b', '2026-01-02T00:00:00.000Z')], 1.3),
      renderFingerprint(project, [segments[0]!], 1.3),
    ];
    expect(new Set([base, ...variants]).size).toBe(variants.length + 1);
    expect(renderFingerprint({ ...project, title: 'Renamed', status: 'FAILED' }, segments, 1.3)).toBe(base);
  });
});
