/** Test images, made with sharp when a test runs (no large binaries in the repository). */
import { deflateSync } from 'node:zlib';
import sharp from 'sharp';

/**
 * A camera-like JPEG: noise over a gradient (the hardest case for size), `orientation` in its
 * EXIF as a camera held upright writes it.
 */
export async function cameraJpeg(width: number, height: number, orientation = 1, seed = 1): Promise<Buffer> {
  const raw = Buffer.alloc(width * height * 3);
  let x = seed;
  for (let i = 0; i < raw.length; i++) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    raw[i] = (((i / 3) % width) * 160) / width + ((x >>> 24) & 95);
  }
  return sharp(raw, { raw: { width, height, channels: 3 } })
    .jpeg({ quality: 92 })
    .withMetadata({ orientation })
    .toBuffer();
}

/** A flat emblem-like PNG, with transparency or without. */
export function emblemPng(size: number, alpha: boolean): Promise<Buffer> {
  const background = alpha ? { r: 0, g: 60, b: 140, alpha: 0.5 } : { r: 0, g: 60, b: 140 };
  return sharp({ create: { width: size, height: size, channels: alpha ? 4 : 3, background } })
    .composite([
      {
        input: Buffer.from(
          `<svg width="${size}" height="${size}"><circle cx="${size / 2}" cy="${size / 2}" r="${size / 3}" fill="#fc0"/></svg>`,
        ),
      },
    ])
    .png()
    .toBuffer();
}

/** A PNG whose header claims `width` × `height` pixels over a few bytes of data: a decompression bomb. */
export function bombPng(width: number, height: number): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 0, 0, 0, 0], 8); // 8-bit greyscale
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.alloc(4096))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function crc32(data: Buffer): number {
  let crc = ~0;
  for (const byte of data) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = (crc >>> 1) ^ (0xedb88320 & -(crc & 1));
  }
  return ~crc >>> 0;
}

/** The start-of-frame marker of a JPEG: 0xc0 baseline, 0xc2 progressive. */
export function jpegFrame(data: Uint8Array): number | undefined {
  for (let i = 2; i + 4 < data.length; ) {
    if (data[i] !== 0xff) return undefined;
    const marker = data[i + 1]!;
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) return marker;
    i += 2 + ((data[i + 2]! << 8) | data[i + 3]!);
  }
  return undefined;
}

/** The APPn markers of a JPEG (0xe1 holds EXIF). */
export function jpegAppMarkers(data: Uint8Array): number[] {
  const found: number[] = [];
  for (let i = 2; i + 4 < data.length; ) {
    if (data[i] !== 0xff) break;
    const marker = data[i + 1]!;
    if (marker === 0xda) break;
    if (marker >= 0xe0 && marker <= 0xef) found.push(marker);
    i += 2 + ((data[i + 2]! << 8) | data[i + 3]!);
  }
  return found;
}
