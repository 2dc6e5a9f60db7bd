import { screen } from '@testing-library/react';
import DashboardPage from '@/app/page';
import { listAllProjects } from '@/lib/api';
import { renderWithProviders } from '@/test/helpers/providers';

vi.mock('next/navigation', () => ({ useRouter: () => ({ push: vi.fn() }) }));
vi.mock('@/lib/api', async (importOriginal) => ({
  ...(await importOriginal<typeof import('@/lib/api')>()),
  listAllProjects: vi.fn(),
}));

it('renders the dashboard page with the StoryFlow header', async () => {
  vi.mocked(listAllProjects).mockResolvedValue([]);
  renderWithProviders(<DashboardPage />);
  expect(screen.getByText('StoryFlow')).toBeInTheDocument();
  expect(await screen.findByText('No projects yet')).toBeInTheDocument();
});
