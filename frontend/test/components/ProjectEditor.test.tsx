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
  getRenderStatus,
  getSettings,
  listVoices,
  reorderSegments,
} from '@/lib/api';
import type { ProjectDetail } from '@storyflow/contract';

vi.mock('sonner', () => ({ toast: Object.assign(vi.fn(), { error: vi.fn(), success: vi.fn(), info: vi.fn() }) }));
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

/** The server's copy of the project: mutations change it, and every GET reads it. */
let server: ProjectDetail;

beforeEach(() => {
  vi.clearAllMocks();
  server = detail();
  vi.mocked(getProject).mockImplementation(async () => structuredClone(server));
  vi.mocked(reorderSegments).mockImplementation(async (_id, order) => {
    const byId = new Map(server.segments.map((s) => [s.id, s]));
    server.segments = order.map((id, i) => ({ ...byId.get(id)!, sequence_index: i }));
    return { message: 'ok', segments: [] };
  });
  vi.mocked(createSegment).mockImplementation(async () => {
    const created = makeSegment({ id: 'd', sequence_index: server.segments.length, text_content: '' });
    server.segments.push(created);
    return created;
  });
  vi.mocked(getSettings).mockReturnValue(new Promise(() => {}));
  vi.mocked(listVoices).mockReturnValue(new Promise(() => {}));
  // The out-of-date notice asks shortly after each change; tests that care answer themselves.
  vi.mocked(getRenderStatus).mockReturnValue(new Promise(() => {}));
});

