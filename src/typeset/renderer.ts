/**
 * The PDF renderer: a document's block tokens to pdfmake content, the way marked's own
 * Renderer makes HTML. Every token's text reaches the page; raw HTML prints as text. Styles are
 * named here and defined in layout.ts.
 */
import type { Content } from 'pdfmake/interfaces.js';
import type { Sheet } from '../docs.js';
import { NOTES_TITLE, parseDirective, parseMarker } from '../markdown/conventions.js';
import type * as md from '../markdown/tokens.js';
import type { Direction } from '../model/lang.js';
import { type ChangeMarks, itemChange, leadingChange } from './change-marks.js';
import { compacted } from './compact.js';
import { BESIDE_PHOTO, imageBlock, type PrintImages } from './images.js';
import { checkbox, inlines, plain, plainText, type Run, type RunStyle, unknownText } from './inline.js';
import { keepHeadingsWithNext, unbreakableIfShort } from './keep-together.js';
import { COVER_TOP } from './layout.js';
import { tables } from './tables.js';

export interface RendererOptions {
  /** Width of the text block in points, for rules. */
  contentWidth: number;
  /** Mark headings up to this depth as table-of-contents entries (0: none). */
  tocDepth?: number;
  /** Tighter tables, for a document that should fit one page. */
  compact?: boolean;
  /** In the document's language: the contents list's title when the template gives none, and the sources' heading. */
  contentsTitle?: string;
  notesTitle?: string;
  /** The document's direction: right to left sets lists, tables and boxes mirrored. */
  direction?: Direction;
  /** The document's language (BCP 47): text in no other language is set in its fonts' forms. */
  lang?: string;
  /** The images the Markdown shows, by ref; an image not here is an error. */
  images?: PrintImages;
  /** A pocket card's tables set their first column (the times) large. */
  sheet?: Sheet;
  /** Where blocks that open with a change marker are marked (none: markers only print nothing). */
  marks?: ChangeMarks;
}

/** An emblem's gap to the cover's title under it. */
const COVER_EMBLEM_GAP = 28;

/** A list marker's room: this much per character of the widest marker, and the gap after it. */
const MARKER_CHAR = 5.6;
const MARKER_GAP = 5;

export class PdfRenderer {
  private sections = 0;
  private parentSection: string | undefined;
  /** Set while the cover is rendered: its images print in their cover sizes. */
  private onCover = false;

  /** The style of running text: the document's language. */
  private readonly text: RunStyle;

  constructor(private readonly options: RendererOptions) {
    this.text = options.lang ? { lang: options.lang } : {};
  }

  /** Block tokens to pdfmake content; footnotes (sources) go last, whatever their place. */
  render(tokens: readonly md.Block[]): Content[] {
    const notes = tokens.filter((t) => t.type === 'footnotes');
    const body = this.blocks(tokens.filter((t) => t.type !== 'footnotes'));
    return keepHeadingsWithNext([...body, ...notes.flatMap((n) => this.footnotes(n))], this.options.contentWidth);
  }

  /**
   * Blocks in order, obeying layout directives a template may write as HTML comments (which
   * Markdown readers hide): `<!-- pagebreak -->`, `<!-- cover -->…<!-- /cover -->` and
   * `<!-- toc -->…<!-- /toc -->`, whose Markdown contents list becomes one with page numbers.
   */
  private blocks(tokens: readonly md.Block[]): Content[] {
    const out: Content[] = [];
    let breakBefore = false;
    // A change marker on a line of its own marks the block after it.
    let changeOfNext: string | undefined;
    for (let i = 0; i < tokens.length; i++) {
      const directive = directiveOf(tokens[i]!);
      const marker = markerOf(tokens[i]!);
      let content: Content[];
      if (marker?.kind === 'change') {
        changeOfNext = marker.id;
        continue;
      } else if (directive === 'pagebreak') {
        breakBefore = out.length > 0;
        continue;
      } else if (directive === 'cover' || directive === 'toc' || directive === 'compact' || directive === 'beside') {
        const end = tokens.findIndex((t, j) => j > i && directiveOf(t) === `/${directive}`);
        const inner = tokens.slice(i + 1, end < 0 ? tokens.length : end);
        i = end < 0 ? tokens.length : end;
        content =
          directive === 'cover'
            ? [this.cover(inner)]
            : directive === 'toc'
              ? [this.toc(inner)]
              : directive === 'beside'
                ? this.beside(inner)
                : this.blocks(inner).map(compacted);
      } else if (directive) {
        continue;
      } else {
        content = this.block(tokens[i]!);
      }
      if (content.length === 0) continue;
      if (changeOfNext) this.mark(changeOfNext, content);
      changeOfNext = undefined;
      if (breakBefore) (content[0] as { pageBreak?: string }).pageBreak = 'before';
      breakBefore = false;
      out.push(...content);
    }
    return out;
  }

