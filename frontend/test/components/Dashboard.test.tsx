import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { toast } from 'sonner';
import '@/test/helpers/dom-polyfills';
import { makeProjectListItem } from '@/test/helpers/fixtures';
import { renderWithProviders } from '@/test/helpers/providers';
import { Dashboard } from '@/components/Dashboard';
import { ApiError, deleteProject, getRenderStatus, listAllProjects } from '@/lib/api';
import { queryKeys } from '@/lib/query-keys';
import { POLL_INTERVAL_MS } from '@/lib/render-state';
import { completed, processing, progress } from '@/test/helpers/render-fixtures';

vi.mock('sonner', () => ({ toast: { error: vi.fn(), success: vi.fn(), info: vi.fn() } }));
vi.mock('next/navigation', () => ({ useRouter: () => ({ push: vi.fn() }) }));
vi.mock('@/lib/api', async (importOriginal) => ({
  ...(await importOriginal<typeof import('@/lib/api')>()),
  listAllProjects: vi.fn(),
  deleteProject: vi.fn(),
  getRenderStatus: vi.fn(),
}));

const list = vi.mocked(listAllProjects);
const remove = vi.mocked(deleteProject);
const status = vi.mocked(getRenderStatus);

beforeEach(() => {
  vi.clearAllMocks();
});

