import { act, fireEvent, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Tooltip, TooltipContent, TooltipProvider, TooltipTrigger } from '@/components/ui/tooltip';

function Toolbar() {
  return (
    <TooltipProvider delayDuration={200}>
      <Tooltip>
        <TooltipTrigger asChild>
          <button type="button">Lock</button>
        </TooltipTrigger>
        <TooltipContent>Lock this segment</TooltipContent>
      </Tooltip>
      <Tooltip>
        <TooltipTrigger asChild>
          <button type="button">Delete</button>
        </TooltipTrigger>
        <TooltipContent side="bottom">Delete this segment</TooltipContent>
      </Tooltip>
    </TooltipProvider>
  );
}

const lock = () => screen.getByRole('button', { name: 'Lock' });

describe('Tooltip', () => {
  afterEach(() => vi.useRealTimers());

  it('shows on keyboard focus at once, describes its trigger, and closes with Escape and on blur', async () => {
    const user = userEvent.setup();
    render(<Toolbar />);
    expect(screen.queryByRole('tooltip')).not.toBeInTheDocument();
    expect(lock()).not.toHaveAttribute('aria-describedby');

    await user.tab();
    const tip = screen.getByRole('tooltip');
    expect(tip).toHaveTextContent('Lock this segment');
    expect(lock()).toHaveAccessibleDescription('Lock this segment');

    await user.keyboard('{Escape}');
    expect(screen.queryByRole('tooltip')).not.toBeInTheDocument();
    expect(lock()).toHaveFocus();
    expect(lock()).not.toHaveAttribute('aria-describedby');

    await user.tab({ shift: true });
    await user.tab();
    expect(screen.getByRole('tooltip')).toHaveTextContent('Lock this segment');
    await user.tab();
    expect(screen.getByRole('tooltip')).toHaveTextContent('Delete this segment');
    expect(screen.getAllByRole('tooltip')).toHaveLength(1);
  });

  it('shows on hover after the delay, stays while the pointer moves onto it, and closes when it leaves', () => {
    vi.useFakeTimers();
    render(<Toolbar />);
    fireEvent.pointerEnter(lock(), { pointerType: 'mouse' });
    act(() => {
      vi.advanceTimersByTime(150);
    });
    expect(screen.queryByRole('tooltip')).not.toBeInTheDocument();
    act(() => {
      vi.advanceTimersByTime(60);
    });
    const tip = screen.getByRole('tooltip');

    // Hoverable (WCAG 1.4.13): from the trigger onto the tooltip.
    fireEvent.pointerLeave(lock(), { pointerType: 'mouse' });
    fireEvent.pointerEnter(tip, { pointerType: 'mouse' });
    act(() => {
      vi.advanceTimersByTime(500);
    });
    expect(screen.getByRole('tooltip')).toBeInTheDocument();

    fireEvent.pointerLeave(tip, { pointerType: 'mouse' });
    act(() => {
      vi.advanceTimersByTime(150);
    });
    expect(screen.queryByRole('tooltip')).not.toBeInTheDocument();

    // The next one within the skip delay shows at once.
    fireEvent.pointerEnter(screen.getByRole('button', { name: 'Delete' }), { pointerType: 'mouse' });
    expect(screen.getByRole('tooltip')).toHaveTextContent('Delete this segment');
  });

  it('shows nothing for a touch, nor for the focus a press gives, and a press closes it', () => {
    vi.useFakeTimers();
    render(<Toolbar />);
    fireEvent.pointerEnter(lock(), { pointerType: 'touch' });
    act(() => {
      vi.advanceTimersByTime(500);
    });
    expect(screen.queryByRole('tooltip')).not.toBeInTheDocument();

    fireEvent.pointerEnter(lock(), { pointerType: 'mouse' });
    act(() => {
      vi.advanceTimersByTime(300);
    });
    expect(screen.getByRole('tooltip')).toBeInTheDocument();
    fireEvent.pointerDown(lock(), { pointerType: 'mouse' });
    act(() => lock().focus());
    expect(screen.queryByRole('tooltip')).not.toBeInTheDocument();
    fireEvent.pointerUp(lock(), { pointerType: 'mouse' });
  });

  it('shows one at a time: hovering another closes the focused one', async () => {
    const user = userEvent.setup();
    render(<Toolbar />);
    await user.tab();
    expect(screen.getByRole('tooltip')).toHaveTextContent('Lock this segment');
    await user.hover(screen.getByRole('button', { name: 'Delete' }));
    expect(await screen.findByText('Delete this segment')).toBeInTheDocument();
    expect(screen.getAllByRole('tooltip')).toHaveLength(1);
    expect(lock()).not.toHaveAttribute('aria-describedby');
  });

  it('is drawn into the page body, out of containers that clip', async () => {
    const user = userEvent.setup();
    const { container } = render(<Toolbar />);
    await user.tab();
    expect(container).not.toContainElement(screen.getByRole('tooltip'));
    expect(document.body).toContainElement(screen.getByRole('tooltip'));
  });
});
