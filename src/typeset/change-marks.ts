/**
 * Revision markers in the typesetter: a block that opens with `<!--change:ID-->` gets a change
 * bar in the margin beside its lines (drawn as the PDF is laid out: src/pdf/change-bars.ts), and
 * `<!--pageref:DOC/ID-->` prints the page of change ID, in the words of the document's language
 * (", page 3"; see src/markdown/conventions.ts).
 */
import { parseMarker } from '../markdown/conventions.js';
import type * as md from '../markdown/tokens.js';
import { fillPlaceholders } from '../model/placeholders.js';

/** The property of a pdfmake text node that lists the change bars beside its lines. */
export const CHANGE_BARS = 'changeBars';

/** The property of a text run standing for a page reference, "DOC/ID", until resolved. */
export const PAGE_REF = 'pageRef';

/** A bar's place across the page and its look. */
export interface BarLook {
  /** Left edge of the bar, in points from the page's left edge, and its width. */
  x: number;
  width: number;
  color: string;
}

/** One changed block's bar: beside every line of the text nodes that list it, on each page. */
export interface ChangeBar extends BarLook {
  change: string;
  /** The pages its lines were laid out on (filled in as the PDF is laid out). */
  pages: number[];
}

/** The change a block opens with: its first inline token a change marker. */
export function leadingChange(tokens: readonly md.Inline[] | undefined): string | undefined {
  const first = tokens?.[0];
  if (first?.type !== 'html') return undefined;
  const marker = parseMarker(first.text);
  return marker?.kind === 'change' ? marker.id : undefined;
}

/** The change a list item opens with (after its checkbox, if it is a task). */
export function itemChange(item: md.ListItem): string | undefined {
  const first = item.tokens.find((t) => t.type !== 'checkbox');
  return first && (first.type === 'text' || first.type === 'paragraph') ? leadingChange(first.tokens) : undefined;
}

type Node = Record<string, unknown>;
const isNode = (value: unknown): value is Node => typeof value === 'object' && value !== null;

/** Text nodes (pdfmake's leaves: what becomes lines) inside a block, in order. */
function leaves(node: unknown, out: Node[] = []): Node[] {
  if (Array.isArray(node)) {
    for (const child of node) leaves(child, out);
  } else if (isNode(node)) {
    if ('text' in node) out.push(node);
    else {
      for (const key of ['stack', 'ul', 'ol', 'columns']) leaves(node[key], out);
      if (isNode(node.table)) leaves(node.table.body, out);
    }
  }
  return out;
}

/** Whether a text node has some text to set (a table cell may hold only its marker). */
function hasText(node: Node): boolean {
  const text = node.text;
  if (typeof text === 'string') return text.length > 0;
  return (
    Array.isArray(text) && text.some((run) => (isNode(run) ? hasText(run) : typeof run === 'string' && run !== ''))
  );
}

/** The changes marked in one document, and how their page numbers print. */
export class ChangeMarks {
  readonly bars: ChangeBar[] = [];
  /** Each change's anchor: the pdfmake node id of its first block, for live page numbers. */
  private readonly anchors = new Map<string, string>();

  /** `onPage`: how a page reference prints, with {page} to fill (", page 3"). */
  constructor(
    private readonly look: BarLook,
    private readonly onPage = '{page}',
  ) {}

  /**
   * Marks a block as change `id`. An item's bar replaces the bars of the same change on its
   * own paragraphs, so that one bar runs beside the whole item.
   */
  mark(id: string, nodes: readonly unknown[]): void {
    const bar: ChangeBar = { change: id, ...this.look, pages: [] };
    const texts = leaves(nodes);
    if (texts.length === 0) return;
    this.bars.push(bar);
    for (const text of texts) {
      const own = ((text[CHANGE_BARS] as ChangeBar[] | undefined) ?? []).filter((b) => b.change !== id);
      text[CHANGE_BARS] = [...own, bar];
    }
    // The anchor: the first node with text to set, which pdfmake lays out as a line.
    const first = texts.find(hasText);
    if (this.anchors.has(id) || !first) return;
    if (typeof first.id !== 'string') first.id = `change-${id}`;
    this.anchors.set(id, first.id as string);
  }

  /** Whether a page reference points at a change in this same document: its page is known once laid out. */
  hasInnerRefs = false;

  /**
   * Every page reference in `content` resolved: to a change marked in this document, its page in
   * `own` (from an earlier setting of the document) linked to it, or pdfmake's page reference,
   * which holds the room of five digits; else to the page `pageRefs` gives for "DOC/ID"; else
   * nothing.
   */
  resolvePageRefs(
    content: unknown,
    pageRefs: Readonly<Record<string, number>> = {},
    own?: Readonly<Record<string, number>>,
  ): void {
    if (Array.isArray(content)) {
      for (const child of content) this.resolvePageRefs(child, pageRefs, own);
      return;
    }
    if (!isNode(content)) return;
    const ref = content[PAGE_REF];
    if (typeof ref === 'string') {
      delete content[PAGE_REF];
      const change = ref.slice(ref.indexOf('/') + 1);
      const anchor = this.anchors.get(change);
      const page = anchor ? own?.[change] : Object.hasOwn(pageRefs, ref) ? pageRefs[ref] : undefined;
      if (anchor) this.hasInnerRefs = true;
      if (anchor && page === undefined) content.pageReference = anchor;
      else content.text = Number.isInteger(page) ? fillPlaceholders(this.onPage, { page: page! }) : '';
      if (anchor && page !== undefined) content.linkToDestination = anchor;
      return;
    }
    for (const value of Object.values(content))
      if (typeof value === 'object') this.resolvePageRefs(value, pageRefs, own);
  }

  /** The first page each change stands on, once the PDF is made. */
  marks(): Record<string, number> {
    const marks: Record<string, number> = {};
    for (const bar of this.bars) {
      const first = Math.min(...bar.pages, marks[bar.change] ?? Number.POSITIVE_INFINITY);
      if (Number.isFinite(first)) marks[bar.change] = first;
    }
    return marks;
  }
}

/** The bars of a leaf, to keep as they are when a block is copied (as compact parts are). */
export const isChangeBars = (key: string): boolean => key === CHANGE_BARS;
