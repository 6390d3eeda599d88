/**
 * Every internal of pdfmake, pdfkit and fontkit the PDF stage relies on beyond their documented
 * use, in one list. It is checked when pdfmake is first set up, before anything is patched, so
 * that an upgrade that moved or renamed one fails at once, naming it, instead of quietly setting
 * pages differently or slowly. scripts/bundle.mjs bundles the modules named here.
 */

/** The versions these internals were read from; package.json pins them exactly. */
export const PINNED = { pdfmake: '0.3.11', pdfkit: '0.19.1', fontkit: '2.0.4' } as const;

/** Module paths inside the packages, by the name the PDF stage loads them with. */
export const MODULES = {
  pdfmake: 'pdfmake',
  /** fontkit as pdfkit requires it (resolved from pdfkit's folder): its parsing is memoized. */
  fontkit: 'fontkit',
  StyleContextStack: 'pdfmake/js/StyleContextStack.js',
  TextInlines: 'pdfmake/js/TextInlines.js',
  TextBreaker: 'pdfmake/js/TextBreaker.js',
  DocMeasure: 'pdfmake/js/DocMeasure.js',
  Renderer: 'pdfmake/js/Renderer.js',
  Line: 'pdfmake/js/Line.js',
  LayoutBuilder: 'pdfmake/js/LayoutBuilder.js',
  PDFDocument: 'pdfmake/js/PDFDocument.js',
  PageElementWriter: 'pdfmake/js/PageElementWriter.js',
} as const;

export type ModuleName = keyof typeof MODULES;

/** What one module must have: functions and fields, by their path from its exports. */
export interface Internal {
  module: ModuleName;
  functions: readonly string[];
  /** Fields that only an instance shows: one made of the module's exports, and their names. */
  fields?: { of: (exports: never) => unknown; names: readonly string[] };
}

/** Which parts of the PDF stage use each (see style-lookups.ts, runs.ts, lines.ts, bidi.ts, breaks.ts, contents.ts, fonts.ts, shaping.ts, actual-text.ts, change-bars.ts, index.ts). */
export const INTERNALS: readonly Internal[] = [
  // Checked first: in sources, the module pdfkit will require is swapped before pdfmake loads.
  { module: 'fontkit', functions: ['create'] },
  {
    module: 'pdfmake',
    functions: ['setFonts', 'setUrlAccessPolicy', 'setLocalAccessPolicy', 'addTableLayouts', 'createPdf'],
  },
  {
    module: 'StyleContextStack',
    functions: [
      'default.getStyleProperty',
      'default.prototype.push',
      'default.prototype.pop',
      'default.prototype.getProperty',
    ],
    fields: {
      of: ({ default: Stack }: { default: new (styles: object, defaults: object) => unknown }) => new Stack({}, {}),
      names: ['styleDictionary', 'defaultStyle', 'styleOverrides'],
    },
  },
  { module: 'TextInlines', functions: ['default.prototype.measure', 'default.prototype.widthOfText'] },
  // A paragraph's runs given their bidi levels and broken into words by script (breaks.ts).
  { module: 'TextBreaker', functions: ['default.prototype.getBreaks'] },
  // The contents table made as pdfmake measures it, mirrored in a right-to-left document (contents.ts).
  {
    module: 'DocMeasure',
    functions: ['default.prototype.measureToc', 'default.prototype.measureNode'],
  },
  { module: 'Renderer', functions: ['default.prototype.renderLine'] },
  {
    // What the renderer is given to draw: a line's words, each placed at its x; and what
    // building a line reads of it (lines.ts).
    module: 'Line',
    functions: [
      'default.prototype.addInline',
      'default.prototype.hasEnoughSpaceForInline',
      'default.prototype.getAvailableWidth',
      'default.prototype.getHeight',
    ],
    fields: {
      of: ({ default: Line }: { default: new (maxWidth: number) => { addInline(inline: object): void } }) => {
        const line = new Line(100);
        const inline = { text: 'a ', width: 10 };
        line.addInline(inline);
        return { line, inline };
      },
      names: ['line.inlines', 'inline.x', 'line.maxWidth', 'line.inlineWidths', 'line.leadingCut'],
    },
  },
  // A paragraph broken into lines (lines.ts): buildNextLine replaced, the text node's _inlines
  // read; each line it returns put in visual order (bidi.ts), and given its node's change bars
  // (change-bars.ts). layoutDocument returns the laid-out pages: each page's items
  // ({type: 'line', item: a Line at x, y} and {type: 'vector', item: a rect}), which
  // change-bars.ts reads and adds its bars to (tests/change-bars.test.ts checks them drawn).
  {
    module: 'LayoutBuilder',
    functions: ['default.prototype.buildNextLine', 'default.prototype.processLeaf', 'default.prototype.layoutDocument'],
  },
  // Text drawn inside a marked-content span carrying its text as written (actual-text.ts):
  // text() draws through addContent, one 'BT' … 'ET' text object per piece.
  // Font files read once per process, given to pdfkit under their paths (fonts.ts): the font a
  // face asks for, and pdfkit's fonts by name.
  {
    module: 'PDFDocument',
    functions: [
      'default.prototype.text',
      'default.prototype.addContent',
      'default.prototype.provideFont',
      'default.prototype.getFontFile',
      'default.prototype.registerFont',
    ],
  },
  // The page writer's listener limit, read by Node's EventEmitter (listeners.ts).
  { module: 'PageElementWriter', functions: ['default.prototype.addListener', 'default.prototype.removeListener'] },
];

