import { render, type RenderOptions } from '@testing-library/react';
import type { ReactElement } from 'react';
import { TooltipProvider } from '@/components/ui/tooltip';
import type { ProjectListItem, Segment } from '@/lib/types';

/** Renders inside the providers app/layout.tsx puts around every page. */
export function renderWithProviders(ui: ReactElement, options?: RenderOptions) {
  return render(ui, { wrapper: ({ children }) => <TooltipProvider>{children}</TooltipProvider>, ...options });
}

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
    is_locked: false,
    ...overrides,
  };
}

export function makeProject(overrides: Partial<ProjectListItem> = {}): ProjectListItem {
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
    segment_count: 3,
    ...overrides,
  };
}
