import { AUDIO_TEXT_STORAGE_KEY, useAudioTextStore } from '@/lib/stores';

const store = () => useAudioTextStore.getState();

beforeEach(() => {
  useAudioTextStore.setState({ audioTexts: {} });
  window.localStorage.clear();
});

describe('audio text memory (client-only state)', () => {
  it('remembers the text each segment’s audio speaks, and forgets on request', () => {
    store().rememberAudioText('s1', 'Hello');
    store().rememberAudioText('s2', 'World');
    store().rememberAudioText('s1', null);
    expect(store().audioTexts).toEqual({ s2: 'World' });
  });

  it('survives a reload through localStorage', async () => {
    store().rememberAudioText('s1', 'Hello');
    const saved = window.localStorage.getItem(AUDIO_TEXT_STORAGE_KEY) ?? '';
    expect(JSON.parse(saved)).toMatchObject({ state: { audioTexts: { s1: 'Hello' } } });

    // A new page: empty memory, the same storage.
    useAudioTextStore.setState({ audioTexts: {} });
    window.localStorage.setItem(AUDIO_TEXT_STORAGE_KEY, saved);
    await useAudioTextStore.persist.rehydrate();
    expect(store().audioTexts).toEqual({ s1: 'Hello' });
  });
});
