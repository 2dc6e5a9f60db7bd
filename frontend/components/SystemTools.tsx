'use client';

import { useEffect, useState } from 'react';
import { getSystemInfo } from '@/lib/api';
import type { SystemTool } from '@storyflow/contract';

const SOURCE_LABEL: Record<NonNullable<SystemTool['source']>, string> = {
  system: 'installed on this computer',
  bundled: 'bundled with StoryFlow',
  env: 'set by environment variable',
};

/** SPEC §7.7: which ffmpeg, ffprobe and espeak-ng StoryFlow uses, and their versions. */
export function SystemTools() {
  const [tools, setTools] = useState<SystemTool[] | null>(null);
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    const controller = new AbortController();
    getSystemInfo({ signal: controller.signal })
      .then((info) => setTools(info.tools))
      .catch(() => {
        if (!controller.signal.aborted) setFailed(true);
      });
    return () => controller.abort();
  }, []);

  return (
    <section aria-label="Programs" className="grid gap-1.5">
      <h3 className="text-sm font-medium text-zinc-700">Programs</h3>
      {failed && <p className="text-xs text-zinc-500">Could not read which programs are in use.</p>}
      <ul className="grid gap-1 text-xs text-zinc-600">
        {tools?.map((tool) => (
          <li key={tool.name} title={tool.path ?? tool.problem ?? undefined}>
            <span className="font-medium text-zinc-800">{tool.name}</span>{' '}
            {tool.available && tool.source !== null ? (
              <>
                {tool.version} — {SOURCE_LABEL[tool.source]}
              </>
            ) : (
              <span className="text-red-600">missing: {tool.problem}</span>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
