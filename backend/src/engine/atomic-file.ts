/**
 * Writes a file through a temporary one beside it and a rename, so a reader (a later render,
 * a player) sees the old file or the whole new one, never half of it. The temporary name
 * ends in `.tmp` after a random part: writers racing on one file each use their own.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';

export async function writeFileAtomically(file: string, data: string | Uint8Array): Promise<void> {
  const tmp = `${file}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    await fs.writeFile(tmp, data);
    await fs.rename(tmp, file);
  } catch (err) {
    await fs.rm(tmp, { force: true });
    throw err;
  }
}
