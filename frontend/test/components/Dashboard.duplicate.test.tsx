import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { toast } from 'sonner';
import '@/test/helpers/dom-polyfills';
import { makeProjectListItem } from '@/test/helpers/fixtures';
import { renderWithProviders } from '@/test/helpers/providers';
import { Dashboard } from '@/components/Dashboard';
import { ApiError, duplicateProject, listAllProjects } from '@/lib/api';

const { push } = vi.hoisted(() => ({ push: vi.fn() }));
vi.mock('sonner', () => ({ toast: { error: vi.fn(), success: vi.fn(), info: vi.fn() } }));
vi.mock('next/navigation', () => ({ useRouter: () => ({ push }) }));
vi.mock('@/lib/api', async (importOriginal) => ({
  ...(await importOriginal<typeof import('@/lib/api')>()),
  listAllProjects: vi.fn(),
  duplicateProject: vi.fn(),
}));

const list = vi.mocked(listAllProjects);
const duplicate = vi.mocked(duplicateProject);

beforeEach(() => {
  vi.clearAllMocks();
});

// Not a speed limit: opening a Radix menu takes seconds on a loaded machine, past Vitest's 5 s default.
describe('Dashboard: Duplicate', { timeout: 120_000 }, () => {
  it('duplicates from the card menu, lists the copy and offers to open it', async () => {
    const original = makeProjectListItem();
    const copy = makeProjectListItem({ id: 'proj-2', title: 'The Lighthouse Keeper (copy)' });
    list.mockResolvedValue([original]);
    duplicate.mockImplementation(async () => {
      list.mockResolvedValue([copy, original]);
      return copy;
    });
    renderWithProviders(<Dashboard />);
    await userEvent.click(await screen.findByRole('button', { name: 'Actions for The Lighthouse Keeper' }));
    await userEvent.click(await screen.findByRole('menuitem', { name: /Duplicate/ }));

    expect(duplicate).toHaveBeenCalledWith('proj-1');
    expect(await screen.findByText('The Lighthouse Keeper (copy)')).toBeInTheDocument();
    await waitFor(() => expect(toast.success).toHaveBeenCalled());
    const [message, options] = vi.mocked(toast.success).mock.calls[0]!;
    expect(message).toBe('Duplicated as “The Lighthouse Keeper (copy)”');
    (options as unknown as { action: { onClick: () => void } }).action.onClick();
    expect(push).toHaveBeenCalledWith('/projects/proj-2');
  });

  it('shows the server message when the copy fails, and lists nothing new', async () => {
    list.mockResolvedValue([makeProjectListItem()]);
    duplicate.mockRejectedValue(new ApiError({ status: 404, error: 'Project not found' }));
    renderWithProviders(<Dashboard />);
    await userEvent.click(await screen.findByRole('button', { name: 'Actions for The Lighthouse Keeper' }));
    await userEvent.click(await screen.findByRole('menuitem', { name: /Duplicate/ }));
    await waitFor(() => expect(toast.error).toHaveBeenCalledWith('Could not duplicate the project: Project not found', expect.anything()));
    expect(screen.getAllByTestId('project-card')).toHaveLength(1);
  });
});
