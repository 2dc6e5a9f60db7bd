import { ClapperboardIcon } from 'lucide-react';
import Link from 'next/link';
import { cn } from '@/lib/utils';

type AppHeaderProps = {
  children?: React.ReactNode;
  /** Width of the inner row, to line up with the page below it. */
  containerClassName?: string;
};

/** The thin top bar shared by every page: the StoryFlow mark and optional page actions. */
export function AppHeader({ children, containerClassName }: AppHeaderProps) {
  return (
    // Nearly opaque, not frosted: a backdrop blur over a scrolling page is redrawn every
    // frame, and without a GPU that alone halved the editor's scroll frame rate.
    <header className="sticky top-0 z-30 border-b border-zinc-200/80 bg-white/95">
      <div className={cn('mx-auto flex h-14 w-full max-w-[1400px] items-center gap-4 px-6', containerClassName)}>
        {/* Not prefetched as soon as it shows: a page that wants the projects ready renders
            PrefetchLater (the editor's page does), the projects page is this link's own. */}
        <Link href="/" prefetch={false} className="flex items-center gap-2 font-semibold tracking-tight text-zinc-900">
          <span className="flex size-7 items-center justify-center rounded-lg bg-indigo-600 text-white">
            <ClapperboardIcon className="size-4" />
          </span>
          StoryFlow
        </Link>
        {children}
      </div>
    </header>
  );
}
