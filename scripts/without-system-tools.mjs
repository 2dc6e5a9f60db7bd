// Runs a command as on a machine with only Node: `ffmpeg`, `ffprobe` and `espeak-ng` on
// PATH are stubs that exit 127 (as a shell does for a missing program), and the
// FFMPEG_PATH / FFPROBE_PATH / ESPEAK_PATH overrides are removed, so StoryFlow's resolver
// (backend/src/engine/tools) must fall back to the npm-bundled programs.
//   node scripts/without-system-tools.mjs node scripts/test.mjs --project backend test/engine
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const HIDDEN_PROGRAMS = ['ffmpeg', 'ffprobe', 'espeak-ng'];

/** The environment of a bare machine: stubs first on PATH, no overrides; `stubs` is the folder to remove after. */
export function bareMachineEnv(env = process.env) {
  const stubs = fs.mkdtempSync(path.join(os.tmpdir(), 'storyflow-no-system-tools-'));
  for (const name of HIDDEN_PROGRAMS) {
    fs.writeFileSync(path.join(stubs, name), `#!/bin/sh\necho "${name}: hidden (bare-machine run)" >&2\nexit 127\n`, { mode: 0o755 });
  }
  const { FFMPEG_PATH: _ffmpeg, FFPROBE_PATH: _ffprobe, ESPEAK_PATH: _espeak, ...rest } = env;
  // STORYFLOW_BARE_MACHINE lets the resolver test assert that the bundled programs were chosen.
  return { stubs, env: { ...rest, PATH: [stubs, rest.PATH ?? ''].join(path.delimiter), STORYFLOW_BARE_MACHINE: '1' } };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [cmd, ...args] = process.argv.slice(2);
  if (cmd === undefined) {
    console.error('usage: node scripts/without-system-tools.mjs <command> [args...]');
    process.exit(2);
  }
  console.log(`Hiding system ${HIDDEN_PROGRAMS.join(', ')} (stubs exit 127): running ${[cmd, ...args].join(' ')}`);
  const { stubs, env } = bareMachineEnv();
  const res = spawnSync(cmd, args, { stdio: 'inherit', env });
  fs.rmSync(stubs, { recursive: true, force: true });
  process.exit(res.status ?? 1);
}
