import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { Voice } from '@storyflow/contract';
import { VoiceSelect } from '@/components/VoiceSelect';
import { renderWithProviders } from '@/test/helpers/providers';

const VOICES: Voice[] = [
  { id: 'kokoro:af_heart', name: 'English (US) — Heart, female', engine: 'kokoro', language: 'en-us', language_name: 'English (US)', gender: 'female' },
  { id: 'espeak:en-us', name: 'English (US) — eSpeak, male', engine: 'espeak', language: 'en-us', language_name: 'English (US)', gender: 'male' },
  { id: 'espeak:de', name: 'German — eSpeak, male', engine: 'espeak', language: 'de', language_name: 'German', gender: 'male' },
];

describe('VoiceSelect', () => {
  it('groups voices by language, each option named in full (a closed select hides the group)', async () => {
    const onChange = vi.fn();
    renderWithProviders(<VoiceSelect id="v" value="espeak:en-us" voices={VOICES} onChange={onChange} />);
    const select = screen.getByRole('combobox');
    const groups = within(select).getAllByRole('group');
    expect(groups.map((g) => g.getAttribute('label'))).toEqual(['English (US)', 'German']);
    expect(within(groups[0]!).getAllByRole('option').map((o) => o.textContent)).toEqual([
      'English (US) — Heart, female',
      'English (US) — eSpeak, male',
    ]);
    await userEvent.selectOptions(select, 'kokoro:af_heart');
    expect(onChange).toHaveBeenCalledWith('kokoro:af_heart');
  });

  it('offers the default option first and keeps an uninstalled stored voice visible', () => {
    renderWithProviders(
      <VoiceSelect id="v" value="kokoro:bf_emma" voices={VOICES.slice(1)} onChange={vi.fn()} defaultOption={{ value: '', label: 'Default (from Settings)' }} />,
    );
    const options = screen.getAllByRole('option').map((o) => o.textContent);
    expect(options.slice(0, 2)).toEqual(['Default (from Settings)', 'kokoro:bf_emma (not installed)']);
  });
});
