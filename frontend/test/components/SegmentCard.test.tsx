import { act, fireEvent, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { toast } from 'sonner';
import '@/test/helpers/dom-polyfills';
import { makeSegment } from '@/test/helpers/fixtures';
import { renderWithProviders } from '@/test/helpers/providers';
import { SegmentCard } from '@/components/SegmentCard';
import { RETRY_BASE_MS } from '@/hooks/use-segment-autosave';
import {
  ApiError,
  generateSegmentAudio,
  getSegment,
  getTaskStatus,
  updateSegment,
  uploadSegmentImage,
} from '@/lib/api';
import type { Segment, TaskStatusResponse } from '@storyflow/contract';

vi.mock('sonner', () => ({ toast: { error: vi.fn(), success: vi.fn(), info: vi.fn() } }));
vi.mock('@/lib/api', async (importOriginal) => ({
  ...(await importOriginal<typeof import('@/lib/api')>()),
  updateSegment: vi.fn(),
  uploadSegmentImage: vi.fn(),
  generateSegmentAudio: vi.fn(),
  getTaskStatus: vi.fn(),
  getSegment: vi.fn(),
  deleteSegment: vi.fn(),
  removeSegmentImage: vi.fn(),
  removeSegmentAudio: vi.fn(),
}));

function task(status: TaskStatusResponse['status'], errors: TaskStatusResponse['errors'] = []): TaskStatusResponse {
  return {
    task_id: 'tts_seg-1_abcdef12',
    status,
    progress: { current: status === 'COMPLETED' ? 1 : 0, total: 1, percentage: status === 'COMPLETED' ? 100 : 0 },
    completed_segments: [],
    errors,
  };
}

/** The only card of a timeline, with short autosave and poll delays. */
function card(segment: Segment, onChange: (segment: Segment) => void) {
  return (
    <SegmentCard
      segment={segment}
      position={1}
      isFirst
      isLast
      onChange={onChange}
      onDelete={vi.fn()}
      onMove={vi.fn()}
      autosaveDelayMs={20}
      pollIntervalMs={5}
    />
  );
}

function renderCard(segment: Segment, onChange = vi.fn()) {
  return { ...renderWithProviders(card(segment, onChange)), onChange };
}

beforeEach(() => {
  vi.clearAllMocks();
  window.localStorage.clear();
});

describe('SegmentCard autosave', () => {
  it('sends one debounced PATCH with the final text and shows Saved', async () => {
    const segment = makeSegment({ text_content: '' });
    vi.mocked(updateSegment).mockImplementation(async (_id, patch) => ({ ...segment, ...patch }));
    const { onChange } = renderCard(segment);

    // Keystrokes in one burst: no PATCH until the typing pauses, then one with the final text.
    const narration = screen.getByLabelText('Narration');
    for (const value of ['H', 'He', 'Hel', 'Hell', 'Hello']) fireEvent.change(narration, { target: { value } });
    expect(updateSegment).not.toHaveBeenCalled();
    expect(screen.getByText('Editing…')).toBeInTheDocument();
    await waitFor(() => expect(screen.getByText('Saved')).toBeInTheDocument());
    expect(updateSegment).toHaveBeenCalledTimes(1);
    expect(updateSegment).toHaveBeenCalledWith('seg-1', { text_content: 'Hello' });
    expect(onChange).toHaveBeenCalledWith(expect.objectContaining({ text_content: 'Hello' }));
  });

  it('keeps the typed text and toasts the server message when saving fails', async () => {
    vi.mocked(updateSegment).mockRejectedValue(
      new ApiError({ status: 400, error: 'Cannot edit a locked segment. Unlock it first.' }),
    );
    renderCard(makeSegment({ text_content: '' }));
    await userEvent.type(screen.getByLabelText('Narration'), 'Hi');
    await waitFor(() => expect(screen.getByText('Not saved')).toBeInTheDocument());
    expect(toast.error).toHaveBeenCalledWith(
      'Could not save the segment: Cannot edit a locked segment. Unlock it first.',
      expect.anything(),
    );
    expect(screen.getByLabelText('Narration')).toHaveValue('Hi');
  });
});

describe('SegmentCard keeps typed text', () => {
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  it('saves on blur without waiting for the typing pause', async () => {
    const segment = makeSegment({ text_content: '' });
    vi.mocked(updateSegment).mockImplementation(async (_id, patch) => ({ ...segment, ...patch }));
    renderWithProviders(
      <SegmentCard segment={segment} position={1} isFirst isLast onChange={vi.fn()} onDelete={vi.fn()} onMove={vi.fn()} autosaveDelayMs={60_000} />,
    );
    const narration = screen.getByLabelText('Narration');
    fireEvent.change(narration, { target: { value: 'Typed then left' } });
    expect(updateSegment).not.toHaveBeenCalled();
    fireEvent.blur(narration);
    await waitFor(() => expect(screen.getByText('Saved')).toBeInTheDocument());
    expect(updateSegment).toHaveBeenCalledWith('seg-1', { text_content: 'Typed then left' });
  });

  it('saves on in-app navigation (the card unmounts) before the typing pause ends', async () => {
    const segment = makeSegment({ text_content: '' });
    vi.mocked(updateSegment).mockImplementation(async (_id, patch) => ({ ...segment, ...patch }));
    const { unmount } = renderWithProviders(
      <SegmentCard segment={segment} position={1} isFirst isLast onChange={vi.fn()} onDelete={vi.fn()} onMove={vi.fn()} autosaveDelayMs={60_000} />,
    );
    fireEvent.change(screen.getByLabelText('Narration'), { target: { value: 'Then I clicked Projects' } });
    unmount();
    await waitFor(() => expect(updateSegment).toHaveBeenCalledWith('seg-1', { text_content: 'Then I clicked Projects' }));
  });

  it('sends the pending edit with a keepalive request when the page is hidden', async () => {
    const segment = makeSegment({ text_content: '' });
    const fetchMock = vi.fn(async (_url: string, init: RequestInit) =>
      Response.json({ ...segment, ...(JSON.parse(init.body as string) as object) }),
    );
    vi.stubGlobal('fetch', fetchMock);
    renderWithProviders(
      <SegmentCard segment={segment} position={1} isFirst isLast onChange={vi.fn()} onDelete={vi.fn()} onMove={vi.fn()} autosaveDelayMs={60_000} />,
    );
    fireEvent.change(screen.getByLabelText('Narration'), { target: { value: 'Last words' } });

    // Leaving with unsaved text asks the browser to warn.
    const leaving = new Event('beforeunload', { cancelable: true });
    window.dispatchEvent(leaving);
    expect(leaving.defaultPrevented).toBe(true);

    window.dispatchEvent(new Event('pagehide'));
    expect(fetchMock).toHaveBeenCalledTimes(1);
    const [url, init] = fetchMock.mock.calls[0]!;
    expect(url).toBe('/api/segments/seg-1/');
    expect(init).toMatchObject({ method: 'PATCH', keepalive: true, body: JSON.stringify({ text_content: 'Last words' }) });
    // The next editor of this tab must not trust an early project read made before this save lands.
    expect(window.sessionStorage.getItem('storyflow:save-sent-on-leaving')).toBe('1');
    await waitFor(() => expect(screen.getByText('Saved')).toBeInTheDocument());
    expect(updateSegment).not.toHaveBeenCalled();

    // Nothing left unsaved: no warning, and a second pagehide sends nothing.
    const again = new Event('beforeunload', { cancelable: true });
    window.dispatchEvent(again);
    expect(again.defaultPrevented).toBe(false);
    window.dispatchEvent(new Event('pagehide'));
    expect(fetchMock).toHaveBeenCalledTimes(1);
  });

  it('retries a save the server did not answer, backing off, then shows Saved', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: false });
    const segment = makeSegment({ text_content: '' });
    const unreachable = new ApiError({ status: 0, error: 'Cannot reach the StoryFlow server. Check that it is running.' });
    vi.mocked(updateSegment)
      .mockRejectedValueOnce(unreachable)
      .mockRejectedValueOnce(unreachable)
      .mockImplementation(async (_id, patch) => ({ ...segment, ...patch }));
    const { onChange } = renderCard(segment);
    fireEvent.change(screen.getByLabelText('Narration'), { target: { value: 'Offline draft' } });

    await act(() => vi.advanceTimersByTimeAsync(20)); // the debounce → first attempt fails
    expect(updateSegment).toHaveBeenCalledTimes(1);
    expect(screen.getByText('Not saved — retrying…')).toBeInTheDocument();

    await act(() => vi.advanceTimersByTimeAsync(RETRY_BASE_MS - 1));
    expect(updateSegment).toHaveBeenCalledTimes(1);
    await act(() => vi.advanceTimersByTimeAsync(1)); // second attempt after 1 s, fails again
    expect(updateSegment).toHaveBeenCalledTimes(2);
    expect(screen.getByText('Not saved — retrying…')).toBeInTheDocument();

    await act(() => vi.advanceTimersByTimeAsync(2 * RETRY_BASE_MS - 1)); // the wait has doubled
    expect(updateSegment).toHaveBeenCalledTimes(2);
    await act(() => vi.advanceTimersByTimeAsync(1));
    expect(updateSegment).toHaveBeenCalledTimes(3);
    expect(updateSegment).toHaveBeenLastCalledWith('seg-1', { text_content: 'Offline draft' });
    expect(screen.getByText('Saved')).toBeInTheDocument();
    expect(onChange).toHaveBeenCalledWith(expect.objectContaining({ text_content: 'Offline draft' }));
    expect(toast.error).toHaveBeenCalledTimes(1); // one toast for the outage, not one per attempt
  });
});

