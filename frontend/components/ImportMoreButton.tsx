'use client';

import { FileTextIcon } from 'lucide-react';
import dynamic from 'next/dynamic';
import { LoadOnFirstClick } from '@/components/LoadOnFirstClick';
import { Button } from '@/components/ui/button';
import type { Segment } from '@storyflow/contract';

// The import dialog (and Radix's dialog with it) is not part of the editor's first load (issue 14).
const ImportStoryDialog = dynamic(() => import('@/components/ImportStoryDialog').then((m) => m.ImportStoryDialog));

type ImportMoreButtonProps = { projectId: string; onImported: (segments: Segment[]) => void };

/** The editor's "Import more": loads the import dialog on its first click and opens it. */
export function ImportMoreButton({ projectId, onImported }: ImportMoreButtonProps) {
  return (
    <LoadOnFirstClick
      trigger={(onClick) => (
        <Button variant="outline" aria-haspopup="dialog" onClick={onClick}>
          <FileTextIcon />
          Import more
        </Button>
      )}
    >
      {(trigger) => <ImportStoryDialog mode="append" projectId={projectId} onImported={onImported} trigger={trigger} defaultOpen />}
    </LoadOnFirstClick>
  );
}
