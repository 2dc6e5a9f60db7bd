import { act, fireEvent, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { AudioPlayer } from '@/components/AudioPlayer';
import { usePlaybackStore } from '@/lib/stores';

// jsdom has no media pipeline: play() and pause() only announce themselves, as a browser's would.
let playSpy: ReturnType<typeof vi.spyOn>;
let pauseSpy: ReturnType<typeof vi.spyOn>;
beforeEach(() => {
  usePlaybackStore.setState({ playing: null });
  const paused = new WeakMap<HTMLMediaElement, boolean>();
  vi.spyOn(HTMLMediaElement.prototype, 'paused', 'get').mockImplementation(function (this: HTMLMediaElement) {
    return paused.get(this) ?? true;
  });
  playSpy = vi.spyOn(HTMLMediaElement.prototype, 'play').mockImplementation(function (this: HTMLMediaElement) {
    paused.set(this, false);
    this.dispatchEvent(new Event('play'));
    return Promise.resolve();
  });
  pauseSpy = vi.spyOn(HTMLMediaElement.prototype, 'pause').mockImplementation(function (this: HTMLMediaElement) {
    if (paused.get(this) === false) {
      paused.set(this, true);
      this.dispatchEvent(new Event('pause'));
    }
  });
});
afterEach(() => vi.restoreAllMocks());

function players() {
  render(
    <>
      <AudioPlayer src="/media/a.wav" durationSeconds={3} label="segment 1" />
      <AudioPlayer src="/media/b.wav" durationSeconds={4} label="segment 2" />
    </>,
  );
  const [first, second] = [...document.querySelectorAll('audio')];
  return { first: first!, second: second! };
}

describe('AudioPlayer', () => {
  it('downloads nothing until played', () => {
    const { first, second } = players();
    expect(first).toHaveAttribute('preload', 'none');
    expect(second).toHaveAttribute('preload', 'none');
    expect(playSpy).not.toHaveBeenCalled();
  });

  it('plays one narration at a time: starting a player pauses the one playing', async () => {
    const { first, second } = players();
    await userEvent.click(screen.getByRole('button', { name: 'Play segment 1' }));
    expect(first.paused).toBe(false);
    expect(screen.getByRole('button', { name: 'Pause segment 1' })).toBeInTheDocument();

    await userEvent.click(screen.getByRole('button', { name: 'Play segment 2' }));
    expect(second.paused).toBe(false);
    expect(first.paused).toBe(true);
    expect(pauseSpy.mock.contexts).toContain(first);
    expect(screen.getByRole('button', { name: 'Play segment 1' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Pause segment 2' })).toBeInTheDocument();
  });

  it('a player that unmounts while playing gives up its claim, so the next one plays undisturbed', async () => {
    const { unmount } = render(<AudioPlayer src="/media/a.wav" durationSeconds={3} label="segment 1" />);
    await userEvent.click(screen.getByRole('button', { name: 'Play segment 1' }));
    expect(usePlaybackStore.getState().playing).not.toBeNull();
    act(() => unmount());
    expect(usePlaybackStore.getState().playing).toBeNull();
  });
});

describe('AudioPlayer seek bar', () => {
  it('is a slider that arrow keys move by whole seconds, not by its 0.01 s drag step', () => {
    render(<AudioPlayer src="/media/a.wav" durationSeconds={12} />);
    const slider = screen.getByRole('slider', { name: 'Seek narration' });
    expect(slider).toHaveAttribute('aria-valuetext', '0:00 of 0:12');

    fireEvent.keyDown(slider, { key: 'ArrowRight' });
    fireEvent.keyDown(slider, { key: 'ArrowRight' });
    expect(slider).toHaveValue('2');
    expect(slider).toHaveAttribute('aria-valuetext', '0:02 of 0:12');
    expect(screen.getByText('0:02 / 0:12')).toBeInTheDocument();

    fireEvent.keyDown(slider, { key: 'ArrowLeft' });
    expect(slider).toHaveValue('1');
    fireEvent.keyDown(slider, { key: 'PageUp' });
    expect(slider).toHaveValue('11');
    fireEvent.keyDown(slider, { key: 'ArrowUp' });
    fireEvent.keyDown(slider, { key: 'ArrowUp' });
    expect(slider).toHaveValue('12');
    fireEvent.keyDown(slider, { key: 'Home' });
    expect(slider).toHaveValue('0');
    fireEvent.keyDown(slider, { key: 'End' });
    expect(slider).toHaveAttribute('aria-valuetext', '0:12 of 0:12');
  });

  it('stops the browser from applying its own step as well', () => {
    render(<AudioPlayer src="/media/a.wav" durationSeconds={12} />);
    const slider = screen.getByRole('slider', { name: 'Seek narration' });
    const notCancelled = fireEvent.keyDown(slider, { key: 'ArrowRight' });
    expect(notCancelled).toBe(false);
    expect(fireEvent.keyDown(slider, { key: 'Tab' })).toBe(true);
  });
});
