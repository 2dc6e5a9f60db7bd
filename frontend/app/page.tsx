import { AppHeader } from '@/components/AppHeader';
import { Dashboard } from '@/components/Dashboard';

export default function DashboardPage() {
  return (
    <>
      <AppHeader containerClassName="max-w-6xl" />
      <main>
        <Dashboard />
      </main>
    </>
  );
}
