/**
 * Images named by a visit: every refusal at its field's place, and what a good image becomes
 * (upright, within its print box at 300 dpi, small, the same bytes on every run).
 */
import { mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatDiagnostic } from '../src/diagnostics.js';
import { PRINT_BOX, PRINT_DPI } from '../src/images/asset.js';
import { ImageCache } from '../src/images/cache.js';
import { sniff } from '../src/images/read.js';
import { boxPixels } from '../src/images/scale.js';
import { IMAGE_FILE_BYTES } from '../src/limits.js';
import { loadVisitsWithImages } from '../src/load/index.js';
import { bombPng, cameraJpeg, emblemPng, jpegAppMarkers, jpegFrame } from './helpers/images.js';

let dir: string;
let outside: string;
beforeAll(async () => {
  const root = mkdtempSync(join(tmpdir(), 'briefing-images-'));
  dir = join(root, 'visits');
  outside = join(root, 'elsewhere');
  mkdirSync(join(dir, 'photos'), { recursive: true });
  mkdirSync(outside);
  writeFileSync(join(dir, 'photos/kang.jpg'), await cameraJpeg(600, 800));
  writeFileSync(join(dir, 'emblem.png'), await emblemPng(300, true));
  writeFileSync(join(outside, 'secret.png'), await emblemPng(50, true));
  writeFileSync(join(dir, 'photos/anim.gif'), Buffer.from('GIF89a\x01\x00\x01\x00\x00\x00\x00;', 'latin1'));
  writeFileSync(join(dir, 'photos/notes.jpg'), 'not a photo at all\n');
  writeFileSync(
    join(dir, 'photos/drawing.png'),
    '<svg xmlns="http://www.w3.org/2000/svg"><image href="/etc/passwd"/></svg>',
  );
  const whole = await cameraJpeg(400, 300);
  writeFileSync(join(dir, 'photos/cut.jpg'), whole.subarray(0, whole.length >> 1));
  const png = await emblemPng(200, false);
  writeFileSync(
    join(dir, 'photos/broken.png'),
    Buffer.concat([png.subarray(0, 60), Buffer.alloc(200, 7), png.subarray(260)]),
  );
  writeFileSync(join(dir, 'photos/bomb.png'), bombPng(20_000, 20_000));
  // Past the limit in bytes: a JPEG's signature, then nothing (the size alone refuses it).
  writeFileSync(
    join(dir, 'photos/huge.jpg'),
    Buffer.concat([Buffer.from([0xff, 0xd8, 0xff]), Buffer.alloc(IMAGE_FILE_BYTES)]),
  );
  symlinkSync(join(outside, 'secret.png'), join(dir, 'photos/out.png'));
  symlinkSync(outside, join(dir, 'linked-folder'));
  symlinkSync('kang.jpg', join(dir, 'photos/alias.jpg'));
  symlinkSync('nowhere.jpg', join(dir, 'photos/dangling.jpg'));
});
afterAll(() => rmSync(join(dir, '..'), { recursive: true, force: true }));

/** A visit naming `emblem`, the visitor's `photo` and a person's `person` photo. */
function visit(name: string, { emblem = 'emblem.png', photo = 'photos/kang.jpg', person = 'photos/kang.jpg' } = {}) {
  const file = join(dir, `${name}.yaml`);
  writeFileSync(
    file,
    [
      'title: A visit',
      `emblem: ${JSON.stringify(emblem)}`,
      'visit:',
      '  visitor:',
      '    name: Jens Stoltenberg',
      `    photo: ${JSON.stringify(photo)}`,
      '  host:',
      '    country: Republic of Korea',
      '  start: 2017-10-31',
      'people:',
      '  - name: Kang Kyung-wha',
      `    photo: ${JSON.stringify(person)}`,
      '',
    ].join('\n'),
  );
  return file;
}

async function problems(name: string, fields: Parameters<typeof visit>[1]) {
  const file = visit(name, fields);
  const result = await loadVisitsWithImages([file], { images: new ImageCache() });
  expect(result.failed).toEqual([file]);
  return result.diagnostics.filter((d) => d.severity === 'error').map((d) => formatDiagnostic(d).slice(dir.length + 1));
}

