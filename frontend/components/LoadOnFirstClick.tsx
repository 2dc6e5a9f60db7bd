'use client';

import { Suspense, useState, type ReactElement, type ReactNode } from 'react';

type LoadOnFirstClickProps = {
  /** The button, given the handler for its first click. */
  trigger: (onClick: () => void) => ReactElement;
  /** The lazily loaded dialog or menu, opened at once, with that button as its trigger. */
  children: (trigger: ReactElement) => ReactNode;
};

/**
 * A button that stands alone until its first click, which loads the dialog or menu it opens
 * (issue 14: their code is not part of the editor's first load). While the code arrives the
 * same button stands in its place, so nothing shifts; from then on it is that component's trigger.
 */
export function LoadOnFirstClick({ trigger, children }: LoadOnFirstClickProps) {
  const [wanted, setWanted] = useState(false);
  const button = trigger(() => setWanted(true));
  if (!wanted) return button;
  return <Suspense fallback={button}>{children(button)}</Suspense>;
}