/** Checked on each font fontkit makes, before it is wrapped (see fonts.ts and shaping.ts). */
export const FONT_INTERNALS = {
  module: 'a font made by fontkit.create',
  functions: ['layout', 'getGlyph', 'createSubset'],
} as const;

/**
 * Checked on each subset a font makes (fonts.ts): pdfkit includes glyphs by id; the subset
 * embeds the glyphs of its `glyphs` list, each as many times as listed, and `mapping` holds the
 * new id of each.
 */
export const SUBSET_INTERNALS = {
  module: 'a subset made by a fontkit font',
  functions: ['includeGlyph', 'encode'],
} as const;

const pinned = () =>
  `briefing needs ${Object.entries(PINNED)
    .map(([name, version]) => `${name} ${version}`)
    .join(', ')}`;

/** The error for an internal that is not where the list says. */
export function internalsChanged(where: string, missing: string): Error {
  return new Error(`pdfmake internals changed: ${where} has no ${missing}; ${pinned()}`);
}

const at = (value: unknown, path: string): unknown =>
  path
    .split('.')
    .reduce<unknown>(
      (object, key) => (object === null || object === undefined ? undefined : (object as Record<string, unknown>)[key]),
      value,
    );

/** Throws unless every function at `paths` is one, on an object described as `where`. */
export function checkFunctions(where: string, value: unknown, paths: readonly string[]): void {
  const missing = paths.find((path) => typeof at(value, path) !== 'function');
  if (missing !== undefined) throw internalsChanged(where, missing);
}

/** Checks one module's internals, as loaded; throws naming the first one missing. */
export function checkInternal(internal: Internal, exports: unknown): void {
  const where = MODULES[internal.module];
  checkFunctions(where, exports, internal.functions);
  if (!internal.fields) return;
  let instance: unknown;
  try {
    instance = internal.fields.of(exports as never);
  } catch (error) {
    throw internalsChanged(where, `instance as constructed here (${(error as Error).message})`);
  }
  const missing = internal.fields.names.find((path) => at(instance, path) === undefined);
  if (missing !== undefined) throw internalsChanged(where, missing);
}

/**
 * Loads and checks every module of the list, in order; `load` gives a module's exports by name
 * (a missing module is named too). Each module is checked as soon as loaded, so `onLoaded` can
 * act on one before the next loads.
 */
export function checkInternals(
  load: (name: ModuleName) => unknown,
  onLoaded: (name: ModuleName, exports: unknown) => void = () => {},
): void {
  for (const internal of INTERNALS) {
    let exports: unknown;
    try {
      exports = load(internal.module);
    } catch (error) {
      throw new Error(
        `pdfmake internals changed: cannot load ${MODULES[internal.module]} (${(error as Error).message}); ${pinned()}`,
      );
    }
    checkInternal(internal, exports);
    onLoaded(internal.module, exports);
  }
}
