import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import '@/test/helpers/dom-polyfills';
import { renderWithProviders } from '@/test/helpers/providers';
import { ImportStoryDialog } from '@/components/ImportStoryDialog';
import { Button } from '@/components/ui/button';
import { ApiError, importProject, importSegments } from '@/lib/api';
import type { ProjectDetail } from '@storyflow/contract';

vi.mock('sonner', () => ({ toast: { error: vi.fn(), success: vi.fn() } }));
vi.mock('@/lib/api', async (importOriginal) => ({
  ...(await importOriginal<typeof import('@/lib/api')>()),
  importProject: vi.fn(),
  importSegments: vi.fn(),
}));

beforeEach(() => vi.clearAllMocks());

async function openCreate(onImported = vi.fn()) {
  renderWithProviders(<ImportStoryDialog mode="create" onImported={onImported} trigger={<Button>Import story</Button>} />);
  await userEvent.click(screen.getByRole('button', { name: 'Import story' }));
  return onImported;
}

describe('ImportStoryDialog', () => {
  it('shows the server error and its per-segment details', async () => {
    vi.mocked(importProject).mockRejectedValue(
      new ApiError({
        status: 400,
        error: '2 segments need fixing',
        details: ['Segment 1 is missing text_content', 'Segment 3 is missing text_content'],
      }),
    );
    await openCreate();
    await userEvent.click(screen.getByRole('radio', { name: 'JSON' }));
    await userEvent.type(screen.getByLabelText('Project title'), 'Lighthouse');
    fireEvent.change(screen.getByLabelText('Segments (JSON)'), {
      target: { value: '[{"text_content":"a"},{"text_content":"b"},{"image_prompt":"c"}]' },
    });
    await userEvent.click(screen.getByRole('button', { name: 'Import story' }));

    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('2 segments need fixing');
    expect(within(alert).getAllByRole('listitem').map((li) => li.textContent)).toEqual([
      'Segment 1 is missing text_content',
      'Segment 3 is missing text_content',
    ]);
    expect(importProject).toHaveBeenCalledWith({
      format: 'json',
      title: 'Lighthouse',
      segments: [{ text_content: 'a' }, { text_content: 'b' }, { image_prompt: 'c' }],
    });
    // The dialog stays open with the input kept, so the user can fix it.
    expect(screen.getByRole('dialog')).toBeInTheDocument();
  });

  it('lists several block errors from a text import', async () => {
    vi.mocked(importProject).mockRejectedValue(
      new ApiError({
        status: 400,
        error: 'Invalid script',
        details: ['Block 2 has no Text: line', 'Block 4 has no Text: line'],
      }),
    );
    await openCreate();
    await userEvent.type(screen.getByLabelText('Project title'), 'Story');
    fireEvent.change(screen.getByLabelText('Script'), { target: { value: 'Text: a\n---\nPrompt: b' } });
    expect(screen.getByText('2 blocks')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Import story' }));

    const items = await screen.findAllByRole('listitem');
    expect(items.map((li) => li.textContent)).toEqual(['Block 2 has no Text: line', 'Block 4 has no Text: line']);
    expect(importProject).toHaveBeenCalledWith({ format: 'text', title: 'Story', raw_text: 'Text: a\n---\nPrompt: b' });
  });

  it('catches invalid JSON before sending', async () => {
    await openCreate();
    await userEvent.click(screen.getByRole('radio', { name: 'JSON' }));
    await userEvent.type(screen.getByLabelText('Project title'), 'T');
    fireEvent.change(screen.getByLabelText('Segments (JSON)'), { target: { value: '[{"text_content": ' } });
    await userEvent.click(screen.getByRole('button', { name: 'Import story' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('This is not valid JSON');
    expect(importProject).not.toHaveBeenCalled();
  });

  it('hands the created project over and closes', async () => {
    const project = { id: 'p9', title: 'T', segments: [] } as unknown as ProjectDetail;
    vi.mocked(importProject).mockResolvedValue(project);
    const onImported = await openCreate();
    await userEvent.type(screen.getByLabelText('Project title'), 'T');
    fireEvent.change(screen.getByLabelText('Script'), { target: { value: 'Text: hello' } });
    await userEvent.click(screen.getByRole('button', { name: 'Import story' }));
    await waitFor(() => expect(onImported).toHaveBeenCalledWith(project));
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
  });

  it('appends to an existing project without asking for a title', async () => {
    vi.mocked(importSegments).mockResolvedValue([]);
    const onImported = vi.fn();
    renderWithProviders(
      <ImportStoryDialog mode="append" projectId="p1" onImported={onImported} trigger={<Button>Import more</Button>} />,
    );
    await userEvent.click(screen.getByRole('button', { name: 'Import more' }));
    expect(screen.queryByLabelText('Project title')).not.toBeInTheDocument();
    fireEvent.change(screen.getByLabelText('Script'), { target: { value: 'Text: more' } });
    await userEvent.click(screen.getByRole('button', { name: 'Add segments' }));
    await waitFor(() => expect(onImported).toHaveBeenCalledWith([]));
    expect(importSegments).toHaveBeenCalledWith('p1', { format: 'text', title: '', raw_text: 'Text: more' });
  });
});
