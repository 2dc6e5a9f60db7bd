import '@/test/helpers/dom-polyfills';
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ProjectCard } from '@/components/ProjectCard';
import { makeQueryClient } from '@/lib/query-client';
import type { ProjectListItem } from '@storyflow/contract';
import { installFakeApi, type FakeApi } from '@/test/helpers/fake-api';
import { renderWithProviders } from '@/test/helpers/providers';
import { seedProject } from '@/test/helpers/render-cache';
import { OUTPUT_URL, PID, STATUS_URL, project } from '@/test/helpers/render-fixtures';

vi.mock('sonner', () => ({ toast: { error: vi.fn(), success: vi.fn() } }));

let api: FakeApi;

beforeEach(() => {
  api = installFakeApi();
  // A rendering card asks for its progress; here it never hears back.
  api.on('GET', STATUS_URL, 'pending');
});

afterEach(() => api.restore());

/** A card as the dashboard shows it: the list's row has seeded its render status. */
function render(ui: React.ReactElement<{ project: ProjectListItem }>) {
  const client = makeQueryClient();
  seedProject(client, ui.props.project);
  return renderWithProviders(ui, { client });
}

describe('ProjectCard render actions', () => {
  it('offers Watch for a completed project, opening the editor at its preview', () => {
    render(<ProjectCard project={{ ...project({ status: 'COMPLETED', output_path: OUTPUT_URL }), segment_count: 3 }} onDelete={() => {}} />);
    expect(screen.getByRole('link', { name: 'Watch The Lighthouse' })).toHaveAttribute('href', `/projects/${PID}#preview`);
    expect(screen.getByText('Completed')).toBeInTheDocument();
  });

  it('links "Watch video" in the menu to the same place', async () => {
    const user = userEvent.setup();
    render(<ProjectCard project={{ ...project({ status: 'COMPLETED', output_path: OUTPUT_URL }), segment_count: 3 }} onDelete={() => {}} />);
    await user.click(screen.getByRole('button', { name: 'Actions for The Lighthouse' }));
    expect(await screen.findByRole('menuitem', { name: 'Watch video' })).toHaveAttribute('href', `/projects/${PID}#preview`);
  });

  it.each(['DRAFT', 'PROCESSING', 'FAILED'] as const)('has no Watch action when %s', (status) => {
    render(<ProjectCard project={{ ...project({ status }), segment_count: 3 }} onDelete={() => {}} />);
    expect(screen.queryByRole('link', { name: /Watch/ })).not.toBeInTheDocument();
  });

  it('shows a failed render with its error in the badge tooltip', async () => {
    const user = userEvent.setup();
    render(<ProjectCard project={{ ...project({ status: 'FAILED', render_error: 'Stopped at your request' }), segment_count: 3 }} onDelete={() => {}} />);
    const badge = screen.getByText('Failed');
    badge.focus();
    await user.hover(badge);
    expect(await screen.findByRole('tooltip')).toHaveTextContent('Stopped at your request');
  });
});
