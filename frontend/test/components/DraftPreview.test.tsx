import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { toast } from 'sonner';
import { DraftPreview } from '@/components/DraftPreview';
import { installFakeApi, type FakeApi } from '@/test/helpers/fake-api';
import { makeProject } from '@/test/helpers/fixtures';

vi.mock('sonner', () => ({ toast: { error: vi.fn(), success: vi.fn() } }));

const TASK = { task_id: 'preview_proj-1', completed_segments: [], errors: [] };
const FACTS = { duration_seconds: 12.3, file_size_bytes: 1000, width: 960, height: 540, fps: 30, rendered_at: '2026-01-01T00:00:00Z' };
let api: FakeApi;
beforeEach(() => {
  api = installFakeApi();
  vi.mocked(toast.error).mockClear();
});
afterEach(() => api.restore());

describe('DraftPreview', () => {
  it('makes a draft, follows its task and plays it with a "Draft" label', async () => {
    api.on('POST', '/projects/proj-1/preview/', { status: 202, data: { task_id: 'preview_proj-1', project_id: 'proj-1', message: 'Draft preview started' } });
    api.on(
      'GET',
      '/tasks/preview_proj-1/status/',
      { status: 200, data: { ...TASK, status: 'PROCESSING', progress: { current: 10, total: 100, percentage: 40 } } },
      { status: 200, data: { ...TASK, status: 'COMPLETED', progress: { current: 100, total: 100, percentage: 100 } } },
    );
    const url = '/media/projects/proj-1/output/preview.mp4?v=1';
    api.on('GET', '/projects/proj-1/', { status: 200, data: { ...makeProject({ preview_url: url, preview: FACTS }), segments: [] } });
    render(<DraftPreview project={makeProject()} pollIntervalMs={1} />);
    expect(screen.queryByTestId('draft-video')).not.toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Draft preview' }));
    expect(await screen.findByTestId('draft-video')).toHaveAttribute('src', url);
    expect(screen.getByText('Draft')).toBeInTheDocument();
    expect(screen.getByText('Draft · 960×540 · 12.3 s')).toBeInTheDocument();
  });

  it('shows the last preview at once and says why a new one failed', async () => {
    api.on('POST', '/projects/proj-1/preview/', { status: 202, data: { task_id: 'preview_proj-1', project_id: 'proj-1', message: '' } });
    api.on('GET', '/tasks/preview_proj-1/status/', {
      status: 200,
      data: { ...TASK, status: 'FAILED', progress: { current: 0, total: 0, percentage: 0 }, errors: [{ error: 'Segment 2: the image could not be decoded' }] },
    });
    render(<DraftPreview project={makeProject({ preview_url: '/media/old.mp4', preview: FACTS })} pollIntervalMs={1} />);
    expect(screen.getByTestId('draft-video')).toHaveAttribute('src', '/media/old.mp4');
    await userEvent.click(screen.getByRole('button', { name: 'Draft preview' }));
    await waitFor(() => expect(toast.error).toHaveBeenCalledWith('The draft preview failed: Segment 2: the image could not be decoded'));
  });
});