describe('SegmentCard lock', () => {
  it('disables editing, uploads, audio and delete while locked', () => {
    renderCard(makeSegment({ is_locked: true }));
    expect(screen.getByLabelText('Narration')).toBeDisabled();
    expect(screen.getByLabelText('Image prompt')).toBeDisabled();
    expect(screen.getByTestId('image-file-input')).toBeDisabled();
    expect(screen.getByRole('button', { name: /Generate audio/ })).toBeDisabled();
    expect(screen.getByRole('button', { name: 'Delete segment' })).toBeDisabled();
    expect(screen.getByRole('button', { name: 'Unlock segment' })).toBeEnabled();
  });

  it('sends {is_locked} when the lock is toggled', async () => {
    const segment = makeSegment();
    vi.mocked(updateSegment).mockResolvedValue({ ...segment, is_locked: true });
    const { onChange } = renderCard(segment);
    await userEvent.click(screen.getByRole('button', { name: 'Lock segment' }));
    await waitFor(() => expect(onChange).toHaveBeenCalledWith(expect.objectContaining({ is_locked: true })));
    expect(updateSegment).toHaveBeenCalledWith('seg-1', { is_locked: true });
  });
});

describe('SegmentCard image upload', () => {
  it('rejects a file that is not JPEG, PNG or WebP without uploading', () => {
    renderCard(makeSegment());
    const file = new File(['GIF89a'], 'cat.gif', { type: 'image/gif' });
    fireEvent.change(screen.getByTestId('image-file-input'), { target: { files: [file] } });
    expect(toast.error).toHaveBeenCalledWith('“cat.gif” is not a JPEG, PNG or WebP image.');
    expect(uploadSegmentImage).not.toHaveBeenCalled();
  });

  it('rejects an image over 20 MB without uploading', () => {
    renderCard(makeSegment());
    const file = new File(['x'], 'huge.png', { type: 'image/png' });
    Object.defineProperty(file, 'size', { value: 21 * 1024 * 1024 });
    fireEvent.drop(screen.getByTestId('image-drop-zone'), { dataTransfer: { files: [file] } });
    expect(toast.error).toHaveBeenCalledWith('“huge.png” is 21 MB; images can be at most 20 MB.');
    expect(uploadSegmentImage).not.toHaveBeenCalled();
  });

  it('uploads an accepted image and shows the preview', async () => {
    const segment = makeSegment();
    vi.mocked(uploadSegmentImage).mockResolvedValue({ id: 'seg-1', image_file: '/media/projects/p/images/a.png', message: 'ok' });
    const onChange = vi.fn();
    const { rerender } = renderCard(segment, onChange);
    const file = new File(['png'], 'a.png', { type: 'image/png' });
    fireEvent.change(screen.getByTestId('image-file-input'), { target: { files: [file] } });
    await waitFor(() => expect(onChange).toHaveBeenCalledWith({ ...segment, image_file: '/media/projects/p/images/a.png' }));
    expect(uploadSegmentImage).toHaveBeenCalledWith('seg-1', file);
    rerender(card({ ...segment, image_file: '/media/projects/p/images/a.png' }, onChange));
    // The server's thumbnail, never the full-size original (SPEC §7.8).
    const preview = screen.getByAltText('Segment image').getAttribute('src');
    expect(preview).toBe('/api/segments/seg-1/thumbnail.webp?w=480&v=a.png-1');
    // The focus-point picker too: no picture of the card loads the original.
    const sources = [...document.querySelectorAll('img')].map((img) => img.getAttribute('src'));
    expect(sources).toEqual([preview, preview]);
  });
});

