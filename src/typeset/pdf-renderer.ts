/**
 * The PDF typesetter: a renderer over marked's tokens that produces pdfmake content, the way
 * marked's own Renderer produces HTML. Every token's text reaches the page; raw HTML prints
 * as text. Styles are named here and defined in layout.ts.
 */
import { decodeHTML } from 'entities';
import type { Token, Tokens } from 'marked';
import type { Footnote, FootnoteRef, Footnotes } from 'marked-footnote';
import type { Content, ContentTable, TableCell } from 'pdfmake/interfaces.js';
import { scriptRuns } from './fonts.js';

/** A run of text with its inline styling, as pdfmake takes it. */
export interface Inline {
  text: string | Inline[];
  bold?: boolean;
  italics?: boolean;
  font?: string;
  sup?: boolean;
  link?: string;
  linkToDestination?: string;
  decoration?: 'underline' | 'lineThrough';
  color?: string;
  background?: string;
  style?: string;
}

type InlineStyle = Omit<Inline, 'text'>;

export interface RendererOptions {
  /** Width of the text block in points, for rules. */
  contentWidth: number;
  /** Mark headings up to this depth as table-of-contents entries (0: none). */
  tocDepth?: number;
  /** Heading over the footnotes (the document's sources). */
  notesTitle?: string;
}

type AnyToken = Token | Footnotes | Footnote | FootnoteRef;

const LIVE_LINK = /^(https?:|mailto:)/i;

export class PdfRenderer {
  constructor(private readonly options: RendererOptions) {}

  /** Block tokens to pdfmake content; footnotes (sources) go last, whatever their place. */
  render(tokens: readonly AnyToken[]): Content[] {
    const notes = tokens.filter((t): t is Footnotes => t.type === 'footnotes');
    const body = tokens.filter((t) => t.type !== 'footnotes').flatMap((t) => this.block(t));
    return [...body, ...notes.flatMap((n) => this.footnotes(n))];
  }

  private block(token: AnyToken): Content[] {
    switch (token.type) {
      case 'space':
        return [];
      case 'heading':
        return [this.heading(token as Tokens.Heading)];
      case 'paragraph':
        return [{ text: this.inlines((token as Tokens.Paragraph).tokens), style: 'p' }];
      case 'text': {
        const t = token as Tokens.Text;
        return [{ text: t.tokens ? this.inlines(t.tokens) : this.plain(t.text), style: 'p' }];
      }
      case 'list':
        return [this.list(token as Tokens.List)];
      case 'table':
        return [this.table(token as Tokens.Table)];
      case 'blockquote':
        return [this.box(this.render((token as Tokens.Blockquote).tokens), 'quote')];
      case 'code':
        return [this.box([{ text: this.plain((token as Tokens.Code).text, { font: 'Mono' }), style: 'code', preserveLeadingSpaces: true }], 'code')];
      case 'hr':
        return [this.rule()];
      case 'html':
        return [{ text: this.plain((token as Tokens.HTML).text.trimEnd()), style: 'p' }];
      case 'def':
      case 'footnote': // a definition: printed once, in the sources list
        return [];
      case 'footnotes':
        return this.footnotes(token as Footnotes);
      default: {
        // An unknown block still shows its text rather than vanishing.
        const raw = (token as { text?: string; raw?: string }).text ?? (token as { raw?: string }).raw ?? '';
        return raw.trim() ? [{ text: this.plain(raw.trim()), style: 'p' }] : [];
      }
    }
  }

  private heading(token: Tokens.Heading): Content {
    const toc = (this.options.tocDepth ?? 0) >= token.depth;
    return {
      text: this.inlines(token.tokens),
      style: `h${token.depth}`,
      headlineLevel: token.depth,
      ...(toc ? { tocItem: true, tocStyle: `toc${token.depth}`, tocMargin: [(token.depth - 1) * 12, 2, 0, 2] } : {}),
    } as Content;
  }

  private list(token: Tokens.List): Content {
    const items = token.items.map((item) => {
      const blocks = this.listItem(item);
      return blocks.length === 1 ? blocks[0]! : { stack: blocks };
    });
    return token.ordered
      ? ({ ol: items, start: typeof token.start === 'number' ? token.start : 1, style: 'list' } as Content)
      : ({ ul: items, style: 'list' } as Content);
  }

  private listItem(item: Tokens.ListItem): Content[] {
    const blocks = item.tokens.flatMap((t) => this.block(t));
    if (item.task) {
      const box: Inline = { text: item.checked ? '[x] ' : '[ ] ', font: 'Mono' };
      const first = blocks[0] as { text?: Inline[] } | undefined;
      if (first && Array.isArray(first.text)) first.text.unshift(box);
    }
    return blocks;
  }

