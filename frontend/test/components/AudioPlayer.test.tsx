import { fireEvent, render, screen } from '@testing-library/react';
import { AudioPlayer } from '@/components/AudioPlayer';

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
