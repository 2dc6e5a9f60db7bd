import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { Voice } from '@storyflow/contract';
import { ProjectVoiceSettings } from '@/components/ProjectVoiceSettings';
import { listVoices, updateProject } from '@/lib/api';
import { makeProject } from '@/test/helpers/fixtures';
import { renderWithProviders } from '@/test/helpers/providers';

vi.mock('sonner', () => ({ toast: { error: vi.fn(), success: vi.fn() } }));
vi.mock('@/lib/api', async (importOriginal) => ({
  ...(await importOriginal<typeof import('@/lib/api')>()),
  listVoices: vi.fn(),
  updateProject: vi.fn(),
}));

const VOICES: Voice[] = [
  { id: 'espeak:en-us', name: 'English (US) — eSpeak, male', engine: 'espeak', language: 'en-us', language_name: 'English (US)', gender: 'male' },
  { id: 'espeak:en-us+f3', name: 'English (US) — eSpeak, female', engine: 'espeak', language: 'en-us', language_name: 'English (US)', gender: 'female' },
];

beforeEach(() => {
  vi.clearAllMocks();
  vi.mocked(listVoices).mockResolvedValue(VOICES);
});

describe('ProjectVoiceSettings', () => {
  it('saves a chosen voice and speed on the project, and "Default" as null', async () => {
    const saved = makeProject({ voice_id: 'espeak:en-us+f3' });
    vi.mocked(updateProject).mockResolvedValue(saved);
    const onSaved = vi.fn();
    const { rerender } = renderWithProviders(<ProjectVoiceSettings project={makeProject()} onSaved={onSaved} />);
    const voice = await screen.findByLabelText('Project voice');
    await waitFor(() => expect(voice).toBeEnabled());
    await userEvent.selectOptions(voice, 'espeak:en-us+f3');
    expect(updateProject).toHaveBeenCalledWith('proj-1', { voice_id: 'espeak:en-us+f3' });
    await waitFor(() => expect(onSaved).toHaveBeenCalledWith(saved));

    rerender(<ProjectVoiceSettings project={saved} onSaved={onSaved} />);
    expect(screen.getByRole('button', { name: 'Play sample of English (US) — eSpeak, female' })).toBeInTheDocument();
    await userEvent.selectOptions(screen.getByLabelText('Project voice'), '');
    expect(updateProject).toHaveBeenLastCalledWith('proj-1', { voice_id: null });
    await userEvent.selectOptions(screen.getByLabelText('Speed'), '1.25');
    expect(updateProject).toHaveBeenLastCalledWith('proj-1', { tts_speed: 1.25 });
  });
});