describe('a bad image is an error at the field that names it', () => {
  const cases: [string, string, RegExp][] = [
    [
      'https://example.org/kang.jpg',
      'web',
      /"https:\/\/example\.org\/kang\.jpg" is a web address; images are never fetched/,
    ],
    ['http://example.org/kang.jpg', 'http', /is a web address; images are never fetched/],
    ['//cdn.example.org/kang.jpg', 'protocol-relative', /is a web address/],
    ['data:image/png;base64,iVBORw0KGgo=', 'data', /is a data: URI/],
    ['ftp://example.org/kang.jpg', 'ftp', /is a ftp: address; images are read only from local files/],
    ['file:///etc/passwd', 'file', /is a file: address/],
    ['/etc/passwd', 'absolute', /is an absolute path; give a path relative to the visit file's folder/],
    ['../elsewhere/secret.png', 'up', /leads out of the visit file's folder/],
    ['photos/../../elsewhere/secret.png', 'up-through', /leads out of the visit file's folder/],
    [
      'photos/out.png',
      'link-out',
      /is \(or goes through\) a symbolic link to .*secret\.png, outside the visit file's folder/,
    ],
    ['linked-folder/secret.png', 'folder-link-out', /symbolic link to .*, outside the visit file's folder/],
    ['photos/dangling.jpg', 'dangling', /is a symbolic link to a file that does not exist/],
    ['photos/missing.jpg', 'missing', /no such file "photos\/missing\.jpg"/],
    ['photos', 'folder', /"photos" is a folder, not an image file/],
    ['photos/anim.gif', 'gif', /"photos\/anim\.gif" is a GIF image, not a PNG or JPEG image; save it as PNG or JPEG/],
    ['photos/notes.jpg', 'text', /is text, not a PNG or JPEG image/],
    ['photos/drawing.png', 'svg', /is an SVG drawing, not a PNG or JPEG image \(SVG is not accepted/],
    ['photos/cut.jpg', 'truncated', /is cut short \(truncated\) and cannot be read as an image/],
    ['photos/broken.png', 'corrupt', /is damaged and cannot be read as an image/],
    ['photos/bomb.png', 'bomb', /is 20,000 × 20,000 pixels, more than the limit of 60 megapixels/],
    ['photos/huge.jpg', 'huge', /is larger than the limit of 30 MB for an image/],
  ];
  for (const [path, name, message] of cases) {
    it(`${name}: ${path.slice(0, 40)}`, async () => {
      const started = performance.now();
      const found = await problems(`bad-${name}`, { person: path });
      expect(found).toHaveLength(1);
      expect(found[0]).toMatch(new RegExp(`^bad-${name}\\.yaml:12:12: people\\[0\\]\\.photo: .*${message.source}`));
      // Refused from the header or before: a bomb never gets decoded.
      expect(performance.now() - started).toBeLessThan(5000);
    });
  }

  it('each field at its own place, all in one run', async () => {
    const found = await problems('three', {
      emblem: 'https://x.org/e.png',
      photo: '/abs.jpg',
      person: 'photos/anim.gif',
    });
    expect(found.map((line) => line.split(': ')[0])).toEqual(['three.yaml:2:9', 'three.yaml:6:12', 'three.yaml:12:12']);
  });
});

describe('a good image', () => {
  it('a link inside the folder is followed', async () => {
    const result = await loadVisitsWithImages([visit('alias', { person: 'photos/alias.jpg' })]);
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(result.visits[0]!.images.map((i) => i.field)).toEqual([
      ['emblem'],
      ['visit', 'visitor', 'photo'],
      ['people', 0, 'photo'],
    ]);
  });

  it('a 12-megapixel photo is turned upright, fits its box at 300 dpi, and is small', async () => {
    // Orientation 6: stored on its side, 4000 × 3000; upright it is 3000 × 4000.
    writeFileSync(join(dir, 'photos/camera.jpg'), await cameraJpeg(4000, 3000, 6));
    const started = performance.now();
    const result = await loadVisitsWithImages([visit('camera', { photo: 'photos/camera.jpg' })]);
    const ms = performance.now() - started;
    const asset = result.visits[0]!.images.find((i) => i.field[1] === 'visitor')!.asset;
    const box = boxPixels('photo');
    expect(box).toEqual({ width: 375, height: 500 });
    expect(PRINT_BOX.photo.width * (PRINT_DPI / 72)).toBe(375);
    expect([asset.width, asset.height]).toEqual([375, 500]);
    expect(asset.mime).toBe('image/jpeg');
    expect(asset.ref).toMatch(/^camera\.[0-9a-f]{8}\.jpg$/);
    expect(asset.data.length).toBeLessThan(300 * 1024);
    expect(jpegFrame(asset.data)).toBe(0xc0); // baseline, not progressive
    expect(jpegAppMarkers(asset.data)).not.toContain(0xe1); // no EXIF left
    const meta = await sharp(asset.data).metadata();
    expect([meta.space, meta.orientation ?? 1]).toEqual(['srgb', 1]);
    console.log(`12 MP photo: ${asset.data.length} bytes, ${asset.width} × ${asset.height}, ${Math.round(ms)} ms`);
  });

  it('is never enlarged; a PNG with transparency stays PNG', async () => {
    writeFileSync(join(dir, 'small.png'), await emblemPng(100, true));
    const result = await loadVisitsWithImages([visit('small', { emblem: 'small.png' })]);
    const asset = result.visits[0]!.images[0]!.asset;
    expect([asset.mime, asset.width, asset.height]).toEqual(['image/png', 100, 100]);
    expect((await sharp(asset.data).metadata()).hasAlpha).toBe(true);
  });

  it('is made of the same bytes on every run', async () => {
    const once = await loadVisitsWithImages([visit('again', { photo: 'photos/camera.jpg' })], {
      images: new ImageCache(),
    });
    const twice = await loadVisitsWithImages([visit('again', { photo: 'photos/camera.jpg' })], {
      images: new ImageCache(),
    });
    const assets = (r: typeof once) =>
      r.visits[0]!.images.map((i) => [i.asset.ref, Buffer.from(i.asset.data).toString('base64')]);
    expect(assets(twice)).toEqual(assets(once));
  });

  it('is scaled once: kept in the output folder, and made again if the kept file is damaged', async () => {
    const out = join(dir, '..', 'out');
    const first = new ImageCache(out);
    const a = await loadVisitsWithImages([visit('kept')], { images: first });
    expect(first.scaledCount).toBe(2); // the emblem and kang.jpg (named twice, scaled once)
    const second = new ImageCache(out);
    const b = await loadVisitsWithImages([visit('kept')], { images: second });
    expect(second.scaledCount).toBe(0);
    expect(b.visits[0]!.images).toEqual(a.visits[0]!.images);
    const kept = join(out, '.briefing-images');
    for (const name of readdirSync(kept)) writeFileSync(join(kept, name), 'damaged');
    const third = new ImageCache(out);
    const c = await loadVisitsWithImages([visit('kept')], { images: third });
    expect(third.scaledCount).toBe(2);
    expect(c.visits[0]!.images).toEqual(a.visits[0]!.images);
  });
});

it('tells formats by their bytes', () => {
  const bytes = (text: string) => Buffer.from(text, 'latin1');
  expect(sniff(bytes('\x89PNG\r\n\x1a\n....'))).toBe('png');
  expect(sniff(bytes('\xff\xd8\xff\xe0'))).toBe('jpeg');
  expect(sniff(bytes('RIFF\0\0\0\0WEBPVP8 '))).toBe('a WebP image');
  expect(sniff(bytes('\0\0\0\x18ftypheic'))).toMatch(/HEIC/);
  expect(sniff(bytes('%PDF-1.7'))).toBe('a PDF document');
  expect(sniff(bytes('<!DOCTYPE html><html>'))).toBe('a web page (HTML)');
  expect(sniff(bytes(''))).toBe('an empty file');
  expect(sniff(bytes('\x01\x02\x03\xfe\xff'))).toBe('not an image format briefing knows');
});
