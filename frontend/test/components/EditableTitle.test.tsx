import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import '@/test/helpers/dom-polyfills';
import { makeProject } from '@/test/helpers/fixtures';
import { renderWithProviders } from '@/test/helpers/providers';
import { EditableTitle } from '@/components/EditableTitle';
import { ApiError, updateProject } from '@/lib/api';

vi.mock('@/lib/api', async (importOriginal) => ({
  ...(await importOriginal<typeof import('@/lib/api')>()),
  updateProject: vi.fn(),
}));

const update = vi.mocked(updateProject);

beforeEach(() => {
  vi.clearAllMocks();
});

describe('EditableTitle', () => {
  it('renames with Enter, reports the saved project and gives focus back to Rename', async () => {
    const onSaved = vi.fn();
    update.mockImplementation(async (_id, body) => makeProject({ title: body.title ?? '' }));
    renderWithProviders(<EditableTitle project={makeProject()} onSaved={onSaved} />);
    await userEvent.click(screen.getByRole('button', { name: 'Rename project' }));
    const field = screen.getByRole('textbox', { name: 'Project title' });
    await userEvent.clear(field);
    await userEvent.type(field, '  The Keeper  {Enter}');
    expect(update).toHaveBeenCalledWith('proj-1', { title: 'The Keeper' });
    await waitFor(() => expect(onSaved).toHaveBeenCalledWith(expect.objectContaining({ title: 'The Keeper' })));
    await waitFor(() => expect(screen.getByRole('button', { name: 'Rename project' })).toHaveFocus());
  });

  it('cancels with Escape without saving', async () => {
    renderWithProviders(<EditableTitle project={makeProject()} onSaved={vi.fn()} />);
    await userEvent.click(screen.getByRole('button', { name: 'Rename project' }));
    await userEvent.type(screen.getByRole('textbox', { name: 'Project title' }), ' draft{Escape}');
    expect(screen.getByRole('heading', { name: 'The Lighthouse Keeper' })).toBeInTheDocument();
    expect(update).not.toHaveBeenCalled();
  });

  it('refuses an empty title without asking the server, and keeps the field open with the server\'s reason', async () => {
    update.mockRejectedValue(new ApiError({ status: 400, error: 'Invalid input', fieldErrors: { title: ['Title is taken by the sea.'] } }));
    renderWithProviders(<EditableTitle project={makeProject()} onSaved={vi.fn()} />);
    await userEvent.click(screen.getByRole('button', { name: 'Rename project' }));
    const field = screen.getByRole('textbox', { name: 'Project title' });
    await userEvent.clear(field);
    await userEvent.type(field, '{Enter}');
    expect(screen.getByRole('alert')).toHaveTextContent('Give the project a title.');
    expect(update).not.toHaveBeenCalled();

    await userEvent.type(field, 'Sea{Enter}');
    expect(await screen.findByRole('alert')).toHaveTextContent('Title is taken by the sea.');
    expect(field).toHaveValue('Sea');
  });
});
