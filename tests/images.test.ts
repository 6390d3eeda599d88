/**
 * Images through every output: the visit's photos and emblem and a template's image, into the
 * PDF (as image XObjects of their pixel size, on the pages that show them, at their printed
 * size), the HTML (data: URIs with their alt text) and the Markdown (files beside it).
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getDocument, OPS } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BuildReport, buildVisits, imageRefs } from '../src/build.js';
import { pdfKey } from '../src/cache.js';
import { DOC_KINDS } from '../src/docs.js';
import type { ImageAsset } from '../src/images/asset.js';
import { type LoadedVisit, loadVisitFile } from '../src/load/index.js';
import { lex } from '../src/markdown/lex.js';
import { resolveTemplates } from '../src/render/template-files.js';
import { TemplateSet } from '../src/render/templates.js';
import type { PrintImage } from '../src/typeset/images.js';
import { typeset } from '../src/typeset/index.js';
import { runPdfJob } from '../src/workers/typeset-job.js';
import { testFrame } from './helpers/frame.js';
import { emblemSvg, makeAsset, mapSvg, portraitSvg } from './helpers/image-assets.js';
import { readPdf } from './helpers/pdf.js';

const SAMPLE = 'data/stoltenberg-2017-seoul.yaml';
const ID = 'stoltenberg-2017-seoul';

let out: string;
let emblem: ImageAsset;
let visitor: ImageAsset;
let kang: ImageAsset;
let chung: ImageAsset;
let map: ImageAsset;
let report: BuildReport;

/** The sample visit with an emblem, the visitor's photo and both people's photos. */
function sampleWithImages(): LoadedVisit {
  const { loaded } = loadVisitFile(SAMPLE);
  return {
    ...loaded!,
    images: [
      { field: ['emblem'], asset: emblem },
      { field: ['visit', 'visitor', 'photo'], asset: visitor },
      { field: ['people', 0, 'photo'], asset: kang },
      { field: ['people', 1, 'photo'], asset: chung },
    ],
  };
}

/** The bundled templates, the chronology showing a template's image (as the loading stage names it). */
function templatesWithMap(): TemplateSet {
  const files = resolveTemplates().map((file) =>
    file.kind === 'chronology'
      ? {
          ...file,
          text: file.text.replace(/\n\n/, `\n\n![Map of Seoul](${map.ref} "Seoul, where the visit takes place")\n\n`),
        }
      : file,
  );
  return Object.assign(new TemplateSet(files), { images: [map] });
}

/** Each image a PDF's pages paint: its pixel size and the size it prints at (points). */
async function paintedImages(path: string) {
  const doc = await getDocument({ data: new Uint8Array(readFileSync(path)), verbosity: 0 }).promise;
  const pages: { pixels: [number, number]; printed: [number, number] }[][] = [];
  for (let i = 1; i <= doc.numPages; i++) {
    const page = await doc.getPage(i);
    const ops = await page.getOperatorList();
    const painted: (typeof pages)[number] = [];
    let matrix: number[] = [1, 0, 0, 1, 0, 0];
    ops.fnArray.forEach((fn, at) => {
      const args = ops.argsArray[at] as unknown[];
      if (fn === OPS.transform) matrix = args as number[];
      if (fn === OPS.paintImageXObject) {
        const round = (n: number) => Math.round(Math.abs(n) * 10) / 10;
        painted.push({
          pixels: [args[1] as number, args[2] as number],
          printed: [round(matrix[0]!), round(matrix[3]!)],
        });
      }
    });
    pages.push(painted);
  }
  return pages;
}

beforeAll(async () => {
  [emblem, visitor, kang, chung, map] = await Promise.all([
    makeAsset('emblem', emblemSvg(), 'png'),
    makeAsset('jens-stoltenberg', portraitSvg('#9fb3c8'), 'jpeg'),
    makeAsset('kang-kyung-wha', portraitSvg('#c8b39f'), 'jpeg'),
    makeAsset('chung-sye-kyun', portraitSvg('#a9c89f'), 'jpeg'),
    makeAsset('seoul', mapSvg(), 'png'),
  ]);
  // BRIEFING_IMAGES_OUT keeps the outputs there, to look at.
  out = process.env.BRIEFING_IMAGES_OUT ?? mkdtempSync(join(tmpdir(), 'briefing-images-'));
  report = await buildVisits([sampleWithImages()], templatesWithMap(), {
    out,
    formats: ['md', 'pdf', 'html'],
    docs: DOC_KINDS,
    force: true,
  });
});

