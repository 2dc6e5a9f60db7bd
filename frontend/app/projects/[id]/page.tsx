import { AppHeader } from '@/components/AppHeader';
import { PrefetchLater } from '@/components/PrefetchLater';
import { ProjectEditor } from '@/components/ProjectEditor';

export default async function ProjectPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return (
    <>
      <AppHeader />
      <main>
        <ProjectEditor projectId={id} />
      </main>
      {/* The editor's links back to the projects are not prefetched while it opens. */}
      <PrefetchLater href="/" />
    </>
  );
}
