import type { ChildProcess } from 'node:child_process';

export function launchStoryFlow(options?: {
  dataDir?: string;
  apiPort?: number;
  webPort?: number;
  host?: string;
  stdio?: 'inherit' | 'pipe' | 'ignore';
  env?: Record<string, string>;
  /** Where the API's crash and restart lines go (stderr by default). */
  log?: (line: string) => void;
  /** Called when the API crashed too often to restart again. */
  onApiGaveUp?: (code: number | null) => void;
}): Promise<{
  url: string;
  apiUrl: string;
  /** The API's current process (a new one after each restart). */
  readonly api: ChildProcess;
  web: ChildProcess;
  stopApi(): Promise<void>;
  startApi(): Promise<void>;
  stop(): Promise<void>;
}>;