  /**
   * A cover page: its headings are display type, not sections; its images in their cover
   * sizes. An image that opens it (an emblem) stands in its top margin, so that the title
   * stays where a cover without one has it.
   */
  private cover(tokens: readonly md.Block[]): Content {
    this.onCover = true;
    const stack: Content[] = [];
    let run: md.Block[] = [];
    const flush = () => {
      stack.push(...this.blocks(run));
      run = [];
    };
    for (const t of tokens) {
      if (t.type !== 'heading') run.push(t);
      else {
        flush();
        stack.push({ text: inlines(t.tokens, this.text), style: `cover${Math.min(t.depth, 2)}` });
      }
    }
    flush();
    this.onCover = false;
    const first = stack[0] as { stack?: { image?: string; height?: number }[]; style?: string } | undefined;
    const emblem = first?.style === 'figure' ? first.stack?.[0]?.height : undefined;
    if (emblem === undefined) return { stack, style: 'cover' };
    return { stack, style: 'cover', margin: [0, Math.max(0, COVER_TOP - emblem - COVER_EMBLEM_GAP), 0, 0] };
  }

  /**
   * `<!-- beside -->…<!-- /beside -->`: the part's first image (a photo) in a narrow column, the
   * rest beside it, as a table without rules (whose rows pdfmake can carry over a page).
   */
  private beside(tokens: readonly md.Block[]): Content[] {
    const at = tokens.findIndex((t) => t.type === 'paragraph' && imageAlone(t));
    if (at < 0) return this.blocks(tokens);
    const image = imageAlone(tokens[at] as md.Paragraph)!;
    const photo = imageBlock(image.href, this.options.images, {
      contentWidth: BESIDE_PHOTO.width,
      box: BESIDE_PHOTO,
    });
    const text = this.blocks(tokens.filter((_, i) => i !== at));
    const cells = [{ stack: [photo] }, { stack: text.length ? text : [{ text: '' }] }];
    return [
      {
        table: {
          widths: this.rtl ? ['*', BESIDE_PHOTO.width] : [BESIDE_PHOTO.width, '*'],
          body: [this.rtl ? cells.reverse() : cells],
        },
        layout: this.rtl ? 'besideRtl' : 'beside',
        style: 'beside',
      } as Content,
    ];
  }

  /**
   * A paragraph's text, and its images as blocks where they stand: pdfmake sets only text in a
   * line, and a photo or a map scaled down to a line's height would show nothing.
   */
  private paragraph(token: md.Paragraph): Content[] {
    if (!token.tokens.some((t) => t.type === 'image')) return [{ text: inlines(token.tokens, this.text), style: 'p' }];
    const out: Content[] = [];
    let text: md.Inline[] = [];
    const flush = () => {
      if (text.some((t) => !(t.type === 'text' && !t.text.trim()) && t.type !== 'br'))
        out.push({ text: inlines(text, this.text), style: 'p' });
      text = [];
    };
    for (const t of token.tokens) {
      if (t.type !== 'image') {
        text.push(t);
        continue;
      }
      flush();
      out.push(this.figure(t, this.onCover));
    }
    flush();
    return out;
  }

  /** A block image, with its title (`![alt](ref "title")`) as a caption under it. */
  private figure(token: md.Image, cover: boolean): Content {
    const image = imageBlock(token.href, this.options.images, { contentWidth: this.options.contentWidth, cover });
    if (!token.title) return { stack: [image], style: 'figure' };
    const caption = { text: plain(token.title, this.text), style: 'caption' };
    return { stack: [image, caption], style: 'figure', unbreakable: true };
  }

  /** The table of contents, titled by the first heading inside the directive. */
  private toc(tokens: readonly md.Block[]): Content {
    const heading = tokens.find((t) => t.type === 'heading');
    const title = heading
      ? inlines(heading.tokens, this.text)
      : plain(this.options.contentsTitle ?? 'Contents', this.text);
    return { toc: { title: { text: title, style: 'tocTitle' } } };
  }