describe('Dashboard', () => {
  it('shows skeleton cards while projects load', () => {
    list.mockReturnValue(new Promise(() => {}));
    renderWithProviders(<Dashboard />);
    expect(screen.getByTestId('projects-loading')).toBeInTheDocument();
  });

  it('shows the empty state with import and create actions when there are no projects', async () => {
    list.mockResolvedValue([]);
    renderWithProviders(<Dashboard />);
    expect(await screen.findByText('No projects yet')).toBeInTheDocument();
    expect(screen.getAllByRole('button', { name: /Import story/ })).toHaveLength(2);
    expect(screen.getAllByRole('button', { name: /New project/ })).toHaveLength(2);
  });

  it('shows the server error in a toast and offers a retry', async () => {
    list.mockRejectedValueOnce(new ApiError({ status: 500, error: 'Database is locked' }));
    renderWithProviders(<Dashboard />);
    expect(await screen.findByText('Could not load your projects')).toBeInTheDocument();
    expect(toast.error).toHaveBeenCalledWith('Could not load projects: Database is locked', expect.anything());

    list.mockResolvedValueOnce([makeProjectListItem()]);
    await userEvent.click(screen.getByRole('button', { name: /Try again/ }));
    expect(await screen.findByText('The Lighthouse Keeper')).toBeInTheDocument();
  });

  it('lists every project with its segment count and render status', async () => {
    const many = Array.from({ length: 60 }, (_, i) =>
      makeProjectListItem({ id: `p${i}`, title: `Story ${i}`, segment_count: i }),
    );
    many[0] = makeProjectListItem({ id: 'p0', title: 'Story 0', segment_count: 1, status: 'COMPLETED', output_path: '/media/projects/p0/output/final.mp4' });
    list.mockResolvedValue(many);
    renderWithProviders(<Dashboard />);
    const cards = await screen.findAllByTestId('project-card');
    expect(cards).toHaveLength(60);
    const first = within(cards[0]!);
    expect(first.getByText('Story 0')).toBeInTheDocument();
    expect(first.getByText('1 segment')).toBeInTheDocument();
    expect(first.getByText('Completed')).toBeInTheDocument();
    expect(first.getByRole('link', { name: /Watch/ })).toHaveAttribute('href', '/projects/p0#preview');
    expect(within(cards[5]!).getByText('5 segments')).toBeInTheDocument();
    expect(screen.getByText('60 projects')).toBeInTheDocument();
  });

  it('deletes a project after confirmation, then reads the list again', async () => {
    list.mockResolvedValue([makeProjectListItem()]);
    // The server forgets the project once it is deleted.
    remove.mockImplementation(async () => {
      list.mockResolvedValue([]);
    });
    const { client } = renderWithProviders(<Dashboard />);
    await userEvent.click(await screen.findByRole('button', { name: 'Actions for The Lighthouse Keeper' }));
    await userEvent.click(await screen.findByRole('menuitem', { name: /Delete project/ }));
    const dialog = await screen.findByRole('alertdialog');
    expect(within(dialog).getByText(/cannot be undone/)).toBeInTheDocument();
    expect(remove).not.toHaveBeenCalled();
    await userEvent.click(within(dialog).getByRole('button', { name: 'Delete project' }));
    await waitFor(() => expect(screen.queryByTestId('project-card')).not.toBeInTheDocument());
    expect(remove).toHaveBeenCalledWith('proj-1');
    expect(list).toHaveBeenCalledTimes(2);
    expect(toast.success).toHaveBeenCalledWith('Deleted “The Lighthouse Keeper”');
    expect(client.getQueryData(queryKeys.renderStatus('proj-1'))).toBeUndefined();
  });

  it('keeps the project and shows the server message when delete fails', async () => {
    list.mockResolvedValue([makeProjectListItem()]);
    remove.mockRejectedValue(new ApiError({ status: 409, error: 'Project is being rendered' }));
    renderWithProviders(<Dashboard />);
    await userEvent.click(await screen.findByRole('button', { name: 'Actions for The Lighthouse Keeper' }));
    await userEvent.click(await screen.findByRole('menuitem', { name: /Delete project/ }));
    await userEvent.click(within(await screen.findByRole('alertdialog')).getByRole('button', { name: 'Delete project' }));
    await waitFor(() =>
      expect(toast.error).toHaveBeenCalledWith('Could not delete the project: Project is being rendered', expect.anything()),
    );
    expect(screen.getByTestId('project-card')).toBeInTheDocument();
  });

  it('updates a rendering card live: progress, then Completed with Watch, then the list again', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    onTestFinished(() => void vi.useRealTimers());
    const rendering = makeProjectListItem({ id: 'proj-1', status: 'PROCESSING' });
    const done = makeProjectListItem({ id: 'proj-1', status: 'COMPLETED', output_path: '/media/projects/proj-1/output/final.mp4' });
    list.mockResolvedValueOnce([rendering, makeProjectListItem({ id: 'p2', title: 'Idle story' })]).mockResolvedValue([done]);
    status
      .mockResolvedValueOnce({ ...processing(progress(2, 6, 33)), project_id: 'proj-1' })
      .mockResolvedValueOnce({ ...completed(), project_id: 'proj-1', output_url: done.output_path });
    renderWithProviders(<Dashboard />);

    const [card] = await screen.findAllByTestId('project-card');
    expect(await within(card!).findByText('Segment 2/6 (33%)')).toBeInTheDocument();
    expect(within(card!).getByText('Rendering')).toBeInTheDocument();
    expect(within(card!).getByRole('progressbar')).toHaveAttribute('aria-valuenow', '33');
    // Only the rendering card asks for its status.
    expect(status).toHaveBeenCalledTimes(1);
    expect(status).toHaveBeenCalledWith('proj-1', expect.anything());

    await act(() => vi.advanceTimersByTimeAsync(POLL_INTERVAL_MS));
    await waitFor(() => expect(within(card!).getByText('Completed')).toBeInTheDocument());
    expect(within(card!).getByRole('link', { name: /Watch/ })).toHaveAttribute('href', '/projects/proj-1#preview');
    expect(within(card!).queryByRole('progressbar')).not.toBeInTheDocument();
    await waitFor(() => expect(list).toHaveBeenCalledTimes(2));
    expect(toast.success).toHaveBeenCalledWith('Your video is ready');

    await act(() => vi.advanceTimersByTimeAsync(POLL_INTERVAL_MS * 3));
    expect(status).toHaveBeenCalledTimes(2);
  });
});
