import '@/test/helpers/dom-polyfills';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ProjectCard } from '@/components/ProjectCard';
import { OUTPUT_URL, PID, listedProject } from '@/test/helpers/render-fixtures';

describe('ProjectCard render actions', () => {
  it('offers Watch for a completed project, opening the editor at its preview', () => {
    render(<ProjectCard project={listedProject({ status: 'COMPLETED', output_path: OUTPUT_URL, segment_count: 3 })} onDelete={() => {}} />);
    expect(screen.getByRole('link', { name: 'Watch The Lighthouse' })).toHaveAttribute('href', `/projects/${PID}#preview`);
    expect(screen.getByText('Completed')).toBeInTheDocument();
  });

  it('links "Watch video" in the menu to the same place', async () => {
    const user = userEvent.setup();
    render(<ProjectCard project={listedProject({ status: 'COMPLETED', output_path: OUTPUT_URL, segment_count: 3 })} onDelete={() => {}} />);
    await user.click(screen.getByRole('button', { name: 'Actions for The Lighthouse' }));
    expect(await screen.findByRole('menuitem', { name: 'Watch video' })).toHaveAttribute('href', `/projects/${PID}#preview`);
  });

  it.each(['DRAFT', 'PROCESSING', 'FAILED'] as const)('has no Watch action when %s', (status) => {
    render(<ProjectCard project={listedProject({ status, segment_count: 3 })} onDelete={() => {}} />);
    expect(screen.queryByRole('link', { name: /Watch/ })).not.toBeInTheDocument();
  });

  it('shows a failed render with its error in the badge tooltip', async () => {
    const user = userEvent.setup();
    render(<ProjectCard project={listedProject({ status: 'FAILED', render_error: 'Cancelled by user', segment_count: 3 })} onDelete={() => {}} />);
    const badge = screen.getByText('Failed');
    badge.focus();
    await user.hover(badge);
    expect(await screen.findByRole('tooltip')).toHaveTextContent('Cancelled by user');
  });
});
