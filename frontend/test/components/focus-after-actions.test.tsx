import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import '@/test/helpers/dom-polyfills';
import { ConfirmDialog } from '@/components/ConfirmDialog';
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuTrigger,
} from '@/components/ui/dropdown-menu';
import { SegmentCard } from '@/components/SegmentCard';
import { deleteSegment, updateSegment } from '@/lib/api';
import { makeSegment } from '@/test/helpers/fixtures';
import { renderWithProviders } from '@/test/helpers/providers';
import type { Segment } from '@storyflow/contract';

vi.mock('sonner', () => ({ toast: { error: vi.fn(), success: vi.fn(), info: vi.fn() } }));
vi.mock('@/lib/api', async (importOriginal) => ({
  ...(await importOriginal<typeof import('@/lib/api')>()),
  updateSegment: vi.fn(),
  deleteSegment: vi.fn(),
}));

beforeEach(() => {
  vi.clearAllMocks();
  window.localStorage.clear();
});

/** A dialog opened from state (no Radix Trigger), as the editor's and dashboard's delete steps are. */
function OpenedFromState() {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" onClick={() => setOpen(true)}>
        Delete it
      </button>
      <ConfirmDialog
        open={open}
        onOpenChange={setOpen}
        title="Delete?"
        description="Gone for good."
        onConfirm={() => setOpen(false)}
      />
    </>
  );
}

describe('focus after a dialog closes', () => {
  it.each([
    [
      'Cancel',
      async (user: ReturnType<typeof userEvent.setup>) => user.click(screen.getByRole('button', { name: 'Cancel' })),
    ],
    ['Escape', async (user: ReturnType<typeof userEvent.setup>) => user.keyboard('{Escape}')],
    [
      'the confirm button',
      async (user: ReturnType<typeof userEvent.setup>) => user.click(screen.getByRole('button', { name: 'Delete' })),
    ],
  ])('goes back to the button that opened it (closed with %s)', async (_how, close) => {
    const user = userEvent.setup();
    renderWithProviders(<OpenedFromState />);
    const opener = screen.getByRole('button', { name: 'Delete it' });
    await user.click(opener);
    await screen.findByRole('alertdialog');
    expect(opener).not.toHaveFocus();
    await close(user);
    await waitFor(() => expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument());
    expect(opener).toHaveFocus();
  });
});

/** A dialog opened from a menu item, as the dashboard's "Delete project" is. */
function OpenedFromMenu() {
  const [open, setOpen] = useState(false);
  return (
    <>
      <DropdownMenu>
        <DropdownMenuTrigger asChild>
          <button type="button">Actions</button>
        </DropdownMenuTrigger>
        <DropdownMenuContent>
          <DropdownMenuItem onSelect={() => setOpen(true)}>Delete project</DropdownMenuItem>
        </DropdownMenuContent>
      </DropdownMenu>
      <ConfirmDialog
        open={open}
        onOpenChange={setOpen}
        title="Delete?"
        description="Gone for good."
        onConfirm={() => setOpen(false)}
      />
    </>
  );
}

describe('focus after a dialog opened from a menu closes', () => {
  it('goes back to the menu button, since the menu item is gone', async () => {
    const user = userEvent.setup();
    renderWithProviders(<OpenedFromMenu />);
    const trigger = screen.getByRole('button', { name: 'Actions' });
    await user.click(trigger);
    await user.click(await screen.findByRole('menuitem', { name: 'Delete project' }));
    await screen.findByRole('alertdialog');
    await user.click(screen.getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument());
    expect(trigger).toHaveFocus();
  });
});

/** Three cards, as the editor lists them; deleting one removes it from the list. */
function Timeline({ initial }: { initial: Segment[] }) {
  const [segments, setSegments] = useState(initial);
  const put = (s: Segment) => setSegments((list) => list.map((x) => (x.id === s.id ? s : x)));
  const removed = (id: string) => setSegments((list) => list.filter((x) => x.id !== id));
  return (
    <ol>
      {segments.map((s, i) => (
        <li key={s.id}>
          <SegmentCard
            segment={s}
            position={i + 1}
            isFirst={i === 0}
            isLast={i === segments.length - 1}
            onChange={put}
            onDelete={removed}
            onMove={vi.fn()}
          />
        </li>
      ))}
      {segments.length === 0 && (
        <li>
          <button type="button" data-segment-focus-fallback>
            Add the first segment
          </button>
        </li>
      )}
    </ol>
  );
}

const three = () =>
  ['a', 'b', 'c'].map((id, i) => makeSegment({ id: `seg-${id}`, sequence_index: i, audio_file: null }));
const cardOf = (n: number) => screen.getByRole('article', { name: `Segment ${n}` });

async function deleteCard(user: ReturnType<typeof userEvent.setup>, n: number) {
  const card = cardOf(n);
  await user.click(card.querySelector<HTMLButtonElement>('button[aria-label="Delete segment"]')!);
  await user.click(await screen.findByRole('button', { name: 'Delete segment', hidden: false }));
}

describe('focus after segment actions', () => {
  it('stays on the lock button through lock and unlock', async () => {
    const user = userEvent.setup();
    vi.mocked(updateSegment).mockImplementation(async (id, patch) => ({
      ...makeSegment({ id, audio_file: null }),
      ...patch,
    }));
    renderWithProviders(<Timeline initial={three()} />);
    const lock = cardOf(2).querySelector<HTMLButtonElement>('button[aria-label="Lock segment"]')!;
    await user.click(lock);
    await waitFor(() => expect(lock).toHaveAttribute('aria-label', 'Unlock segment'));
    expect(lock).toHaveFocus();
    await user.keyboard('{Enter}');
    await waitFor(() => expect(lock).toHaveAttribute('aria-label', 'Lock segment'));
    expect(lock).toHaveFocus();
  });

  it('moves to the next card after a delete, to the previous one after deleting the last', async () => {
    const user = userEvent.setup();
    vi.mocked(deleteSegment).mockResolvedValue(undefined);
    renderWithProviders(<Timeline initial={three()} />);

    await deleteCard(user, 2);
    await waitFor(() => expect(screen.getAllByRole('article')).toHaveLength(2));
    // seg-c took its place as segment 2.
    await waitFor(() => expect(cardOf(2)).toHaveFocus());
    expect(cardOf(2)).toHaveAttribute('data-segment-id', 'seg-c');

    await deleteCard(user, 2);
    await waitFor(() => expect(screen.getAllByRole('article')).toHaveLength(1));
    await waitFor(() => expect(cardOf(1)).toHaveFocus());
    expect(cardOf(1)).toHaveAttribute('data-segment-id', 'seg-a');

    await deleteCard(user, 1);
    await waitFor(() => expect(screen.getByRole('button', { name: 'Add the first segment' })).toHaveFocus());
  });
});
