/**
 * PDF stage: a pdfmake document definition in, PDF bytes out. pdfmake is set up once per
 * process: its internals checked (internals.ts), patched (patches.ts), and given our fonts and
 * table looks, with no file or URL access but our fonts.
 */
import type { TDocumentDefinitions } from 'pdfmake/interfaces.js';
import { FONT_FILES } from '../typeset/fonts.js';
import { TABLE_LAYOUTS } from '../typeset/layout.js';
import { type PdfDocumentClass, textAsWritten } from './actual-text.js';
import { actualTextKept, type LineBuilderClass, type LineRendererClass, linesInVisualOrder } from './bidi.js';
import { scriptAwareBreaks, type TextBreakerClass } from './breaks.js';
import { type BarBuilderClass, changeBarsDrawn } from './change-bars.js';
import { contentsFromTheRight, type DocMeasureClass } from './contents.js';
import { type FontProviderClass, fontkitForPdfkit, loadFontsOnDemand } from './fonts.js';
import { checkInternals, type ModuleName } from './internals.js';
import {
  type LayoutBuilderClass,
  type LineClass,
  linearLineBuilding,
  type TextInlinesClass as WidthsClass,
} from './lines.js';
import { type PageWriterClass, roomForNestedTables } from './listeners.js';
import { linkFontkitForPdfkit, loadModule } from './modules.js';
import { patchOn } from './patches.js';
import { drawLinesAsRuns, type RendererClass } from './runs.js';
import {
  fasterStyleLookups,
  memoizedWhileMeasuring,
  type StyleStackClass,
  type TextInlinesClass,
} from './style-lookups.js';

interface PdfMake {
  setFonts(fonts: object): void;
  setUrlAccessPolicy(fn: (url: string) => boolean): void;
  setLocalAccessPolicy(fn: (path: string) => boolean): void;
  addTableLayouts(layouts: object): void;
  createPdf(doc: TDocumentDefinitions): { getBuffer(): Promise<Buffer> };
}

let instance: PdfMake | undefined;

/** The bundled font files: the only files pdfmake may read. */
const FONT_PATHS = new Set<string>(Object.values(FONT_FILES).flatMap((faces) => Object.values(faces)));

/** pdfmake's modules, every internal checked; fontkit linked for pdfkit before pdfmake loads. */
function loadChecked(): (name: ModuleName) => unknown {
  const loaded = new Map<ModuleName, unknown>();
  checkInternals(loadModule, (name, exports) => {
    loaded.set(name, exports);
    if (name === 'fontkit') linkFontkitForPdfkit(fontkitForPdfkit(exports as never));
  });
  return (name) => loaded.get(name);
}

/** The corrections to pdfmake's classes, and the patches that are on (fontkit's are made as pdfkit loads it). */
function patchClasses(module: (name: ModuleName) => unknown): void {
  const exported = <T>(name: ModuleName) => (module(name) as { default: T }).default;
  textAsWritten(exported<PdfDocumentClass>('PDFDocument'));
  roomForNestedTables(exported<PageWriterClass>('PageElementWriter'));
  // Under the runs patch, which hands it lines of joined words.
  actualTextKept(exported<LineRendererClass>('Renderer'));
  if (patchOn('style-lookups')) fasterStyleLookups(exported<StyleStackClass>('StyleContextStack'));
  if (patchOn('measure-memo')) memoizedWhileMeasuring(exported<TextInlinesClass>('TextInlines'));
  if (patchOn('runs')) drawLinesAsRuns(exported<RendererClass>('Renderer'));
  if (patchOn('fonts-on-demand')) loadFontsOnDemand(exported<FontProviderClass>('PDFDocument'), FONT_PATHS);
  if (patchOn('lines'))
    linearLineBuilding(
      exported<LayoutBuilderClass>('LayoutBuilder'),
      exported<LineClass>('Line'),
      exported<WidthsClass>('TextInlines'),
    );
  // Right-to-left text and line breaks by script: on whatever builds the lines.
  const styles = exported<StyleStackClass>('StyleContextStack');
  const styleProperty = (item: object, stack: unknown, property: string, fallback: unknown) =>
    styles.getStyleProperty(item, stack as never, property, fallback);
  scriptAwareBreaks(exported<TextBreakerClass>('TextBreaker'), styleProperty);
  contentsFromTheRight(exported<DocMeasureClass>('DocMeasure'), styleProperty);
  linesInVisualOrder(exported<LineBuilderClass>('LayoutBuilder'), exported<WidthsClass>('TextInlines'));
  // Last, on whatever builds the lines: each line takes its node's change bars.
  changeBarsDrawn(exported<BarBuilderClass>('LayoutBuilder'));
}

function pdfmake(): PdfMake {
  if (instance) return instance;
  const module = loadChecked();
  patchClasses(module);
  const pdf = module('pdfmake') as PdfMake;
  pdf.setFonts(FONT_FILES);
  pdf.addTableLayouts(TABLE_LAYOUTS);
  pdf.setUrlAccessPolicy(() => false);
  pdf.setLocalAccessPolicy((path) => FONT_PATHS.has(path));
  instance = pdf;
  return pdf;
}

export async function renderPdf(doc: TDocumentDefinitions): Promise<Buffer> {
  return pdfmake().createPdf(doc).getBuffer();
}