  private block(token: md.Block | md.Checkbox): Content[] {
    switch (token.type) {
      case 'space':
      case 'def':
      case 'footnote': // a definition: printed once, in the sources list
        return [];
      case 'heading':
        return [this.heading(token)];
      case 'paragraph':
        return this.marked(token.tokens, this.paragraph(token));
      case 'text':
        return this.marked(token.tokens, [
          { text: token.tokens ? inlines(token.tokens, this.text) : plain(token.text, this.text), style: 'p' },
        ]);
      case 'checkbox': // a tight task item's, with no text after it
        return [{ text: [checkbox(token)], style: 'p' }];
      case 'list':
        return [this.list(token)];
      case 'table':
        return tables(token, { ...this.options, mark: (id, row) => this.mark(id, row) });
      case 'blockquote':
        return [this.box(this.render(token.tokens), 'quote')];
      case 'code':
        return [
          this.box(
            [
              {
                text: plain(token.text, { ...this.text, font: 'Mono' }),
                style: 'code',
                preserveLeadingSpaces: true,
                ...LTR,
              },
            ],
            'code',
          ),
        ];
      case 'hr':
        return [this.rule()];
      case 'html': {
        // A page reference on a line of its own prints its page; a marker never prints.
        const marker = markerOf(token);
        if (marker?.kind === 'change') return [];
        if (marker)
          return [
            { text: inlines([{ ...token, block: false, inLink: false, inRawBlock: false }], this.text), style: 'p' },
          ];
        const text = token.text.replace(MARKERS, '').trimEnd();
        return text ? [{ text: plain(text, this.text), style: 'p' }] : [];
      }
      case 'footnotes':
        return this.footnotes(token);
      default: {
        const text = unknownText(token).trim();
        return text ? [{ text: plain(text, this.text), style: 'p' }] : [];
      }
    }
  }

  private heading(token: md.Heading): Content {
    const text = inlines(token.tokens, this.text);
    const [node] = this.marked(token.tokens, [
      { text, style: `h${token.depth}`, headlineLevel: token.depth, ...this.section(token.depth, plainText(text)) },
    ]);
    return node!;
  }

  /** A block's content, marked as changed if its text opens with a change marker. */
  private marked(tokens: readonly md.Inline[] | undefined, content: Content[]): Content[] {
    const change = leadingChange(tokens);
    if (change) this.mark(change, content);
    return content;
  }

  private mark(change: string, content: readonly unknown[]): void {
    this.options.marks?.mark(change, content);
  }

  /** Table-of-contents entry and PDF bookmark for a section heading, when the document wants them. */
  private section(depth: number, title: string): object {
    const tocDepth = this.options.tocDepth ?? 0;
    if (depth > tocDepth + 1) return {};
    const toc =
      depth <= tocDepth ? { tocItem: true, tocStyle: `toc${depth}`, tocMargin: [(depth - 1) * 12, 3, 0, 3] } : {};
    if (tocDepth === 0) return toc;
    // Bookmarks nest one level: sections under the document they belong to.
    const id = `section-${++this.sections}`;
    if (depth === 1) this.parentSection = id;
    const parent = depth > 1 && this.parentSection ? { outlineParentId: this.parentSection } : {};
    return { ...toc, id, outline: true, outlineText: title, ...parent };
  }

  private list(token: md.List): Content {
    const items = token.items.map((item) => {
      const blocks = this.listItem(item);
      const change = itemChange(item);
      if (change) this.mark(change, blocks);
      // pdfmake sets an item's number on its first line of text: an item that opens with a list
      // or a box gets an empty line for it, or the number would be lost or overprinted.
      if (blocks.length === 0 || !('text' in (blocks[0] as object))) blocks.unshift({ text: '\u00a0', style: 'p' });
      return blocks.length === 1 ? blocks[0]! : { stack: blocks };
    });
    const start = typeof token.start === 'number' ? token.start : 1;
    if (this.rtl) return this.listOnTheRight(items, token.ordered ? start : undefined);
    return token.ordered ? { ol: items, start, style: 'list' } : { ul: items, style: 'list' };
  }

