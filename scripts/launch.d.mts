import type { ChildProcess } from 'node:child_process';

export function launchStoryFlow(options?: {
  dataDir?: string;
  apiPort?: number;
  webPort?: number;
  host?: string;
  stdio?: 'inherit' | 'pipe' | 'ignore';
  env?: Record<string, string>;
}): Promise<{ url: string; apiUrl: string; api: ChildProcess; web: ChildProcess; stop(): Promise<void> }>;
