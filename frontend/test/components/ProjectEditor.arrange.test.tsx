import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import '@/test/helpers/dom-polyfills';
import { makeProject, makeSegment } from '@/test/helpers/fixtures';
import { renderWithProviders } from '@/test/helpers/providers';
import { ProjectEditor } from '@/components/ProjectEditor';
import {
  createSegment,
  deleteSegment,
  getProject,
  getRenderStatus,
  getSettings,
  listVoices,
  removeSegmentImage,
  reorderSegments,
  restoreSegment,
  restoreSegmentImage,
  uploadSegmentImage,
} from '@/lib/api';
import type { ProjectDetail, Segment } from '@storyflow/contract';

// `toast(message, {action})` is how the Undo offer appears; the mock keeps its options so a test can press Undo.
const { toast } = vi.hoisted(() => ({
  toast: Object.assign(vi.fn(), {
    error: vi.fn(),
    success: vi.fn(),
    info: vi.fn(),
    loading: vi.fn(() => 'progress'),
    dismiss: vi.fn(),
  }),
}));
vi.mock('sonner', () => ({ toast }));
vi.mock('@/lib/api', async (importOriginal) => ({
  ...(await importOriginal<typeof import('@/lib/api')>()),
  getProject: vi.fn(),
  getRenderStatus: vi.fn(),
  createSegment: vi.fn(),
  deleteSegment: vi.fn(),
  reorderSegments: vi.fn(),
  restoreSegment: vi.fn(),
  restoreSegmentImage: vi.fn(),
  removeSegmentImage: vi.fn(),
  uploadSegmentImage: vi.fn(),
  getSettings: vi.fn(),
  listVoices: vi.fn(),
}));

/** The server's copy of the project: mutations change it, and every GET reads it. */
let server: ProjectDetail;
let trash: Segment[];

const narrations = () => screen.getAllByLabelText('Narration').map((el) => (el as HTMLTextAreaElement).value);
const order = () => server.segments.map((s) => s.id);

/** Presses "Undo" on the toast that says `message`. */
function pressUndo(message: string) {
  const call = toast.mock.calls.find(([text]) => text === message);
  expect(call, `an Undo toast "${message}"`).toBeDefined();
  const options = call?.[1] as { action: { label: string; onClick: () => void } };
  expect(options.action.label).toBe('Undo');
  options.action.onClick();
}

beforeEach(() => {
  vi.clearAllMocks();
  trash = [];
  server = {
    ...makeProject(),
    segments: [
      makeSegment({ id: 'a', sequence_index: 0, text_content: 'First' }),
      makeSegment({ id: 'b', sequence_index: 1, text_content: 'Second' }),
      makeSegment({ id: 'c', sequence_index: 2, text_content: 'Third' }),
    ],
  };
  const renumber = (segments: Segment[]) => segments.map((s, i) => ({ ...s, sequence_index: i }));
  vi.mocked(getProject).mockImplementation(async () => structuredClone(server));
  vi.mocked(reorderSegments).mockImplementation(async (_id, ids) => {
    const byId = new Map(server.segments.map((s) => [s.id, s]));
    server.segments = renumber(ids.map((id) => byId.get(id)!));
    return { message: 'ok', segments: [] };
  });
  vi.mocked(createSegment).mockImplementation(async ({ position }) => {
    const created = makeSegment({ id: 'new', text_content: '' });
    server.segments.splice(position ?? server.segments.length, 0, created);
    server.segments = renumber(server.segments);
    return server.segments.find((s) => s.id === 'new')!;
  });
  vi.mocked(deleteSegment).mockImplementation(async (id) => {
    trash.push(server.segments.find((s) => s.id === id)!);
    server.segments = renumber(server.segments.filter((s) => s.id !== id));
  });
  vi.mocked(restoreSegment).mockImplementation(async (id) => {
    const back = trash.find((s) => s.id === id)!;
    server.segments.splice(back.sequence_index, 0, back);
    server.segments = renumber(server.segments);
    return back;
  });
  vi.mocked(uploadSegmentImage).mockImplementation(async (id, file) => {
    const name = (file as File).name;
    server.segments = server.segments.map((s) => (s.id === id ? { ...s, image_file: `/media/${name}` } : s));
    return { id, image_file: `/media/${name}`, message: 'ok' };
  });
  vi.mocked(getSettings).mockReturnValue(new Promise(() => {}));
  vi.mocked(listVoices).mockReturnValue(new Promise(() => {}));
  vi.mocked(getRenderStatus).mockReturnValue(new Promise(() => {}));
});

