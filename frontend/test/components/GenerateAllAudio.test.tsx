import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { toast } from 'sonner';
import '@/test/helpers/dom-polyfills';
import { renderWithProviders } from '@/test/helpers/providers';
import { GenerateAllAudio } from '@/components/GenerateAllAudio';
import { generateAllAudio, getTaskStatus } from '@/lib/api';
import type { GenerateAllAudioResponse, TaskStatusResponse } from '@storyflow/contract';

vi.mock('sonner', () => ({ toast: { error: vi.fn(), success: vi.fn(), info: vi.fn() } }));
vi.mock('@/lib/api', async (importOriginal) => ({
  ...(await importOriginal<typeof import('@/lib/api')>()),
  generateAllAudio: vi.fn(),
  getTaskStatus: vi.fn(),
}));

const COUNTS: Omit<GenerateAllAudioResponse, 'message' | 'task_id'> = {
  project_id: 'p1',
  total_segments: 12,
  segments_to_process: 10,
  skipped_locked: 1,
  skipped_existing: 1,
  skipped_empty: 0,
};

function status(current: number, state: TaskStatusResponse['status'], errors: TaskStatusResponse['errors'] = []): TaskStatusResponse {
  return {
    task_id: 'tts_batch_p1_00000000',
    status: state,
    progress: { current, total: 10, percentage: current * 10 },
    completed_segments: Array.from({ length: current - errors.length }, (_, i) => ({
      segment_id: `s${i}`,
      audio_url: `/media/projects/p1/audio/s${i}.wav`,
      duration: 2,
    })),
    errors,
  };
}

beforeEach(() => {
  vi.clearAllMocks();
  sessionStorage.clear();
});

describe('GenerateAllAudio', () => {
  it('shows "4/10 segments" while running, hands over finished segments, then a summary', async () => {
    vi.mocked(generateAllAudio).mockResolvedValue({ ...COUNTS, task_id: 'tts_batch_p1_00000000', status: 'PENDING', message: 'started' });
    let finish!: () => void;
    const gate = new Promise<void>((r) => (finish = r));
    vi.mocked(getTaskStatus)
      .mockResolvedValueOnce(status(4, 'PROCESSING'))
      .mockImplementationOnce(async () => {
        await gate;
        return status(10, 'COMPLETED', [{ segment_id: 's9', error: 'espeak-ng crashed' }]);
      });
    const onSegmentsCompleted = vi.fn();
    const onFinished = vi.fn();
    renderWithProviders(
      <GenerateAllAudio projectId="p1" onSegmentsCompleted={onSegmentsCompleted} onFinished={onFinished} pollIntervalMs={1} />,
    );
    await userEvent.click(screen.getByRole('button', { name: 'Generate all audio' }));

    expect(await screen.findByText('4/10 segments')).toBeInTheDocument();
    expect(generateAllAudio).toHaveBeenCalledWith('p1', { skip_locked: true, force_regenerate: false });
    expect(onSegmentsCompleted).toHaveBeenCalledWith(expect.arrayContaining([expect.objectContaining({ segment_id: 's0' })]));

    finish();
    expect(await screen.findByText(/Generated audio for 9 of 10 segments, 1 failed/)).toBeInTheDocument();
    expect(screen.getByText('espeak-ng crashed')).toBeInTheDocument();
    expect(screen.getByText(/Skipped: 1 already had audio, 1 locked/)).toBeInTheDocument();
    await waitFor(() => expect(onFinished).toHaveBeenCalledTimes(1));
  });

  it('says so when there is nothing to do (200 without a task)', async () => {
    vi.mocked(generateAllAudio).mockResolvedValue({ ...COUNTS, task_id: null, segments_to_process: 0, message: 'All segments already have audio' });
    renderWithProviders(<GenerateAllAudio projectId="p1" onSegmentsCompleted={vi.fn()} />);
    await userEvent.click(screen.getByRole('button', { name: 'Generate all audio' }));
    await waitFor(() => expect(toast.info).toHaveBeenCalledWith('All segments already have audio', expect.anything()));
    expect(getTaskStatus).not.toHaveBeenCalled();
    expect(screen.getByRole('button', { name: 'Generate all audio' })).toBeEnabled();
  });
});
