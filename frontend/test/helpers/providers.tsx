import type { QueryClient } from '@tanstack/react-query';
import { QueryClientProvider } from '@tanstack/react-query';
import { render, renderHook, type RenderOptions } from '@testing-library/react';
import type { ReactElement, ReactNode } from 'react';
import { TooltipProvider } from '@/components/ui/tooltip';
import { makeQueryClient } from '@/lib/query-client';

/** The providers app/layout.tsx puts around every page, around one fresh query cache. */
function wrapperFor(client: QueryClient) {
  return function Providers({ children }: { children: ReactNode }) {
    return (
      <QueryClientProvider client={client}>
        <TooltipProvider>{children}</TooltipProvider>
      </QueryClientProvider>
    );
  };
}

/** Renders inside the app's providers; `client` is the query cache the page uses (a fresh one unless given). */
export function renderWithProviders(ui: ReactElement, options?: RenderOptions & { client?: QueryClient }) {
  const client = options?.client ?? makeQueryClient();
  return { ...render(ui, { wrapper: wrapperFor(client), ...options }), client };
}

/** A hook inside the app's providers. */
export function renderHookWithProviders<Result>(hook: () => Result, client: QueryClient = makeQueryClient()) {
  return { ...renderHook(hook, { wrapper: wrapperFor(client) }), client };
}
