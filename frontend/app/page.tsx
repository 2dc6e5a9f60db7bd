import { AppHeader } from '@/components/AppHeader';
import { Dashboard } from '@/components/Dashboard';

export default function DashboardPage() {
  return (
    <>
      <AppHeader />
      <main>
        <Dashboard />
      </main>
    </>
  );
}
