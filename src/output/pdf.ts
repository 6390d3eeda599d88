/** PDF stage: a pdfmake document definition in, PDF bytes out. */
import type { TDocumentDefinitions } from 'pdfmake/interfaces.js';
import { FONT_FILES } from '../typeset/fonts.js';
import { TABLE_LAYOUTS } from '../typeset/layout.js';
import { loadFontsOnDemand, type VirtualFs } from './font-cache.js';
import { requirePdfmake, requirePdfmakePart } from './pdfmake-module.js';
import { tunePdfmake } from './pdfmake-tuning.js';

interface PdfMake {
  setFonts(fonts: object): void;
  setUrlAccessPolicy(fn: (url: string) => boolean): void;
  setLocalAccessPolicy(fn: (path: string) => boolean): void;
  addTableLayouts(layouts: object): void;
  createPdf(doc: TDocumentDefinitions): { getBuffer(): Promise<Buffer> };
  virtualfs: VirtualFs;
}

let instance: PdfMake | undefined;

/** pdfmake is set up once per process: fonts, table looks, and no file or URL access but our fonts. */
function pdfmake(): PdfMake {
  if (instance) return instance;
  const pdf = requirePdfmake() as PdfMake;
  tunePdfmake(requirePdfmakePart);
  pdf.setFonts(FONT_FILES);
  pdf.addTableLayouts(TABLE_LAYOUTS);
  const fontPaths = new Set<string>(Object.values(FONT_FILES).flatMap((faces) => Object.values(faces)));
  loadFontsOnDemand(pdf.virtualfs, fontPaths);
  pdf.setUrlAccessPolicy(() => false);
  pdf.setLocalAccessPolicy((path) => fontPaths.has(path));
  instance = pdf;
  return pdf;
}

export async function renderPdf(doc: TDocumentDefinitions): Promise<Buffer> {
  return pdfmake().createPdf(doc).getBuffer();
}
