/**
 * Images a template writes as `![alt](path)`: found outside code and comments, resolved
 * relative to the template's own folder, refused at the template's line and column, and part
 * of what every output is keyed by. Also: what scaling makes, pdfkit embeds.
 */
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import PDFDocument from 'pdfkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { diagnosticsOf, formatDiagnostic } from '../src/diagnostics.js';
import { ImageCache } from '../src/images/cache.js';
import { scaleImage } from '../src/images/scale.js';
import { findTemplateImages, templateImageDigests } from '../src/images/template-images.js';
import { BUNDLED_TEMPLATES, TemplateSet } from '../src/render/templates.js';
import { cameraJpeg, emblemPng } from './helpers/images.js';

let dir: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'briefing-template-images-'));
  mkdirSync(join(dir, 'art'));
  writeFileSync(join(dir, 'art/logo.png'), await emblemPng(900, true));
  writeFileSync(join(dir, 'map.jpg'), await cameraJpeg(3000, 2000));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("finding a template's images", () => {
  it('finds them outside code and comments, with the place of each path', () => {
    const text = [
      '![Logo](art/logo.png) and ![Map](<map.jpg> "the map")', // 1
      '```', // 2
      '![code](fenced.png)', // 3
      '```', // 4
      'Inline `![code](span.png)` code.', // 5
      '{{!-- ![c](comment.png) --}}{{! ![c](short.png) }}<!-- ![c](html.png) -->', // 6
      '![{{visit.visitor.name}}]({{photo}})', // 7: data's photo, not the template's
      '  ![Seal](seal.png)', // 8
      '~~~md', // 9
      '![unclosed fence](never.png)', // 10
    ].join('\n');
    const found = findTemplateImages(text).map(({ path, offset }) => [path, text.slice(offset, offset + path.length)]);
    expect(found).toEqual([
      ['art/logo.png', 'art/logo.png'],
      ['map.jpg', 'map.jpg'],
      ['seal.png', 'seal.png'],
    ]);
  });

  it('the bundled templates name no image of their own', () => {
    const set = TemplateSet.load();
    expect(set.files.flatMap((file) => findTemplateImages(file.text))).toEqual([]);
    expect(templateImageDigests(set.files)).toEqual([]);
  });
});

/** A user's template folder whose fact sheet starts with `head`. */
function userTemplates(name: string, head: string): string {
  const folder = join(dir, name);
  mkdirSync(folder, { recursive: true });
  const bundled = TemplateSet.load().files.find((f) => f.kind === 'factsheet')!;
  writeFileSync(join(folder, 'factsheet.hbs'), `${head}\n\n${bundled.text}`);
  return folder;
}

describe("a user's templates with images", () => {
  it("resolves them against the template's folder and gives each its ref", async () => {
    const folder = userTemplates('good', '![Our logo](../art/logo.png)');
    // A path may not leave the template's folder: this one does.
    await expect(TemplateSet.open(folder, new ImageCache())).rejects.toThrow(/leads out of the template's folder/);
    copyFileSync(join(dir, 'art/logo.png'), join(folder, 'logo.png'));
    writeFileSync(join(folder, 'factsheet.hbs'), '![Our logo](logo.png)\n\n# {{doc.title}}\n');
    const set = await TemplateSet.open(folder, new ImageCache());
    expect(set.images).toHaveLength(1);
    const [logo] = set.images;
    expect(set.refFor('logo.png')).toBe(logo!.ref);
    expect(set.refFor('other.png')).toBeUndefined();
    expect(logo!.ref).toMatch(/^logo\.[0-9a-f]{8}\.png$/);
    // The template box is 483 × 680 pt: 2013 pixels wide at 300 dpi; 900 stays 900.
    expect([logo!.mime, logo!.width, logo!.height]).toEqual(['image/png', 900, 900]);
    expect(set.imageFiles.map((f) => f.path)).toEqual([join(folder, 'logo.png')]);
  });

  it("refuses a bad one at the template's line and column", async () => {
    const folder = userTemplates(
      'bad',
      'Intro line\n\nSee ![the map](https://example.org/map.jpg) and ![x](missing.png)',
    );
    const problems = await TemplateSet.open(folder, new ImageCache()).then(
      () => [],
      (error) => diagnosticsOf(error).map((d) => formatDiagnostic(d).slice(dir.length + 1)),
    );
    expect(problems).toEqual([
      'bad/factsheet.hbs:3:16: "https://example.org/map.jpg" is a web address; images are never fetched: save the image in the template\'s folder and give its path (e.g. photos/name.jpg)',
      'bad/factsheet.hbs:3:54: no such file "missing.png"; paths are relative to the template\'s folder',
    ]);
  });

  it("an edited image changes the templates' key", async () => {
    const folder = userTemplates('keyed', '![Map](map.jpg)');
    copyFileSync(join(dir, 'map.jpg'), join(folder, 'map.jpg'));
    const files = TemplateSet.load(folder).files;
    const before = templateImageDigests(files);
    expect(before).toHaveLength(1);
    writeFileSync(join(folder, 'map.jpg'), await cameraJpeg(3000, 2000, 1, 2));
    expect(templateImageDigests(files)).not.toEqual(before);
  });
});

it('pdfkit embeds what scaling makes, JPEG and PNG', async () => {
  const photo = await scaleImage(await cameraJpeg(1200, 1600), 'jpeg', 'photo', 'p.jpg', 'p.jpg');
  const emblem = await scaleImage(await emblemPng(800, true), 'png', 'emblem', 'e.png', 'e.png');
  if ('problem' in photo || 'problem' in emblem) throw new Error('not scaled');
  const doc = new PDFDocument({ compress: false });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise((resolve) => doc.on('end', resolve));
  doc.image(Buffer.from(photo.data), 10, 10, { fit: [90, 120] });
  doc.image(Buffer.from(emblem.data), 10, 200, { fit: [120, 120] });
  doc.end();
  await done;
  const pdf = Buffer.concat(chunks).toString('latin1');
  expect(pdf).toMatch(/\/Filter \/DCTDecode/);
  expect(pdf).toMatch(/\/SMask/); // the emblem's transparency
  expect(pdf).toContain(`/Width ${photo.width}`);
  expect(BUNDLED_TEMPLATES).toBeTruthy();
});
