/**
 * Content hashes of input files (images, narrations, music), remembered per process by
 * (path, size, mtime, ctime, inode): a no-change re-render then reads none of the bytes
 * again. Any write to a file changes its ctime (the kernel sets it, a user cannot), so a
 * remembered hash is never used for changed content.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import fs from 'node:fs/promises';

type Remembered = { identity: string; hash: string };

/** Bounded so a long-running server with thousands of projects keeps a small map. */
const MAX_REMEMBERED = 4096;
const remembered = new Map<string, Remembered>();

/** sha256 (hex) of the file's bytes. */
export async function hashFile(filePath: string): Promise<string> {
  const stat = await fs.stat(filePath, { bigint: true });
  // A FIFO or device in a media file's place would hold the read forever: refused at once.
  if (!stat.isFile()) throw new Error(`${filePath} is not a regular file`);
  const identity = `${stat.size}:${stat.mtimeNs}:${stat.ctimeNs}:${stat.ino}:${stat.dev}`;
  const known = remembered.get(filePath);
  if (known?.identity === identity) {
    // Re-insert: the map's order is then least recently used first.
    remembered.delete(filePath);
    remembered.set(filePath, known);
    return known.hash;
  }
  const hash = await hashBytes(filePath);
  remembered.delete(filePath);
  remembered.set(filePath, { identity, hash });
  if (remembered.size > MAX_REMEMBERED) remembered.delete(remembered.keys().next().value as string);
  return hash;
}

/** Streamed, so a long music file is never held in memory whole. */
function hashBytes(filePath: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    createReadStream(filePath)
      .on('data', (chunk) => hash.update(chunk))
      .on('error', reject)
      .on('end', () => resolve(hash.digest('hex')));
  });
}