  private table(token: Tokens.Table): ContentTable {
    const align = (a: Tokens.TableCell['align']) => a ?? 'left';
    const header: TableCell[] = token.header.map((cell) => ({
      text: this.inlines(cell.tokens),
      style: 'th',
      alignment: align(cell.align),
    }));
    const rows: TableCell[][] = token.rows.map((row) =>
      row.map((cell) => ({ text: this.inlines(cell.tokens), style: 'td', alignment: align(cell.align) })),
    );
    return {
      table: { headerRows: 1, dontBreakRows: true, keepWithHeaderRows: 1, widths: columnWidths(token), body: [header, ...rows] },
      layout: 'briefing',
      style: 'table',
    };
  }

  private box(stack: Content[], kind: 'quote' | 'code'): Content {
    return { table: { widths: ['*'], body: [[{ stack }]] }, layout: kind, style: kind } as Content;
  }

  private rule(): Content {
    const width = this.options.contentWidth;
    return { canvas: [{ type: 'line', x1: 0, y1: 0, x2: width, y2: 0, lineWidth: 0.5, lineColor: '#888888' }], style: 'hr' };
  }

  /** The document's footnotes: here, its numbered list of sources. */
  private footnotes(token: Footnotes): Content[] {
    if (token.items.length === 0) return [];
    const items = token.items.map((note) => ({
      stack: note.content.flatMap((t) => this.block(t as Token)),
      id: `note-${note.refs[0]?.id ?? note.label}`,
    }));
    return [
      { text: this.options.notesTitle ?? 'Sources', style: 'notesTitle', headlineLevel: 2 } as Content,
      { ol: items, style: 'notes' } as Content,
    ];
  }

  /** Inline tokens to styled text runs. */
  inlines(tokens: readonly AnyToken[] | undefined, style: InlineStyle = {}): Inline[] {
    if (!tokens) return [];
    return tokens.flatMap((token) => this.inline(token, style));
  }

  private inline(token: AnyToken, style: InlineStyle): Inline[] {
    switch (token.type) {
      case 'text': {
        const t = token as Tokens.Text;
        return t.tokens ? this.inlines(t.tokens, style) : this.plain(t.escaped ? t.text : decodeHTML(t.text), style);
      }
      case 'escape':
        return this.plain((token as Tokens.Escape).text, style);
      case 'strong':
        return this.inlines((token as Tokens.Strong).tokens, { ...style, bold: true });
      case 'em':
        return this.inlines((token as Tokens.Em).tokens, { ...style, italics: true });
      case 'del':
        return this.inlines((token as Tokens.Del).tokens, { ...style, decoration: 'lineThrough' });
      case 'codespan':
        return this.plain((token as Tokens.Codespan).text, { ...style, font: 'Mono', background: '#eeeeee' });
      case 'br':
        return this.plain('\n', style);
      case 'link': {
        const link = token as Tokens.Link;
        if (!LIVE_LINK.test(link.href)) return this.inlines(link.tokens, style);
        return this.inlines(link.tokens, { ...style, link: link.href, color: '#1a4d8f', decoration: 'underline' });
      }
      case 'image': {
        const image = token as Tokens.Image;
        return this.plain(`[${image.text || image.href}]`, style);
      }
      case 'footnoteRef': {
        const ref = token as FootnoteRef;
        return [{ text: ref.id, ...style, sup: true, linkToDestination: `note-${ref.id}`, style: 'noteRef' }];
      }
      case 'html':
        return this.plain((token as Tokens.Tag).text, style);
      default: {
        const raw = (token as { text?: string; raw?: string }).text ?? (token as { raw?: string }).raw ?? '';
        return this.plain(raw, style);
      }
    }
  }

  /** Literal text, split into script runs so Hangul gets a font that has it. */
  private plain(text: string, style: InlineStyle = {}): Inline[] {
    return scriptRuns(text).map((run) => (run.cjk ? { text: run.text, ...style, font: 'Hangul' } : { text: run.text, ...style }));
  }
}

/** Short columns (dates, times, labels) take their natural width; long ones share the rest. */
function columnWidths(token: Tokens.Table): (string | number)[] {
  const lengths = token.header.map((cell, i) =>
    Math.max(cell.text.length, ...token.rows.map((row) => row[i]?.text.length ?? 0)),
  );
  const widths = lengths.map((len) => (len <= 24 ? 'auto' : '*'));
  if (!widths.includes('*')) widths[widths.length - 1] = '*';
  return widths;
}
