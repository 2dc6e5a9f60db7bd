import type { Metadata } from 'next';
import { Toaster } from 'sonner';
import { ConnectionBanner } from '@/components/ConnectionBanner';
import { QueryProvider } from '@/components/QueryProvider';
import { TooltipProvider } from '@/components/ui/tooltip';
import { EARLY_READ_SCRIPT } from '@/lib/early-read-script';
import './globals.css';

export const metadata: Metadata = {
  title: 'StoryFlow',
  description: 'Turn a story script into a narrated video, on your own machine.',
};

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <head>
        {/* The editor's project read, started before the page's scripts load (lib/early-read-script.ts).
            An async module: it runs as soon as it is parsed, where a plain inline script would
            wait for the stylesheet above it. */}
        <script type="module" async dangerouslySetInnerHTML={{ __html: EARLY_READ_SCRIPT }} />
      </head>
      <body className="min-h-screen bg-zinc-50 font-sans text-zinc-900 antialiased">
        <QueryProvider>
          <TooltipProvider>{children}</TooltipProvider>
          <ConnectionBanner />
        </QueryProvider>
        {/* Top right, below the header: the editor's sticky footer holds the export controls. */}
        <Toaster position="top-right" offset={{ top: 68, right: 24 }} richColors closeButton />
      </body>
    </html>
  );
}
