import { render } from '@testing-library/react';
import { Skeleton } from '@/components/ui/skeleton';

describe('Skeleton', () => {
  it('pulses only after a second, so a page that loads in time costs no animation frames (issue 14)', () => {
    const { container } = render(<Skeleton className="h-4" />);
    const placeholder = container.firstElementChild!;
    expect(placeholder).toHaveClass('animate-pulse', '[animation-delay:1s]', 'h-4');
  });
});
