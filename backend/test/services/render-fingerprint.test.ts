import { describe, expect, it } from 'vitest';
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
  rendered_fingerprint: null,
  preview_path: null,
  preview_meta: null,
};

const segment = (id: string, updatedAt = '2026-01-01T00:00:00.000Z'): Segment => ({
  id,
  project_id: 'p',
  sequence_index: 0,
  text_content: '',
  image_prompt: '',
  image_file: null,
  audio_file: null,
  audio_duration: null,
  is_locked: false,
  created_at: updatedAt,
  updated_at: updatedAt,
  motion: 'center_center',
  focus: null,
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
      renderFingerprint(project, [segments[1]!, segments[0]!], 1.3),
      renderFingerprint(project, [segments[0]!, segment('b', '2026-01-02T00:00:00.000Z')], 1.3),
      renderFingerprint(project, [segments[0]!], 1.3),
    ];
    expect(new Set([base, ...variants]).size).toBe(variants.length + 1);
    expect(renderFingerprint({ ...project, title: 'Renamed', status: 'FAILED' }, segments, 1.3)).toBe(base);
  });
});
