import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { NaturalVoicesStatus } from '@storyflow/contract';
import { NaturalVoicesDownload } from '@/components/NaturalVoicesDownload';
import { getNaturalVoices, startNaturalVoicesDownload } from '@/lib/voices-api';
import { renderWithProviders } from '@/test/helpers/providers';

vi.mock('sonner', () => ({ toast: { error: vi.fn(), success: vi.fn() } }));
vi.mock('@/lib/voices-api', async (importOriginal) => ({
  ...(await importOriginal<typeof import('@/lib/voices-api')>()),
  getNaturalVoices: vi.fn(),
  startNaturalVoicesDownload: vi.fn(),
}));

const BASE: NaturalVoicesStatus = {
  state: 'not_installed',
  bytes_done: 0,
  bytes_total: 0,
  percentage: 0,
  current_file: null,
  error: null,
  error_code: null,
};
const downloading = (done: number): NaturalVoicesStatus => ({
  ...BASE,
  state: 'downloading',
  bytes_done: done,
  bytes_total: 92_000_000,
  percentage: Math.round((done / 92_000_000) * 1000) / 10,
  current_file: 'onnx/model_quantized.onnx',
});

beforeEach(() => vi.clearAllMocks());

describe('NaturalVoicesDownload', () => {
  it('starts the download, shows its progress while polling and reports when it is installed', async () => {
    vi.mocked(getNaturalVoices)
      .mockResolvedValueOnce(BASE)
      .mockResolvedValueOnce(downloading(46_000_000))
      .mockResolvedValue({ ...BASE, state: 'installed', percentage: 100 });
    vi.mocked(startNaturalVoicesDownload).mockResolvedValue(downloading(0));
    const onInstalled = vi.fn();
    renderWithProviders(<NaturalVoicesDownload onInstalled={onInstalled} pollMs={1} />);

    await userEvent.click(await screen.findByRole('button', { name: 'Download natural voices' }));
    expect(startNaturalVoicesDownload).toHaveBeenCalledTimes(1);
    expect(await screen.findByText('46.0 MB of 92.0 MB')).toBeInTheDocument();
    expect(screen.getByRole('progressbar', { name: 'Natural voices download' })).toBeInTheDocument();
    expect(await screen.findByText('Natural voices (Kokoro) are installed.')).toBeInTheDocument();
    expect(onInstalled).toHaveBeenCalledTimes(1);
  });

  it('shows why a download failed and offers to try again (which resumes on the server)', async () => {
    vi.mocked(getNaturalVoices).mockResolvedValue({
      ...BASE,
      state: 'failed',
      error: 'Could not reach huggingface.co (ENOTFOUND). Check the internet connection.',
      error_code: 'models_offline',
    });
    vi.mocked(startNaturalVoicesDownload).mockResolvedValue(downloading(10));
    renderWithProviders(<NaturalVoicesDownload onInstalled={vi.fn()} pollMs={60_000} />);
    expect(await screen.findByRole('alert')).toHaveTextContent('Could not reach huggingface.co (ENOTFOUND)');
    await userEvent.click(screen.getByRole('button', { name: 'Try again' }));
    await waitFor(() => expect(startNaturalVoicesDownload).toHaveBeenCalledTimes(1));
  });

  it('says nothing more than that the voices are installed when they already are, and does not call back', async () => {
    vi.mocked(getNaturalVoices).mockResolvedValue({ ...BASE, state: 'installed', percentage: 100 });
    const onInstalled = vi.fn();
    renderWithProviders(<NaturalVoicesDownload onInstalled={onInstalled} />);
    expect(await screen.findByText('Natural voices (Kokoro) are installed.')).toBeInTheDocument();
    expect(screen.queryByRole('button')).toBeNull();
    expect(onInstalled).not.toHaveBeenCalled();
  });
});
