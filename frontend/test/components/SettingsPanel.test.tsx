import { fireEvent, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderWithProviders } from '@/test/helpers/providers';
import { SettingsPanel } from '@/components/SettingsPanel';
import { ApiError, getSettings, getSystemInfo, listVoices, updateSettings } from '@/lib/api';
import type { GlobalSettings } from '@storyflow/contract';

vi.mock('sonner', () => ({ toast: { error: vi.fn(), success: vi.fn() } }));
vi.mock('@/lib/api', async (importOriginal) => ({
  ...(await importOriginal<typeof import('@/lib/api')>()),
  getSettings: vi.fn(),
  listVoices: vi.fn(),
  updateSettings: vi.fn(),
  getSystemInfo: vi.fn(),
}));

const SETTINGS: GlobalSettings = {
  default_voice_id: 'en-us',
  tts_speed: 1,
  zoom_intensity: 1.3,
  subtitle_font: '',
  subtitle_color: '#FFFFFF',
};

beforeEach(() => {
  vi.clearAllMocks();
  vi.mocked(getSettings).mockResolvedValue(SETTINGS);
  vi.mocked(getSystemInfo).mockResolvedValue({ tools: [] });
  vi.mocked(listVoices).mockResolvedValue([
    { id: 'en-us', name: 'English (US)', engine: 'espeak-ng', language: 'en-US', language_name: 'English (US)' },
    { id: 'af_heart', name: 'Heart', engine: 'kokoro', language: 'en-US', language_name: 'English (US)', gender: 'female' },
  ]);
});

describe('SettingsPanel', () => {
  it('saves a new voice at once', async () => {
    vi.mocked(updateSettings).mockResolvedValue({ ...SETTINGS, default_voice_id: 'af_heart' });
    renderWithProviders(<SettingsPanel saveDelayMs={1} />);
    await userEvent.selectOptions(await screen.findByLabelText('Voice'), 'af_heart');
    await waitFor(() => expect(updateSettings).toHaveBeenCalledWith({ default_voice_id: 'af_heart' }));
    expect(await screen.findByText('Saved')).toBeInTheDocument();
  });

  it('shows an out-of-range value as a field error and does not send it', async () => {
    renderWithProviders(<SettingsPanel saveDelayMs={1} />);
    fireEvent.change(await screen.findByLabelText('Speech speed'), { target: { value: '3' } });
    expect(screen.getByRole('alert')).toHaveTextContent('Must be between 0.5 and 2.0');
    expect(screen.getByLabelText('Speech speed')).toHaveAttribute('aria-invalid', 'true');
    await new Promise((r) => setTimeout(r, 10));
    expect(updateSettings).not.toHaveBeenCalled();
  });

  it('sends a valid value after the debounce', async () => {
    vi.mocked(updateSettings).mockResolvedValue({ ...SETTINGS, zoom_intensity: 1.5 });
    renderWithProviders(<SettingsPanel saveDelayMs={1} />);
    fireEvent.change(await screen.findByLabelText('Ken Burns zoom'), { target: { value: '1.5' } });
    await waitFor(() => expect(updateSettings).toHaveBeenCalledWith({ zoom_intensity: 1.5 }));
  });

  it('shows the field errors the server returns under their fields', async () => {
    vi.mocked(updateSettings).mockRejectedValue(
      new ApiError({
        status: 400,
        error: 'Default voice id: Unknown voice',
        fieldErrors: { default_voice_id: ['"af_heart" is not an available voice'] },
      }),
    );
    renderWithProviders(<SettingsPanel saveDelayMs={1} />);
    await userEvent.selectOptions(await screen.findByLabelText('Voice'), 'af_heart');
    expect(await screen.findByRole('alert')).toHaveTextContent('"af_heart" is not an available voice');
    expect(screen.getByLabelText('Voice')).toHaveAttribute('aria-invalid', 'true');
  });
});
