'use client';

import { RefreshCw } from 'lucide-react';
import type { ReactElement } from 'react';
import { DropdownMenu, DropdownMenuContent, DropdownMenuItem, DropdownMenuTrigger } from '@/components/ui/dropdown-menu';

type ExportOptionsMenuProps = {
  trigger: ReactElement;
  /** Whether the segments can be rendered again; `missing` says why not. */
  ready: boolean;
  missing: string[];
  onReRender: () => void;
  defaultOpen?: boolean;
};

/** The finished video's further options: render it again (RenderButton.tsx). */
export function ExportOptionsMenu({ trigger, ready, missing, onReRender, defaultOpen }: ExportOptionsMenuProps) {
  return (
    <DropdownMenu defaultOpen={defaultOpen}>
      <DropdownMenuTrigger asChild>{trigger}</DropdownMenuTrigger>
      <DropdownMenuContent align="end">
        <DropdownMenuItem disabled={!ready} onSelect={onReRender}>
          <RefreshCw aria-hidden="true" />
          Re-Render
        </DropdownMenuItem>
        {!ready && <p className="max-w-60 px-2 pb-1.5 text-xs text-zinc-500">{missing.join(' ')}</p>}
      </DropdownMenuContent>
    </DropdownMenu>
  );
}