  /**
   * A list set right to left: pdfmake puts markers on the left only, so each item is a row of
   * two columns, its marker on the right. Numbered from `start`, or bulleted.
   */
  private listOnTheRight(items: Content[], start: number | undefined): Content {
    const marker = (i: number) => (start === undefined ? '\u2022' : `${start + i}.`);
    const width = Math.max(...items.map((_, i) => marker(i).length)) * MARKER_CHAR;
    return {
      stack: items.map((item, i) => ({
        columns: [
          { width: '*', stack: [item] },
          { width, text: marker(i), alignment: 'right', ...fontOfFirstRun(item) },
        ],
        columnGap: MARKER_GAP,
      })),
      style: 'list',
    } as Content;
  }

  private get rtl(): boolean {
    return this.options.direction === 'rtl';
  }

  private listItem(item: md.ListItem): Content[] {
    // A tight task item starts with its checkbox as a block; a loose one has it in its paragraph.
    const [first, ...rest] = item.tokens;
    if (first?.type !== 'checkbox') return item.tokens.flatMap((t) => this.block(t));
    const blocks = rest.flatMap((t) => this.block(t));
    const text = (blocks[0] as { text?: Run[] } | undefined)?.text;
    if (Array.isArray(text)) text.unshift(checkbox(first));
    else blocks.unshift(...this.block(first));
    return blocks;
  }

  private box(stack: Content[], kind: 'quote' | 'code'): Content {
    // Paragraphs in a box sit closer than in running text.
    for (const block of stack)
      if ((block as { style?: string }).style === 'p') (block as { style?: string }).style = 'boxed';
    const layout = kind === 'quote' && this.rtl ? 'quoteRtl' : kind;
    return unbreakableIfShort(
      { table: { widths: ['*'], body: [[{ stack }]] }, layout, style: kind },
      this.options.contentWidth,
    );
  }

  private rule(): Content {
    const width = this.options.contentWidth;
    return {
      canvas: [{ type: 'line', x1: 0, y1: 0, x2: width, y2: 0, lineWidth: 0.5, lineColor: '#888888' }],
      style: 'hr',
    };
  }

  /** The document's footnotes: here, its numbered list of sources. */
  private footnotes(token: md.Footnotes): Content[] {
    if (token.items.length === 0) return [];
    const items = token.items.map((note) => ({
      stack: note.content.flatMap((t) => this.block(t)),
      id: `note-${note.refs[0]?.id ?? note.label}`,
    }));
    const title = this.options.notesTitle ?? NOTES_TITLE;
    return [
      // Plain runs only where the title needs them (a font other than Sans): English stays as it was.
      {
        text: /^[\x20-\x7e]*$/.test(title) ? title : plain(title),
        style: 'notesTitle',
        headlineLevel: 2,
        ...this.section(1, title),
      },
      { ol: items, style: 'notes' },
    ];
  }
}

/**
 * The font an item's text starts in, for its marker: beside it in a column of its own, the marker
 * sits on the same baseline only in the same font (Arabic letters stand taller than Latin ones).
 */
function fontOfFirstRun(item: Content): { font?: string } {
  const node = item as { text?: unknown; stack?: Content[] };
  if (Array.isArray(node.text)) {
    const font = (node.text[0] as Run | undefined)?.font;
    return font ? { font } : {};
  }
  return node.stack?.[0] ? fontOfFirstRun(node.stack[0]) : {};
}

/** Code reads left to right in every document. */
const LTR = { direction: 'ltr', alignment: 'left' } as const;

/** The image a paragraph holds and nothing else (but spaces), if that is all it holds. */
function imageAlone(token: md.Paragraph): md.Image | undefined {
  const solid = token.tokens.filter((t) => !(t.type === 'text' && !t.text.trim()));
  return solid.length === 1 && solid[0]!.type === 'image' ? solid[0] : undefined;
}

/** A revision marker standing alone as an HTML block. */
function markerOf(token: md.Block): ReturnType<typeof parseMarker> {
  return token.type === 'html' ? parseMarker(token.text) : undefined;
}

/** Revision markers inside raw HTML that prints: they never print. */
const MARKERS = /<!--(?:change:[a-z0-9-]+|pageref:[a-z0-9-]+\/[a-z0-9-]+)-->/g;

/** The layout directive an HTML-comment token carries, if any, as `cover` or `/cover`. */
function directiveOf(token: md.Block): string | undefined {
  const directive = token.type === 'html' ? parseDirective(token.text) : undefined;
  return directive && `${directive.closing ? '/' : ''}${directive.name}`;
}
