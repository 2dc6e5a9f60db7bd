import type { ChildProcess } from 'node:child_process';

export type Supervised = {
  readonly child: ChildProcess;
  readonly recentCrashes: number;
  pause(): Promise<void>;
  resume(): ChildProcess;
  stop(): Promise<void>;
};

export function superviseProcess(options: {
  name: string;
  start: () => ChildProcess;
  log?: (line: string) => void;
  baseDelayMs?: number;
  maxDelayMs?: number;
  maxCrashes?: number;
  windowMs?: number;
  onRestart?: (child: ChildProcess) => void;
  onGiveUp?: (code: number | null) => void;
}): Supervised;
