import { AppHeader } from '@/components/AppHeader';
import { ProjectEditor } from '@/components/ProjectEditor';

/** Where the API listens, as the web server (server.mjs) forwards /api/* to it. */
const API_URL = process.env.STORYFLOW_API_URL ?? 'http://127.0.0.1:8000';

/**
 * The project as the API has it, read while the page is being sent (SPEC §7.8: a long story
 * opens in ≤ 1 s). Left to the browser, the read would start only once the page's scripts
 * had loaded and hydrated, one more round trip before the first card; from here its answer
 * streams in with the page. Not awaited, so the page's first bytes do not wait for it. The
 * JSON text, not the parsed object: the browser's JSON.parse reads 500 segments faster
 * than React would decode them as server data. Null when the read fails: the editor then
 * asks the API itself and shows "not found" or the error as it always has.
 */
async function readProject(id: string): Promise<string | null> {
  try {
    const res = await fetch(`${API_URL}/api/projects/${encodeURIComponent(id)}/`, {
      cache: 'no-store',
      headers: { Accept: 'application/json' },
    });
    return res.ok ? await res.text() : null;
  } catch {
    return null;
  }
}

export default async function ProjectPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return (
    <>
      <AppHeader />
      <main>
        <ProjectEditor projectId={id} firstRead={readProject(id)} />
      </main>
    </>
  );
}