afterAll(() => {
  if (!process.env.BRIEFING_IMAGES_OUT) rmSync(out, { recursive: true, force: true });
});

describe('images in the PDF', () => {
  it('prints each image as an XObject of its pixel size, on the pages that show it, at its printed size', async () => {
    expect(report.diagnostics).toEqual([]);
    const pages = await paintedImages(join(out, ID, 'book.pdf'));
    const head = { pixels: [500, 500], printed: [14, 14] };
    // Every page: the emblem small in the running head.
    for (const page of pages) expect(page).toContainEqual(head);
    // The cover: the emblem (100 pt, 35 mm) and the visitor's photo beside the visitor's lines (28 mm wide).
    const beside = { pixels: [375, 500], printed: [80, 106.7] };
    expect(pages[0]).toEqual([{ pixels: [500, 500], printed: [100, 100] }, beside, head]);
    // The biographies: both people's photos, 28 mm wide, on the last page (before the sources, if any).
    const bios = pages.length - 1;
    expect(pages[bios]!.filter((image) => image.printed[0] === 80)).toEqual([beside, beside]);
    // The template's map: 1200 px at 300 dpi, 288 pt wide.
    expect(pages.flat()).toContainEqual({ pixels: [1200, 600], printed: [288, 144] });
    const text = await readPdf(join(out, ID, 'book.pdf'));
    expect(text.pages[bios]).toContain('Kang Kyung-wha');
    expect(text.pages[bios]).toContain('the revised IPCP');
    expect(text.pages.join('')).toContain('Seoul, where the visit takes place');
  });

  it('shows the emblem in every document’s running head', async () => {
    // The pocket card has no running head: its sides carry the marking and the page only.
    for (const kind of DOC_KINDS.filter((k) => k !== 'card')) {
      const pages = await paintedImages(join(out, ID, `${kind}.pdf`));
      for (const page of pages) expect(page, kind).toContainEqual({ pixels: [500, 500], printed: [14, 14] });
    }
  });

  it('refuses an image the job does not carry, naming it', async () => {
    const job = { markdown: 'Text.\n\n![A photo](absent.0badf00d.jpg)\n', frame: testFrame(), options: {} };
    await expect(runPdfJob(job)).rejects.toThrow(/absent\.0badf00d\.jpg/);
    await expect(runPdfJob({ ...job, markdown: 'x', frame: testFrame({ emblem: 'gone.png' }) })).rejects.toThrow(
      /gone\.png/,
    );
  });

  it('keys a PDF by its images’ content: a photo edited re-typesets it', () => {
    const image = (sha: string): PrintImage => ({ ...kang, use: 'photo', sha });
    const key = (sha: string) => pdfKey('md', testFrame(), {}, { [kang.ref]: image(sha) });
    expect(key('a')).not.toBe(key('b'));
    expect(key('a')).toBe(key('a'));
    // Without images the key is what it always was.
    expect(pdfKey('md', testFrame(), {}, undefined)).toBe(pdfKey('md', testFrame(), {}));
  });
});

