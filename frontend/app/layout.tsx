import type { Metadata } from 'next';
import './globals.css';

export const metadata: Metadata = {
  title: 'StoryFlow',
  description: 'Turn a story script into a narrated video, on your own machine.',
};

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-screen bg-zinc-50 font-sans text-zinc-900 antialiased">{children}</body>
    </html>
  );
}
