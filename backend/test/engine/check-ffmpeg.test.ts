import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkFfmpeg } from '../../src/engine/check-ffmpeg.js';
import { makeTempDir } from '../helper.js';

/** A stand-in ffmpeg that logs each run and prints the given version line. */
function fakeFfmpeg(file: string, log: string, version: string): void {
  fs.writeFileSync(file, `#!/bin/sh\necho run >> '${log}'\necho 'ffmpeg version ${version} Copyright'\n`, { mode: 0o755 });
}
const runs = (log: string): number => (fs.existsSync(log) ? fs.readFileSync(log, 'utf8').split('\n').filter(Boolean).length : 0);

describe('checkFfmpeg', () => {
  it('asks a program once while its file stays the same, and again once it is replaced or gone', async () => {
    const dir = makeTempDir();
    const bin = path.join(dir, 'ffmpeg');
    const log = path.join(dir, 'runs.log');
    fakeFfmpeg(bin, log, '6.1');
    expect(await checkFfmpeg(bin)).toEqual({ ok: true, version: '6.1' });
    expect(await checkFfmpeg(bin)).toEqual({ ok: true, version: '6.1' });
    expect(runs(log)).toBe(1);

    // Replaced in place (another size, another ctime): asked again.
    fakeFfmpeg(bin, log, '7.0.2');
    expect(await checkFfmpeg(bin)).toEqual({ ok: true, version: '7.0.2' });
    expect(runs(log)).toBe(2);

    fs.rmSync(bin);
    expect(await checkFfmpeg(bin)).toMatchObject({ ok: false });
  });
});
