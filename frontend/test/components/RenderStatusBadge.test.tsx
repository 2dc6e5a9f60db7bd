import { render, screen } from '@testing-library/react';
import '@/test/helpers/dom-polyfills';
import userEvent from '@testing-library/user-event';
import { RenderStatusBadge } from '@/components/RenderStatusBadge';

describe('RenderStatusBadge', () => {
  it.each([
    ['DRAFT', 'Draft', 'bg-zinc-100'],
    ['PROCESSING', 'Rendering', 'bg-amber-50'],
    ['COMPLETED', 'Completed', 'bg-emerald-50'],
    ['FAILED', 'Failed', 'bg-red-50'],
  ] as const)('shows %s as "%s" in its colour', (status, label, tone) => {
    render(<RenderStatusBadge status={status} />);
    const badge = screen.getByText(label);
    expect(badge).toHaveAttribute('data-status', status);
    expect(badge).toHaveClass(tone);
  });

  it('pulses only while rendering, and only when the system allows motion', () => {
    const { rerender } = render(<RenderStatusBadge status="PROCESSING" />);
    // motion-safe: is Tailwind's @media (prefers-reduced-motion: no-preference); a bare
    // animate-pulse would pulse for people who asked their system for less motion.
    expect(screen.getByText('Rendering')).toHaveClass('motion-safe:animate-pulse');
    expect(screen.getByText('Rendering')).not.toHaveClass('animate-pulse');
    rerender(<RenderStatusBadge status="COMPLETED" />);
    expect(screen.getByText('Completed').className).not.toContain('animate-pulse');
  });

  it('shows the failure message in a tooltip when failed', async () => {
    const user = userEvent.setup();
    render(<RenderStatusBadge status="FAILED" error="Stopped at your request" />);
    expect(screen.queryByRole('tooltip')).not.toBeInTheDocument();
    await user.tab();
    expect(screen.getByText('Failed')).toHaveFocus();
    expect(await screen.findByRole('tooltip')).toHaveTextContent('Stopped at your request');
  });

  it('has no tooltip when it is not failed', () => {
    render(<RenderStatusBadge status="DRAFT" error="stale message" />);
    expect(screen.getByText('Draft')).not.toHaveAttribute('tabindex');
  });
});
