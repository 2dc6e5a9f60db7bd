'use client';

import { FileTextIcon } from 'lucide-react';
import dynamic from 'next/dynamic';
import { Suspense, useState } from 'react';
import { Button } from '@/components/ui/button';
import type { Segment } from '@storyflow/contract';

// The import dialog (and Radix's dialog with it) is not part of the editor's first load (issue 14).
const ImportStoryDialog = dynamic(() => import('@/components/ImportStoryDialog').then((m) => m.ImportStoryDialog));

type ImportMoreButtonProps = { projectId: string; onImported: (segments: Segment[]) => void };

/**
 * The editor's "Import more": a plain button until its first click, which loads the import
 * dialog and opens it; from then on the dialog is the button's own (its trigger).
 */
export function ImportMoreButton({ projectId, onImported }: ImportMoreButtonProps) {
  const [wanted, setWanted] = useState(false);
  const button = (
    <Button variant="outline" aria-haspopup="dialog" onClick={() => setWanted(true)}>
      <FileTextIcon />
      Import more
    </Button>
  );
  if (!wanted) return button;
  return (
    // While the dialog's code arrives, the same button stands in its place.
    <Suspense fallback={button}>
      <ImportStoryDialog mode="append" projectId={projectId} onImported={onImported} trigger={button} defaultOpen />
    </Suspense>
  );
}
