import { RefreshCwIcon } from 'lucide-react';
import { Button } from '@/components/ui/button';
import { cn } from '@/lib/utils';

type LoadErrorProps = {
  title: string;
  message: string;
  onRetry: () => void;
  className?: string;
};

/** What a view shows in place of data it could not load: what failed, why, and a retry. */
export function LoadError({ title, message, onRetry, className }: LoadErrorProps) {
  return (
    <div className={cn('flex flex-col items-center px-6 text-center', className)} role="alert">
      <p className="font-semibold text-zinc-900">{title}</p>
      <p className="mt-1 max-w-md text-sm text-zinc-500">{message}</p>
      <Button variant="outline" className="mt-6" onClick={onRetry}>
        <RefreshCwIcon />
        Try again
      </Button>
    </div>
  );
}
