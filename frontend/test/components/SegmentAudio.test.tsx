import '@/test/helpers/dom-polyfills';
import { SegmentAudio } from '@/components/SegmentAudio';
import { makeSegment } from '@/test/helpers/fixtures';
import { renderWithProviders } from '@/test/helpers/providers';
import type { Segment } from '@storyflow/contract';

vi.mock('sonner', () => ({ toast: { error: vi.fn(), success: vi.fn(), info: vi.fn() } }));

const voiced = (overrides: Partial<Segment> = {}) =>
  makeSegment({ audio_file: '/media/projects/p/audio/seg-1.wav', audio_duration: 2.5, ...overrides });

function audioSrc(container: HTMLElement): string | null {
  return container.querySelector('audio')?.getAttribute('src') ?? null;
}

function renderAudio(segment: Segment) {
  const props = {
    outOfSync: false,
    beforeGenerate: async () => {},
    onSegmentChange: () => {},
    onAudioGenerated: () => {},
  };
  const view = renderWithProviders(<SegmentAudio segment={segment} {...props} />);
  return { ...view, rerenderWith: (next: Segment) => view.rerender(<SegmentAudio segment={next} {...props} />) };
}

describe('the segment player source', () => {
  it('stays the same when only the segment changes (a text edit moves updated_at), so playback is not cut', () => {
    const { container, rerenderWith } = renderAudio(voiced());
    const before = audioSrc(container);
    expect(before).toMatch(/^\/media\/projects\/p\/audio\/seg-1\.wav\?v=/);
    rerenderWith(voiced({ updated_at: '2026-01-01T10:05:00Z', text_content: 'Edited narration.' }));
    expect(audioSrc(container)).toBe(before);
  });

  it('changes when the audio does (another take has another length)', () => {
    const { container, rerenderWith } = renderAudio(voiced());
    const before = audioSrc(container);
    rerenderWith(voiced({ audio_duration: 3.1 }));
    expect(audioSrc(container)).not.toBe(before);
  });
});