async function openEditor() {
  const view = renderWithProviders(<ProjectEditor projectId="proj-1" />);
  await screen.findByRole('article', { name: 'Segment 3' });
  return view;
}

// Not a speed limit: user-event on a full editor takes seconds on a loaded machine, past Vitest's 5 s default.
/**
 * Move to position's dialog loads its code on first use (LoadOnFirstClick): on a busy
 * machine that first import takes longer than findBy's default second.
 */
const FIRST_USE = { timeout: 10_000 };

describe('ProjectEditor arranging', { timeout: 120_000 }, () => {
  it('drags a segment by its handle below the last one, then Undo puts the old order back', async () => {
    await openEditor();
    const handle = within(screen.getByRole('article', { name: 'Segment 1' })).getByRole('button', {
      name: 'Drag to reorder segment 1, or press to move it to a position',
    });
    // jsdom has no DataTransfer: a minimal one that carries the segment's id like the browser's.
    const data = new Map<string, string>();
    const dataTransfer = {
      get types() {
        return [...data.keys()];
      },
      setData: (type: string, value: string) => void data.set(type, value),
      getData: (type: string) => data.get(type) ?? '',
      setDragImage: () => {},
      effectAllowed: 'all',
      dropEffect: 'none',
    };
    fireEvent.dragStart(handle, { dataTransfer });
    // jsdom lays nothing out, so any pointer is in the lower half: the gap after segment 3.
    const lastItem = screen.getByRole('article', { name: 'Segment 3' }).closest('li')!;
    fireEvent.dragOver(lastItem, { dataTransfer, clientY: 1 });
    expect(await screen.findByTestId('drop-line-end')).toBeInTheDocument();
    fireEvent.drop(lastItem, { dataTransfer, clientY: 1 });

    expect(narrations()).toEqual(['Second', 'Third', 'First']);
    expect(reorderSegments).toHaveBeenCalledWith('proj-1', ['b', 'c', 'a']);
    await waitFor(() => expect(toast).toHaveBeenCalledWith('Segment 1 moved to position 3', expect.anything()));
    expect(screen.queryByTestId('drop-line-end')).not.toBeInTheDocument();

    pressUndo('Segment 1 moved to position 3');
    await waitFor(() => expect(order()).toEqual(['a', 'b', 'c']));
    await waitFor(() => expect(narrations()).toEqual(['First', 'Second', 'Third']));
    expect(toast.success).toHaveBeenCalledWith('Order restored');
  });

  it('moves a segment to a typed position, and refuses a number outside the timeline without sending', async () => {
    await openEditor();
    const third = screen.getByRole('article', { name: 'Segment 3' });
    await userEvent.click(within(third).getByRole('button', { name: 'Move to position…' }));
    const field = await screen.findByLabelText('New position (1–3)', undefined, FIRST_USE);
    await userEvent.clear(field);
    await userEvent.type(field, '7');
    await userEvent.click(screen.getByRole('button', { name: 'Move' }));
    expect(screen.getByText('Enter a whole number from 1 to 3.')).toBeInTheDocument();
    expect(reorderSegments).not.toHaveBeenCalled();

    await userEvent.clear(field);
    await userEvent.type(field, '1');
    await userEvent.click(screen.getByRole('button', { name: 'Move' }));
    expect(reorderSegments).toHaveBeenCalledWith('proj-1', ['c', 'a', 'b']);
    await waitFor(() => expect(narrations()).toEqual(['Third', 'First', 'Second']));
  });

  it('gives focus back to the button that opened Move to position when it is closed with Escape or Cancel', async () => {
    await openEditor();
    const third = screen.getByRole('article', { name: 'Segment 3' });
    const opener = within(third).getByRole('button', { name: 'Move to position…' });
    await userEvent.click(opener);
    await screen.findByLabelText('New position (1–3)', undefined, FIRST_USE);
    await userEvent.keyboard('{Escape}');
    await waitFor(() => expect(screen.queryByLabelText('New position (1–3)')).not.toBeInTheDocument());
    await waitFor(() => expect(opener).toHaveFocus());

    await userEvent.click(opener);
    await userEvent.click(await screen.findByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(opener).toHaveFocus());
    expect(reorderSegments).not.toHaveBeenCalled();
  });

  it('inserts an empty segment between two', async () => {
    await openEditor();
    await userEvent.click(screen.getByRole('button', { name: 'Insert segment here, at position 2' }));
    expect(createSegment).toHaveBeenCalledWith({ project: 'proj-1', position: 1 });
    await waitFor(() => expect(narrations()).toEqual(['First', '', 'Second', 'Third']));
    expect(screen.getByText('4 segments')).toBeInTheDocument();
  });

  it('offers Undo after a delete, which restores the segment at its place', async () => {
    await openEditor();
    await userEvent.click(
      within(screen.getByRole('article', { name: 'Segment 2' })).getByRole('button', { name: 'Delete segment' }),
    );
    await userEvent.click(
      within(await screen.findByRole('alertdialog')).getByRole('button', { name: 'Delete segment' }),
    );
    await waitFor(() => expect(narrations()).toEqual(['First', 'Third']));

    pressUndo('Segment 2 deleted');
    expect(restoreSegment).toHaveBeenCalledWith('b');
    await waitFor(() => expect(narrations()).toEqual(['First', 'Second', 'Third']));
    expect(toast.success).toHaveBeenCalledWith('Segment 2 restored');
  });

  it('offers Undo after an image removal, which gives the image back', async () => {
    server.segments[0] = { ...server.segments[0]!, image_file: '/media/one.png' };
    vi.mocked(removeSegmentImage).mockResolvedValue({ id: 'a', image_file: null, message: 'Image removed' });
    vi.mocked(restoreSegmentImage).mockImplementation(async () => ({
      ...server.segments[0]!,
      image_file: '/media/one.png',
    }));
    await openEditor();
    const first = screen.getByRole('article', { name: 'Segment 1' });
    await userEvent.click(within(first).getByRole('button', { name: 'Remove image' }));
    await waitFor(() => expect(within(first).queryByRole('img')).not.toBeInTheDocument());

    pressUndo('Image of segment 1 removed');
    expect(restoreSegmentImage).toHaveBeenCalledWith('a');
    await waitFor(() =>
      expect(within(first).getByRole('img')).toHaveAttribute(
        'src',
        expect.stringMatching(/\/api\/segments\/a\/thumbnail\.webp\?.*one\.png/),
      ),
    );
  });

  it('fills the dropped-on segment and the following ones with several images, passing over a locked one', async () => {
    server.segments[1] = { ...server.segments[1]!, is_locked: true };
    await openEditor();
    const files = ['one.png', 'two.png', 'three.png'].map(
      (name) => new File([new Uint8Array(8)], name, { type: 'image/png' }),
    );
    const zone = within(screen.getByRole('article', { name: 'Segment 1' })).getByTestId('image-drop-zone');
    fireEvent.drop(zone, { dataTransfer: { files, types: ['Files'] } });

    await waitFor(() => expect(uploadSegmentImage).toHaveBeenCalledTimes(2));
    expect(vi.mocked(uploadSegmentImage).mock.calls.map(([id, file]) => [id, (file as File).name])).toEqual([
      ['a', 'one.png'],
      ['c', 'two.png'],
    ]);
    await waitFor(() =>
      expect(toast.success).toHaveBeenCalledWith('2 images added to segments 1–3', {
        id: 'progress',
        description: 'Skipped locked segment 2. 1 image was left over: no more unlocked segments.',
        duration: 8000,
      }),
    );
    expect(server.segments.map((s) => s.image_file)).toEqual(['/media/one.png', null, '/media/two.png']);
  });

  it('uploads nothing when every file is refused, and says why', async () => {
    await openEditor();
    const files = ['notes.txt', 'clip.gif'].map(
      (name) => new File(['x'], name, { type: name.endsWith('gif') ? 'image/gif' : 'text/plain' }),
    );
    fireEvent.drop(within(screen.getByRole('article', { name: 'Segment 1' })).getByTestId('image-drop-zone'), {
      dataTransfer: { files, types: ['Files'] },
    });
    await waitFor(() => expect(toast.error).toHaveBeenCalledWith('2 of 2 files skipped', expect.anything()));
    expect(uploadSegmentImage).not.toHaveBeenCalled();
  });
});
