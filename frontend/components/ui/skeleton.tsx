import type * as React from 'react';
import { cn } from '@/lib/utils';

/**
 * A grey placeholder that starts to pulse only after a second on screen. A pulse is a frame
 * drawn 60 times a second: while the editor opens (issue 14), the skeleton's pulse alone
 * cost the browser ~250 ms of CPU in compositing, on a machine where the page's own scripts
 * wait for that CPU. A page that loads in time shows a still placeholder; one that takes
 * longer still shows that it is working. While its delay runs, an animation draws no frames.
 */
function Skeleton({ className, ...props }: React.ComponentProps<'div'>) {
  return (
    <div
      data-slot="skeleton"
      className={cn('animate-pulse rounded-md bg-zinc-200/70 [animation-delay:1s]', className)}
      {...props}
    />
  );
}

export { Skeleton };
