import fs from 'node:fs/promises';
import path from 'node:path';
import { hashFile, makeThumbnail, readImageFile } from '../engine/index.js';
import { AppError } from '../errors.js';
import { projectThumbnailCacheDir, resolveMediaPath } from '../storage/media.js';

/** The segment fields a thumbnail depends on. */
export type ThumbnailSource = { id: string; project_id: string; image_file: string | null };

export type Thumbnail = {
  data: Buffer;
  /** Strong validator: the image's content hash and the width, so a changed image never matches. */
  etag: string;
};

class NoImageError extends AppError {
  constructor(message: string) {
    super(404, 'segment_has_no_image', message);
  }
}

class UnreadableImageError extends AppError {
  constructor() {
    super(422, 'invalid_image', "The segment's image cannot be read; upload it again");
  }
}

/**
 * Thumbnails for the editor's segment cards (SPEC §7.8: a 500-segment timeline shows small
 * server-made pictures, not the originals). Each is cached on disk under
 * `cache/thumbnails/{project}/{segment}-{content hash}-w{width}.webp`: a replaced image has
 * another hash, so a stale thumbnail is never served, and making the new one removes the
 * segment's older ones. The content hash is the engine's (streamed, remembered by the file's
 * identity), so a cache hit costs one stat and one read.
 */
export function createThumbnailStore(options: { dataDir: string; mediaDir: string }) {
  // Two cards asking for the same missing thumbnail at once make it once.
  const making = new Map<string, Promise<Buffer>>();

  /** The image's content hash (engine/file-hash.ts remembers it by file identity), shortened for file names. */
  async function contentHash(imagePath: string): Promise<string> {
    return (await hashFile(imagePath)).slice(0, 32);
  }

  async function make(imagePath: string, width: number, at: { cacheDir: string; name: string; segmentId: string; hash: string }): Promise<Buffer> {
    const { cacheDir, name, segmentId, hash } = at;
    let data: Buffer;
    try {
      data = await makeThumbnail(await readImageFile(imagePath), width);
    } catch {
      throw new UnreadableImageError();
    }
    await storeInCache(cacheDir, name, data, `${segmentId}-`, `${segmentId}-${hash}-`);
    return data;
  }

  return {
    /** The segment's image at most `width` pixels wide, as WebP, from the cache when it is there. */
    async thumbnail(segment: ThumbnailSource, width: number): Promise<Thumbnail> {
      if (segment.image_file === null) throw new NoImageError('This segment has no image');
      const imagePath = resolveMediaPath(options.mediaDir, segment.image_file);
      const hash = await contentHash(imagePath).catch((err: unknown) => {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new NoImageError("The segment's image file is missing; upload it again");
        throw new UnreadableImageError();
      });
      const cacheDir = projectThumbnailCacheDir(options.dataDir, segment.project_id);
      const name = `${segment.id}-${hash}-w${width}.webp`;
      const etag = `"${hash}-w${width}"`;
      const cached = await fs.readFile(path.join(cacheDir, name)).catch(() => null);
      if (cached !== null && cached.length > 0) return { data: cached, etag };
      const key = path.join(cacheDir, name);
      let pending = making.get(key);
      if (pending === undefined) {
        pending = make(imagePath, width, { cacheDir, name, segmentId: segment.id, hash }).finally(() => making.delete(key));
        making.set(key, pending);
      }
      return { data: await pending, etag };
    },

    /** Forgets a deleted segment's thumbnails. */
    async removeSegment(segment: Pick<ThumbnailSource, 'id' | 'project_id'>): Promise<void> {
      const cacheDir = projectThumbnailCacheDir(options.dataDir, segment.project_id);
      await removeEntries(cacheDir, (entry) => entry.startsWith(`${segment.id}-`));
    },
  };
}

export type ThumbnailStore = ReturnType<typeof createThumbnailStore>;

/**
 * Writes a new thumbnail (temp file, then rename, so a reader never sees half of one) and
 * removes the same segment's thumbnails of earlier images (`segmentPrefix` without
 * `imagePrefix`). A cache is an optimisation: a folder that cannot be written must not
 * fail the request.
 */
async function storeInCache(cacheDir: string, name: string, data: Buffer, segmentPrefix: string, imagePrefix: string): Promise<void> {
  const tmp = path.join(cacheDir, `.${name}.${process.pid}.tmp`);
  try {
    await fs.mkdir(cacheDir, { recursive: true });
    await fs.writeFile(tmp, data);
    await fs.rename(tmp, path.join(cacheDir, name));
    await removeEntries(cacheDir, (entry) => entry.startsWith(segmentPrefix) && !entry.startsWith(imagePrefix));
  } catch {
    await fs.rm(tmp, { force: true }).catch(() => undefined);
  }
}

async function removeEntries(dir: string, matches: (entry: string) => boolean): Promise<void> {
  const entries = await fs.readdir(dir).catch(() => [] as string[]);
  await Promise.all(entries.filter(matches).map((entry) => fs.rm(path.join(dir, entry), { force: true })));
}
