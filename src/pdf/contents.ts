/**
 * The contents page of a right-to-left document: pdfmake builds it as a table of two columns,
 * each entry's title set from the left and its page number at the right. In a document whose
 * base direction is right to left (the `direction` style, see breaks.ts), the columns are
 * swapped: the title set from the right, indented from the right, the page number at the left.
 */

interface TocCell {
  alignment?: string;
  margin?: [number, number, number, number];
  [property: string]: unknown;
}

interface TocNode {
  toc: { _table?: { table: { widths: unknown[]; body: TocCell[][] } } };
}

/** pdfmake's measuring of a document (pdfmake/js/DocMeasure.js), as far as the contents use it. */
export interface DocMeasureClass {
  prototype: {
    measureToc(this: Measuring, node: TocNode): unknown;
    measureNode(this: Measuring, node: unknown): unknown;
  };
}

interface Measuring {
  styleStack: unknown;
  measureNode(node: unknown): unknown;
}

type StyleProperty = (item: object, stack: unknown, property: string, defaultValue: unknown) => unknown;

const mirrored = (margin: TocCell['margin']): TocCell['margin'] =>
  margin && [margin[2], margin[1], margin[0], margin[3]];

/** The font a cell's text starts in, if its first run names one. */
const firstFont = (cell: TocCell | undefined): string | undefined =>
  Array.isArray(cell?.text) ? (cell.text[0] as { font?: string } | undefined)?.font : undefined;

/**
 * A contents table's rows read from the right: number first, then the title, each mirrored. The
 * number takes the title's font, so that both sit on one baseline (Arabic letters stand taller).
 */
function mirroredContents(table: { widths: unknown[]; body: TocCell[][] }): void {
  table.widths = [...table.widths].reverse();
  table.body = table.body.map((row) => {
    const font = firstFont(row[0]);
    return [...row].reverse().map((cell, i) => ({
      ...cell,
      alignment: cell.alignment === 'left' ? 'right' : 'left',
      margin: mirrored(cell.margin),
      ...(i === 0 && font ? { font } : {}),
    }));
  });
}

/** pdfmake's contents table mirrored in a right-to-left document. A correction: it stays with every patch off. */
export function contentsFromTheRight(DocMeasure: DocMeasureClass, styleProperty: StyleProperty): void {
  const measureToc = DocMeasure.prototype.measureToc;
  DocMeasure.prototype.measureToc = function (node) {
    if (styleProperty({}, this.styleStack, 'direction', 'ltr') !== 'rtl') return measureToc.call(this, node);
    const measureNode = this.measureNode;
    // pdfmake measures the table right after making it: it is mirrored then.
    this.measureNode = function (child) {
      if (child === node.toc._table) mirroredContents(node.toc._table!.table);
      return measureNode.call(this, child);
    };
    try {
      return measureToc.call(this, node);
    } finally {
      this.measureNode = measureNode;
    }
  };
}
