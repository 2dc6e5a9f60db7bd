import { render, type RenderOptions } from '@testing-library/react';
import type { ReactElement } from 'react';
import { TooltipProvider } from '@/components/ui/tooltip';

/** Renders inside the providers app/layout.tsx puts around every page. */
export function renderWithProviders(ui: ReactElement, options?: RenderOptions) {
  return render(ui, { wrapper: ({ children }) => <TooltipProvider>{children}</TooltipProvider>, ...options });
}
