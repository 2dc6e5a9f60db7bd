import { toast } from 'sonner';
import { ApiError } from '@/lib/api';
import { offerUndo, UNDO_TOAST_MS } from '@/lib/undo';

vi.mock('sonner', () => ({ toast: Object.assign(vi.fn(), { error: vi.fn(), success: vi.fn() }) }));

const shown = vi.mocked(toast);

/** The Undo button of the last toast shown. */
function undoButton() {
  const options = shown.mock.calls.at(-1)?.[1] as { duration: number; action: { label: string; onClick: () => void } };
  return options;
}

beforeEach(() => {
  vi.clearAllMocks();
});

describe('offerUndo', () => {
  it('shows what happened with an Undo button, and says so once the undo worked', async () => {
    const undo = vi.fn(async () => undefined);
    offerUndo({ message: 'Segment 3 deleted', undo, undone: 'Segment 3 restored', failure: 'Could not restore the segment' });
    expect(shown).toHaveBeenCalledWith('Segment 3 deleted', expect.anything());
    const { duration, action } = undoButton();
    expect(duration).toBe(UNDO_TOAST_MS);
    expect(action.label).toBe('Undo');

    action.onClick();
    await vi.waitFor(() => expect(toast.success).toHaveBeenCalledWith('Segment 3 restored'));
    expect(undo).toHaveBeenCalledTimes(1);
  });

  it('sends one undo however often the button is pressed', async () => {
    const undo = vi.fn(async () => undefined);
    offerUndo({ message: 'Image of segment 1 removed', undo, undone: 'Restored', failure: 'Could not restore the image' });
    const { action } = undoButton();
    action.onClick();
    action.onClick();
    await vi.waitFor(() => expect(toast.success).toHaveBeenCalledTimes(1));
    expect(undo).toHaveBeenCalledTimes(1);
  });

  it('shows the server\'s reason when the undo is refused', async () => {
    const undo = vi.fn(async () => {
      throw new ApiError({ status: 404, error: 'Nothing to restore: the undo window has passed', code: 'nothing_to_restore' });
    });
    offerUndo({ message: 'Segment 2 deleted', undo, undone: 'Segment 2 restored', failure: 'Could not restore the segment' });
    undoButton().action.onClick();
    await vi.waitFor(() =>
      expect(toast.error).toHaveBeenCalledWith('Could not restore the segment: Nothing to restore: the undo window has passed', expect.anything()),
    );
    expect(toast.success).not.toHaveBeenCalled();
  });
});
