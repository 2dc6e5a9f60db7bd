import { render, screen } from '@testing-library/react';
import DashboardPage from '@/app/page';

it('renders', () => {
  render(<DashboardPage />);
  expect(screen.getByText('StoryFlow')).toBeInTheDocument();
});
