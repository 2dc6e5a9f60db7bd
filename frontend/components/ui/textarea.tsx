import type * as React from 'react';
import { cn } from '@/lib/utils';

function Textarea({ className, ...props }: React.ComponentProps<'textarea'>) {
  return (
    <textarea
      data-slot="textarea"
      className={cn(
        'flex min-h-20 w-full rounded-lg border border-zinc-200 bg-white px-3 py-2 text-sm leading-relaxed shadow-xs outline-none transition-colors placeholder:text-zinc-400 focus-visible:border-indigo-600 focus-visible:ring-1 focus-visible:ring-indigo-600 disabled:cursor-not-allowed disabled:bg-zinc-50 disabled:text-zinc-500 aria-invalid:border-red-400',
        className,
      )}
      {...props}
    />
  );
}

export { Textarea };
