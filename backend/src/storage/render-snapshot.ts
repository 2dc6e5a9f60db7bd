import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';

/** Where snapshots live, under the data directory (swept at start-up by storage/leftovers.ts). */
export const SNAPSHOT_FOLDER = 'tmp';

/**
 * The media a render works from, frozen when it starts. Each image and audio file is
 * hard-linked into a folder of the render's own (copied where links are impossible), so
 * an upload, a removal or new speech during the render changes the project but never
 * takes a file away from under the render. Same file system as the media, so a link
 * costs nothing whatever the file's size.
 */
export class RenderSnapshot {
  private count = 0;

  private constructor(readonly dir: string) {}

  static async create(dataDir: string, projectId: string): Promise<RenderSnapshot> {
    const dir = path.join(dataDir, SNAPSHOT_FOLDER, `render-${projectId}-${randomBytes(4).toString('hex')}`);
    await fs.mkdir(dir, { recursive: true });
    return new RenderSnapshot(dir);
  }

  /**
   * A path to a frozen copy of the file `current()` names now. An upload may replace the
   * file between reading its name and linking it, so a vanished file is looked up again
   * (a few times); one that stays missing is returned as it is, for the render to report.
   */
  async keep(current: () => string): Promise<string> {
    const target = path.join(this.dir, String(this.count++));
    let source = current();
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        await linkOrCopy(source, target + path.extname(source));
        return target + path.extname(source);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
        source = current();
      }
    }
    return source;
  }

  async remove(): Promise<void> {
    await fs.rm(this.dir, { recursive: true, force: true });
  }
}

async function linkOrCopy(source: string, target: string): Promise<void> {
  try {
    await fs.link(source, target);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== 'EXDEV' && code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EMLINK') throw err;
    await fs.copyFile(source, target);
  }
}
