import type { Project, ProjectListItem, RenderErrorCode, RenderOutput, RenderProgress, RenderStatusResponse, Segment } from '@storyflow/contract';
import { makeProject, makeProjectListItem, makeSegment } from '@/test/helpers/fixtures';

export const PID = '11111111-1111-4111-8111-111111111111';
export const STATUS_URL = `/projects/${PID}/status/`;
export const RENDER_URL = `/projects/${PID}/render/`;
export const CANCEL_URL = `/projects/${PID}/cancel-render/`;
export const OUTPUT_URL = `/media/projects/${PID}/output/final.mp4`;

export function progress(current: number, total: number, percentage: number, phase = `Applying Ken Burns effect to segment ${current} of ${total}`): RenderProgress {
  return { current_segment: current, total_segments: total, percentage, current_phase: phase };
}

export const OUTPUT: RenderOutput = {
  duration_seconds: 83.4,
  file_size_bytes: 12_582_912,
  width: 1920,
  height: 1080,
  fps: 30,
  rendered_at: '2025-01-02T03:04:05.000Z',
};

export function processing(p: RenderProgress | null = progress(1, 12, 5)): RenderStatusResponse {
  return { project_id: PID, status: 'PROCESSING', progress: p, output_url: null, error: null, error_code: null, output_stale: false };
}

export function completed(output: RenderOutput = OUTPUT): RenderStatusResponse {
  return {
    project_id: PID,
    status: 'COMPLETED',
    progress: progress(12, 12, 100, 'Export complete'),
    output_url: OUTPUT_URL,
    error: null,
    error_code: null,
    output,
    output_stale: false,
  };
}

export function failed(
  error: string,
  p: RenderProgress | null = progress(3, 12, 20),
  errorCode: RenderErrorCode | null = null,
): RenderStatusResponse {
  return { project_id: PID, status: 'FAILED', progress: p, output_url: null, error, error_code: errorCode, output_stale: false };
}

/** The status after the user cancelled: the UI decides on the code, not on the text. */
export function cancelled(p: RenderProgress | null = progress(3, 12, 20)): RenderStatusResponse {
  return failed('Stopped at your request', p, 'cancelled');
}

export const ACCEPTED = {
  task_id: `render_${PID}`,
  project_id: PID,
  status: 'PROCESSING',
  total_segments: 12,
  message: 'Video rendering started',
};

export function project(overrides: Partial<Project> = {}): Project {
  return makeProject({
    id: PID,
    title: 'The Lighthouse',
    created_at: '2025-01-01T00:00:00.000Z',
    updated_at: '2025-01-01T00:00:00.000Z',
    ...overrides,
  });
}

/** The same project as an entry of the dashboard's list. */
export function listedProject(overrides: Partial<ProjectListItem> = {}): ProjectListItem {
  return makeProjectListItem({ ...project(), ...overrides });
}

/** Segment `index` of project PID, with its image and audio: ready to render. */
export function segment(index: number, overrides: Partial<Segment> = {}): Segment {
  return makeSegment({
    id: `seg-${index}`,
    project: PID,
    sequence_index: index,
    text_content: `Line ${index + 1}`,
    image_prompt: '',
    image_file: `/media/projects/${PID}/images/seg-${index}_a.png`,
    audio_file: `/media/projects/${PID}/audio/seg-${index}.wav`,
    audio_duration: 4,
    ...overrides,
  });
}
