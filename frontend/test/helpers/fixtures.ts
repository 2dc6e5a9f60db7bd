import type { Project, ProjectListItem, Segment } from '@storyflow/contract';

/** A project as the API sends it; the one project factory of the frontend tests. */
export function makeProject(overrides: Partial<Project> = {}): Project {
  return {
    id: 'proj-1',
    title: 'The Lighthouse Keeper',
    created_at: '2026-01-01T10:00:00Z',
    updated_at: '2026-01-01T10:00:00Z',
    status: 'DRAFT',
    resolution_width: 1920,
    resolution_height: 1080,
    framerate: 30,
    output_path: null,
    render_error: null,
    render_error_code: null,
    music: null,
    loudness_target: -14,
    voice_id: null,
    tts_speed: null,
    aspect: '16:9',
    quality: 'standard',
    transition: 'crossfade',
    transition_seconds: 0.5,
    segment_pause_seconds: 0.3,
    captions: {
      enabled: true,
      style: 'classic',
      position: 'bottom',
      font: 'bundled:noto-sans',
      size: 64,
      color: '#FFFFFF',
      outline_color: '#000000',
      highlight_color: '#FFD400',
      words_per_caption: 7,
    },
    output_stale: false,
    preview_url: null,
    preview: null,
    ...overrides,
  };
}

/** An entry of GET /api/projects/ (a project with its segment count). */
export function makeProjectListItem(overrides: Partial<ProjectListItem> = {}): ProjectListItem {
  return { ...makeProject(), segment_count: 3, ...overrides };
}

/** A segment as the API sends it; the one segment factory of the frontend tests. */
export function makeSegment(overrides: Partial<Segment> = {}): Segment {
  return {
    id: 'seg-1',
    project: 'proj-1',
    sequence_index: 0,
    text_content: 'The lighthouse keeper had not seen a ship in forty years.',
    image_prompt: 'a lonely lighthouse at dusk, oil painting',
    image_file: null,
    audio_file: null,
    audio_duration: null,
    word_timings: null,
    audio_stale: false,
    is_locked: false,
    created_at: '2026-01-01T10:00:00Z',
    updated_at: '2026-01-01T10:00:00Z',
    motion: 'center_center',
    focus: null,
    ...overrides,
  };
}