describe('ProjectEditor', () => {
  it('shows a not-found state for an unknown project', async () => {
    vi.mocked(getProject).mockRejectedValue(new ApiError({ status: 404, error: 'Project not found' }));
    renderWithProviders(<ProjectEditor projectId="nope" />);
    expect(await screen.findByRole('heading', { name: 'Project not found' })).toBeInTheDocument();
    expect(screen.getByRole('link', { name: /Back to projects/ })).toHaveAttribute('href', '/');
    expect(toast.error).not.toHaveBeenCalled();
    expect(document.title).toBe('Project not found — StoryFlow');
  });

  it('toasts other load failures and offers a retry instead of an error page', async () => {
    vi.mocked(getProject).mockRejectedValueOnce(new ApiError({ status: 500, error: 'Database is locked' }));
    renderWithProviders(<ProjectEditor projectId="proj-1" />);
    expect(await screen.findByText('Database is locked')).toBeInTheDocument();
    expect(toast.error).toHaveBeenCalledWith('Could not load the project: Database is locked', expect.anything());
    await userEvent.click(screen.getByRole('button', { name: /Try again/ }));
    expect(await screen.findByRole('heading', { name: 'The Lighthouse Keeper' })).toBeInTheDocument();
  });

  it('names the project in the tab title, and gives the old title back on leaving', async () => {
    document.title = 'StoryFlow';
    const { unmount } = renderWithProviders(<ProjectEditor projectId="proj-1" />);
    await screen.findByRole('heading', { name: 'The Lighthouse Keeper' });
    expect(document.title).toBe('The Lighthouse Keeper — StoryFlow');
    unmount();
    expect(document.title).toBe('StoryFlow');
  });

  it('shows every segment in order', async () => {
    server.segments.reverse();
    renderWithProviders(<ProjectEditor projectId="proj-1" />);
    await screen.findByRole('heading', { name: 'The Lighthouse Keeper' });
    expect(narrations()).toEqual(['First', 'Second', 'Third']);
    expect(screen.getByText('3 segments')).toBeInTheDocument();
  });

  it('moves a segment down and sends the new order', async () => {
    renderWithProviders(<ProjectEditor projectId="proj-1" />);
    const first = await screen.findByRole('article', { name: 'Segment 1' });
    await userEvent.click(within(first).getByRole('button', { name: 'Move down' }));
    expect(narrations()).toEqual(['Second', 'First', 'Third']);
    expect(reorderSegments).toHaveBeenCalledWith('proj-1', ['b', 'a', 'c']);
    // Then the project is read again (invalidation), and the server agrees.
    await waitFor(() => expect(getProject).toHaveBeenCalledTimes(2));
    expect(narrations()).toEqual(['Second', 'First', 'Third']);
  });

  it('restores the order and toasts when the server refuses a reorder', async () => {
    vi.mocked(reorderSegments).mockRejectedValue(new ApiError({ status: 400, error: 'Unknown segment ids: x' }));
    renderWithProviders(<ProjectEditor projectId="proj-1" />);
    const last = await screen.findByRole('article', { name: 'Segment 3' });
    await userEvent.click(within(last).getByRole('button', { name: 'Move up' }));
    await waitFor(() => expect(toast.error).toHaveBeenCalledWith('Could not reorder: Unknown segment ids: x', expect.anything()));
    expect(narrations()).toEqual(['First', 'Second', 'Third']);
  });

  it('appends a new segment at the end', async () => {
    renderWithProviders(<ProjectEditor projectId="proj-1" />);
    await screen.findByRole('heading', { name: 'The Lighthouse Keeper' });
    await userEvent.click(screen.getAllByRole('button', { name: /Add segment/ })[0]!);
    await waitFor(() => expect(narrations()).toEqual(['First', 'Second', 'Third', '']));
    expect(createSegment).toHaveBeenCalledWith({ project: 'proj-1' });
    expect(screen.getByText('4 segments')).toBeInTheDocument();
    await waitFor(() => expect(getProject).toHaveBeenCalledTimes(2));
    expect(narrations()).toEqual(['First', 'Second', 'Third', '']);
  });

  it('shows a rendering project live in the header and footer, without a reload', async () => {
    server = { ...detail(), status: 'PROCESSING' };
    vi.mocked(getRenderStatus).mockResolvedValue({
      project_id: 'proj-1',
      status: 'PROCESSING',
      progress: { current_segment: 2, total_segments: 3, percentage: 45, current_phase: 'Encoding video' },
      output_url: null,
      error: null,
      error_code: null,
      output_stale: false,
    });
    renderWithProviders(<ProjectEditor projectId="proj-1" />);
    expect(await screen.findByText('Segment 2/3 (45%)')).toBeInTheDocument();
    expect(screen.getByText('Rendering', { selector: '[data-status]' })).toBeInTheDocument();
    expect(getRenderStatus).toHaveBeenCalledTimes(1);
  });

  it('never asks a DRAFT project for its render status', async () => {
    renderWithProviders(<ProjectEditor projectId="proj-1" />);
    await screen.findByRole('heading', { name: 'The Lighthouse Keeper' });
    expect(screen.getByText('Draft')).toBeInTheDocument();
    expect(getRenderStatus).not.toHaveBeenCalled();
  });

  it('keeps a playing segment\'s audio URL when a re-read changes only updated_at', async () => {
    server.segments[0] = { ...server.segments[0]!, audio_file: '/media/projects/proj-1/audio/a.wav', audio_duration: 2 };
    const { client, container } = renderWithProviders(<ProjectEditor projectId="proj-1" />);
    await screen.findByRole('heading', { name: 'The Lighthouse Keeper' });
    const src = () => container.querySelector('audio')?.getAttribute('src');
    const before = src();
    expect(before).toMatch(/^\/media\/projects\/proj-1\/audio\/a\.wav\?v=/);

    server.segments[0] = { ...server.segments[0], updated_at: '2026-02-02T00:00:00Z' };
    await client.invalidateQueries({ queryKey: ['project', 'proj-1'] });
    await waitFor(() => expect(getProject).toHaveBeenCalledTimes(2));
    expect(src()).toBe(before);

    // A real change still arrives.
    server.segments[1] = { ...server.segments[1]!, text_content: 'Second, edited elsewhere', updated_at: '2026-02-02T00:00:00Z' };
    await client.invalidateQueries({ queryKey: ['project', 'proj-1'] });
    await waitFor(() => expect(narrations()).toEqual(['First', 'Second, edited elsewhere', 'Third']));
  });
});