describe('SegmentCard audio', () => {
  it('shows No audio when the segment has none', () => {
    renderCard(makeSegment());
    expect(screen.getByText('No audio')).toBeInTheDocument();
  });

  it('shows Ready with the duration and a player when audio exists', () => {
    renderCard(makeSegment({ audio_file: '/media/projects/p/audio/seg-1.wav', audio_duration: 65.4 }));
    expect(screen.getByText('Ready 1:05')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Play segment 1' })).toBeInTheDocument();
    // Nothing is downloaded until the user presses play.
    expect(document.querySelector('audio')).toHaveAttribute('preload', 'none');
    expect(screen.getByText('0:00 / 1:05')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: /Regenerate/ })).toBeInTheDocument();
  });

  it('shows Generating while the task runs, then Ready from the refreshed segment', async () => {
    const segment = makeSegment();
    vi.mocked(generateSegmentAudio).mockResolvedValue({
      task_id: 'tts_seg-1_abcdef12',
      segment_id: 'seg-1',
      status: 'PENDING',
      message: 'queued',
    });
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    vi.mocked(getTaskStatus)
      .mockResolvedValueOnce(task('PROCESSING'))
      .mockImplementationOnce(async () => {
        await gate;
        return task('COMPLETED');
      });
    const withAudio = { ...segment, audio_file: '/media/projects/p/audio/seg-1.wav', audio_duration: 3.2 };
    vi.mocked(getSegment).mockResolvedValue(withAudio);
    const { onChange } = renderCard(segment);

    await userEvent.click(screen.getByRole('button', { name: /Generate audio/ }));
    expect(await screen.findByText('Generating')).toBeInTheDocument();
    release();
    await waitFor(() => expect(onChange).toHaveBeenCalledWith(withAudio));
    expect(generateSegmentAudio).toHaveBeenCalledWith('seg-1', expect.anything());
    expect(getTaskStatus).toHaveBeenCalledWith('tts_seg-1_abcdef12', expect.anything());
  });

  it('shows Failed with the reason the task reports', async () => {
    vi.mocked(generateSegmentAudio).mockResolvedValue({
      task_id: 't1',
      segment_id: 'seg-1',
      status: 'PENDING',
      message: 'queued',
    });
    vi.mocked(getTaskStatus).mockResolvedValue(task('FAILED', [{ segment_id: 'seg-1', error: 'espeak-ng exited with code 1' }]));
    renderCard(makeSegment());
    await userEvent.click(screen.getByRole('button', { name: /Generate audio/ }));
    expect(await screen.findByText('Failed: espeak-ng exited with code 1')).toBeInTheDocument();
  });

  it('shows Failed with the server message when generation is refused', async () => {
    vi.mocked(generateSegmentAudio).mockRejectedValue(new ApiError({ status: 503, error: 'No speech engine available' }));
    renderCard(makeSegment());
    await userEvent.click(screen.getByRole('button', { name: /Generate audio/ }));
    expect(await screen.findByText('Failed: No speech engine available')).toBeInTheDocument();
    expect(toast.error).toHaveBeenCalledWith('Could not generate audio: No speech engine available', expect.anything());
  });

  it('warns that audio may be out of sync after the narration is edited', async () => {
    const segment = makeSegment({ audio_file: '/media/projects/p/audio/seg-1.wav', audio_duration: 2 });
    vi.mocked(updateSegment).mockImplementation(async (_id, patch) => ({ ...segment, ...patch }));
    renderCard(segment);
    expect(screen.queryByText(/audio may be out of sync/)).not.toBeInTheDocument();
    await userEvent.type(screen.getByLabelText('Narration'), ' More.');
    expect(screen.getByText(/Text changed — audio may be out of sync/)).toBeInTheDocument();
  });

  it('does not warn when a segment without audio is edited', async () => {
    const segment = makeSegment();
    vi.mocked(updateSegment).mockImplementation(async (_id, patch) => ({ ...segment, ...patch }));
    renderCard(segment);
    await userEvent.type(screen.getByLabelText('Narration'), ' More.');
    expect(screen.queryByText(/audio may be out of sync/)).not.toBeInTheDocument();
  });
});
