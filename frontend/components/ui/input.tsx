import type * as React from 'react';
import { cn } from '@/lib/utils';

function Input({ className, type, ...props }: React.ComponentProps<'input'>) {
  return (
    <input
      type={type}
      data-slot="input"
      className={cn(
        'flex h-9 w-full min-w-0 rounded-lg border border-zinc-200 bg-white px-3 py-1 text-sm shadow-xs outline-none transition-colors placeholder:text-zinc-400 focus-visible:border-indigo-600 focus-visible:ring-1 focus-visible:ring-indigo-600 disabled:cursor-not-allowed disabled:opacity-60 aria-invalid:border-red-400 aria-invalid:ring-red-500/20',
        className,
      )}
      {...props}
    />
  );
}

export { Input };