describe('images in the page design', () => {
  const photo = (): PrintImage => ({ ...kang, use: 'photo' });
  const beside = '## Name\n\n<!-- beside -->\n![Name](p.jpg)\n\n*Role*\n\nBio.\n\n<!-- /beside -->\n';
  type Table = { widths: unknown[]; body: { stack: { image?: string }[] }[][] };
  /** The table a `beside` part becomes, wherever keeping together put it. */
  const table = (node: unknown): Table | undefined => {
    if (!node || typeof node !== 'object') return undefined;
    const found = node as { layout?: string; table?: Table };
    if (found.layout?.startsWith('beside')) return found.table;
    for (const value of Object.values(node)) {
      const inner = table(value);
      if (inner) return inner;
    }
    return undefined;
  };

  it('sets a photo beside its text, on the side where lines start', () => {
    const ltr = table(typeset(beside, testFrame(), {}, { 'p.jpg': photo() }).content)!;
    expect(ltr.widths).toEqual([80, '*']);
    expect(ltr.body[0]![0]!.stack[0]!.image).toBe('p.jpg');
    const rtl = table(typeset(beside, testFrame({ direction: 'rtl', lang: 'he' }), {}, { 'p.jpg': photo() }).content)!;
    expect(rtl.widths).toEqual(['*', 80]);
    expect(rtl.body[0]![1]!.stack[0]!.image).toBe('p.jpg');
  });

  it('sets an image inside a sentence as a block where it stands, the text around it kept', () => {
    const doc = typeset('Before ![Name](p.jpg) after.\n', testFrame(), {}, { 'p.jpg': photo() });
    const content = doc.content as { text?: { text: string }[]; stack?: { image: string }[] }[];
    expect(content.map((c) => (c.stack ? c.stack[0]!.image : c.text!.map((r) => r.text).join('')))).toEqual([
      'Before ',
      'p.jpg',
      ' after.',
    ]);
  });

  it('leaves a visit without images as it was: no images in the PDF, the HTML or beside the Markdown', async () => {
    expect('images' in typeset('# Title\n\nText.\n', testFrame())).toBe(false);
    const dir = mkdtempSync(join(tmpdir(), 'briefing-images-'));
    try {
      const { loaded } = loadVisitFile(SAMPLE);
      await buildVisits([loaded!], TemplateSet.load(), { out: dir, formats: ['md', 'pdf', 'html'], docs: ['book'] });
      expect(readdirSync(join(dir, ID)).sort()).toEqual(['book.html', 'book.md', 'book.pdf']);
      expect(readFileSync(join(dir, ID, 'book.html'), 'utf8')).not.toMatch(/<img|\.beside|emblem/);
      expect(readFileSync(join(dir, ID, 'book.md'), 'utf8')).not.toMatch(/!\[|beside/);
      expect((await paintedImages(join(dir, ID, 'book.pdf'))).flat()).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('images in the HTML', () => {
  it('inlines each as a data: URI with its alt text, and the emblem in the page head', () => {
    const html = readFileSync(join(out, ID, 'book.html'), 'utf8');
    const uri = (asset: ImageAsset) => `data:${asset.mime};base64,${Buffer.from(asset.data).toString('base64')}`;
    expect(html).toContain(`<img src="${uri(kang)}" alt="Kang Kyung-wha"`);
    expect(html).toContain(`<img src="${uri(chung)}" alt="Chung Sye-kyun"`);
    expect(html).toContain(`<img src="${uri(visitor)}" alt="Jens Stoltenberg"`);
    expect(html).toContain(`<img src="${uri(emblem)}" alt="Emblem"`);
    expect(html).toMatch(
      new RegExp(`<header class="page-head">.*<img src="${uri(emblem).slice(0, 40)}[^>]* class="emblem">`),
    );
    expect(html).toContain('<div class="beside">');
    expect(html).toContain(`alt="Map of Seoul"`);
    expect(html).toContain('<span class="caption">Seoul, where the visit takes place</span>');
    // Standalone: no image is fetched from anywhere.
    expect(html.match(/<img src="(?!data:)/g)).toBeNull();
  });
});

describe('images in the Markdown', () => {
  it('links each image, which sits beside it with the same bytes', () => {
    for (const kind of DOC_KINDS) {
      const markdown = readFileSync(join(out, ID, `${kind}.md`), 'utf8');
      for (const ref of imageRefs(markdown, lex)) {
        expect(readFileSync(join(out, ID, ref)).equals(Buffer.from(findAsset(ref).data)), ref).toBe(true);
      }
    }
    const book = readFileSync(join(out, ID, 'book.md'), 'utf8');
    expect(book).toContain(`![Kang Kyung-wha](${kang.ref})`);
    expect(book).toContain(`![Emblem](${emblem.ref})`);
    // The emblem of the running head is the PDF's and the HTML's only: the Markdown has no page head.
    expect(
      readdirSync(join(out, ID))
        .filter((f) => /\.(jpg|png)$/.test(f))
        .sort(),
    ).toEqual([emblem, visitor, kang, chung, map].map((a) => a.ref).sort());
  });

  it('writes no image when Markdown is not among the formats', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'briefing-images-'));
    try {
      await buildVisits([sampleWithImages()], templatesWithMap(), { out: dir, formats: ['html'], docs: ['book'] });
      expect(readdirSync(join(dir, ID)).sort()).toEqual(['book.html']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses an image a Markdown field links, naming it, and writes nothing of the visit', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'briefing-images-'));
    try {
      const loaded = sampleWithImages();
      loaded.visit.people![0]!.bio = 'See ![a portrait](portrait.png).';
      const failed = await buildVisits([loaded], templatesWithMap(), {
        out: dir,
        formats: ['md', 'pdf', 'html'],
        docs: DOC_KINDS,
      });
      expect(failed.diagnostics.map((d) => d.message).join('\n')).toMatch(/image "portrait\.png"/);
      expect(failed.diagnostics[0]!.file).toBe(SAMPLE);
      expect(existsSync(join(dir, ID))).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

function findAsset(ref: string): ImageAsset {
  return [emblem, visitor, kang, chung, map].find((a) => a.ref === ref)!;
}
