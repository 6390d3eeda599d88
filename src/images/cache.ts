/**
 * Scaled images kept between builds: scaling a camera photo costs tens of milliseconds, and a
 * rebuild should cost none of it for an image that did not change. Each scaled image is a file
 * in the output folder's `.briefing-images/`, named by the key of what it was made from (the
 * source's bytes, its use, the scaling code and libraries) and checked against its own hash
 * when read back; a missing or damaged one is simply made again. Within one process (watch
 * mode) they are also kept in memory.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { imageScalingKey, sha256 } from '../cache.js';
import { writeFileAtomic } from '../output/atomic.js';
import type { ImageAsset } from './asset.js';
import type { ImageFormat } from './read.js';
import { assetRef } from './ref.js';
import type { ImageUse, Scaled } from './scale.js';

export const IMAGE_CACHE_FOLDER = '.briefing-images';

/** A scaled image without its name: the same bytes serve every file name they are found under. */
type Stored = Omit<ImageAsset, 'ref'>;

export class ImageCache {
  private readonly memory = new Map<string, Stored>();
  private listed?: Map<string, string>;
  /** How many images this cache had to scale (the rest it had already). */
  scaledCount = 0;

  /** `out`: the output folder, whose `.briefing-images/` keeps them; none keeps them in memory only. */
  constructor(private readonly out?: string) {}

  /**
   * What scaled bytes are made from besides the source's: our code and sharp's version (which
   * pins libvips'). Read without loading sharp, which a build whose images are all cached never does.
   */
  private readonly scaling = imageScalingKey();

  /** The image scaled for `use` (see scaleImage), from this cache when it has it. */
  async scaled(bytes: Uint8Array, format: ImageFormat, use: ImageUse, name: string, written: string): Promise<Scaled> {
    const key = sha256(JSON.stringify([this.scaling, sha256(bytes), use])).slice(0, 32);
    const stored = this.memory.get(key) ?? this.fromDisk(key);
    if (stored) return { ...stored, ref: assetRef(name, stored.sha, stored.mime) };
    const { scaleImage } = await import('./scale.js');
    const made = await scaleImage(bytes, format, use, name, written);
    if ('problem' in made) return made;
    this.scaledCount++;
    const { ref: _, ...keep } = made;
    this.memory.set(key, keep);
    this.toDisk(key, keep);
    return made;
  }

  private folder(): string | undefined {
    return this.out && join(this.out, IMAGE_CACHE_FOLDER);
  }

  /** Files are named `<key>.<width>x<height>.<sha>.<png|jpg>`. */
  private fromDisk(key: string): Stored | undefined {
    const dir = this.folder();
    if (!dir) return undefined;
    if (!this.listed) {
      this.listed = new Map();
      try {
        for (const name of readdirSync(dir)) this.listed.set(name.split('.')[0]!, name);
      } catch {
        // No cache yet.
      }
    }
    const name = this.listed.get(key);
    const parts = name && /^[0-9a-f]{32}\.(\d+)x(\d+)\.([0-9a-f]{64})\.(png|jpg)$/.exec(name);
    if (!parts) return undefined;
    try {
      const data = new Uint8Array(readFileSync(join(dir, name)));
      if (sha256(data) !== parts[3]) return undefined;
      const stored: Stored = {
        mime: parts[4] === 'png' ? 'image/png' : 'image/jpeg',
        data,
        width: Number(parts[1]),
        height: Number(parts[2]),
        sha: parts[3]!,
      };
      this.memory.set(key, stored);
      return stored;
    } catch {
      return undefined;
    }
  }

  private toDisk(key: string, stored: Stored): void {
    const dir = this.folder();
    if (!dir) return;
    const name = `${key}.${stored.width}x${stored.height}.${stored.sha}.${stored.mime === 'image/png' ? 'png' : 'jpg'}`;
    writeFileAtomic(join(dir, name), stored.data);
    this.listed?.set(key, name);
  }
}
