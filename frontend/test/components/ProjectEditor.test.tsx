import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { toast } from 'sonner';
import '@/test/helpers/dom-polyfills';
import { makeProject, makeSegment } from '@/test/helpers/fixtures';
import { renderWithProviders } from '@/test/helpers/providers';
import { ProjectEditor } from '@/components/ProjectEditor';
import {
  ApiError,
  createSegment,
  getProject,
  getSettings,
  listVoices,
  reorderSegments,
} from '@/lib/api';
import { useRenderStore } from '@/lib/stores';
import type { ProjectDetail } from '@storyflow/contract';

vi.mock('sonner', () => ({ toast: { error: vi.fn(), success: vi.fn(), info: vi.fn() } }));
vi.mock('@/lib/api', async (importOriginal) => ({
  ...(await importOriginal<typeof import('@/lib/api')>()),
  getProject: vi.fn(),
  createSegment: vi.fn(),
  reorderSegments: vi.fn(),
  getSettings: vi.fn(),
  listVoices: vi.fn(),
  getRenderStatus: vi.fn(),
}));

function detail(): ProjectDetail {
  return {
    ...makeProject(),
    segments: [
      makeSegment({ id: 'a', sequence_index: 0, text_content: 'First' }),
      makeSegment({ id: 'b', sequence_index: 1, text_content: 'Second' }),
      makeSegment({ id: 'c', sequence_index: 2, text_content: 'Third' }),
    ],
  };
}

const narrations = () => screen.getAllByLabelText('Narration').map((el) => (el as HTMLTextAreaElement).value);

beforeEach(() => {
  vi.clearAllMocks();
  useRenderStore.getState().resetRenderState();
  vi.mocked(getSettings).mockReturnValue(new Promise(() => {}));
  vi.mocked(listVoices).mockReturnValue(new Promise(() => {}));
});

afterEach(() => useRenderStore.getState().resetRenderState());

describe('ProjectEditor', () => {
  it('shows a not-found state for an unknown project', async () => {
    vi.mocked(getProject).mockRejectedValue(new ApiError({ status: 404, error: 'Project not found' }));
    renderWithProviders(<ProjectEditor projectId="nope" />);
    expect(await screen.findByRole('heading', { name: 'Project not found' })).toBeInTheDocument();
    expect(screen.getByRole('link', { name: /Back to projects/ })).toHaveAttribute('href', '/');
    expect(toast.error).not.toHaveBeenCalled();
  });

  it('toasts other load failures and offers a retry instead of an error page', async () => {
    vi.mocked(getProject)
      .mockRejectedValueOnce(new ApiError({ status: 500, error: 'Database is locked' }))
      .mockResolvedValueOnce(detail());
    renderWithProviders(<ProjectEditor projectId="proj-1" />);
    expect(await screen.findByText('Database is locked')).toBeInTheDocument();
    expect(toast.error).toHaveBeenCalledWith('Could not load the project: Database is locked', expect.anything());
    await userEvent.click(screen.getByRole('button', { name: /Try again/ }));
    expect(await screen.findByRole('heading', { name: 'The Lighthouse Keeper' })).toBeInTheDocument();
  });

  it('shows every segment in order', async () => {
    vi.mocked(getProject).mockResolvedValue(detail());
    renderWithProviders(<ProjectEditor projectId="proj-1" />);
    await screen.findByRole('heading', { name: 'The Lighthouse Keeper' });
    expect(narrations()).toEqual(['First', 'Second', 'Third']);
    expect(screen.getByText('3 segments')).toBeInTheDocument();
  });

  it('moves a segment down and sends the new order', async () => {
    vi.mocked(getProject).mockResolvedValue(detail());
    vi.mocked(reorderSegments).mockResolvedValue({ message: 'ok', segments: [] });
    renderWithProviders(<ProjectEditor projectId="proj-1" />);
    const first = await screen.findByRole('article', { name: 'Segment 1' });
    await userEvent.click(within(first).getByRole('button', { name: 'Move down' }));
    expect(narrations()).toEqual(['Second', 'First', 'Third']);
    expect(reorderSegments).toHaveBeenCalledWith('proj-1', ['b', 'a', 'c']);
  });

  it('restores the order and toasts when the server refuses a reorder', async () => {
    vi.mocked(getProject).mockResolvedValue(detail());
    vi.mocked(reorderSegments).mockRejectedValue(new ApiError({ status: 400, error: 'Unknown segment ids: x' }));
    renderWithProviders(<ProjectEditor projectId="proj-1" />);
    const last = await screen.findByRole('article', { name: 'Segment 3' });
    await userEvent.click(within(last).getByRole('button', { name: 'Move up' }));
    await waitFor(() => expect(toast.error).toHaveBeenCalledWith('Could not reorder: Unknown segment ids: x', expect.anything()));
    expect(narrations()).toEqual(['First', 'Second', 'Third']);
  });

  it('appends a new segment at the end', async () => {
    vi.mocked(getProject).mockResolvedValue(detail());
    vi.mocked(createSegment).mockResolvedValue(makeSegment({ id: 'd', sequence_index: 3, text_content: '' }));
    renderWithProviders(<ProjectEditor projectId="proj-1" />);
    await screen.findByRole('heading', { name: 'The Lighthouse Keeper' });
    await userEvent.click(screen.getAllByRole('button', { name: /Add segment/ })[0]!);
    await waitFor(() => expect(narrations()).toEqual(['First', 'Second', 'Third', '']));
    expect(createSegment).toHaveBeenCalledWith({ project: 'proj-1' });
    expect(screen.getByText('4 segments')).toBeInTheDocument();
  });
});
