/**
 * HTML stage: Markdown in, an HTML fragment out, for `-f html` and the preview page alike.
 * Like the PDF typesetter, it shows every character of the data and runs none of it: raw HTML in
 * the Markdown is printed as text (except the templates' layout directives), images are inlined
 * from the bytes given (the page stays standalone; without them, as their text), and only web,
 * mail and in-document links stay live.
 */
import { Lexer, Marked, Renderer, type RendererObject, type Token, type Tokens } from 'marked';
import markedFootnote from 'marked-footnote';
import { PRINT_BOX } from '../images/asset.js';
import { langSpanTag, NOTES_TITLE, parseDirective, parseMarker, slug } from '../markdown/conventions.js';
import { decodeReferences } from '../markdown/entities.js';
import { lex } from '../markdown/lex.js';
import { textDirection } from '../model/lang.js';
import { itemChange, leadingChange } from '../typeset/change-marks.js';
import { imageOf, type PrintImage, type PrintImages, printedSize } from '../typeset/images.js';

/** Links that stay live: web, mail, and anchors within the document. */
const LIVE_LINK = /^(https?:|mailto:|#[^\s]*$)/i;

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for an HTML text node or a quoted attribute value. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}

/**
 * Layout directives a template may write as HTML comments, as the PDF obeys them (see the
 * typesetter): `<!-- pagebreak -->`, `<!-- cover -->…<!-- /cover -->`, `<!-- toc -->…<!-- /toc -->`.
 */
const DIRECTIVE_TAGS = {
  cover: ['<div class="cover">', '</div>'],
  toc: ['<nav class="toc">', '</nav>'],
  compact: ['<div class="compact">', '</div>'],
  beside: ['<div class="beside">', '</div>'],
} as const;

/** An image inline as a data: URI, sized as it prints (1 pt = 4/3 CSS px); its alt text kept. */
export function imageTag(ref: string, image: PrintImage, alt: string, extra = ''): string {
  const size = printedSize(image, PRINT_BOX[image.use], PRINT_BOX.template.width);
  const px = (points: number) => Math.round((points * 4) / 3);
  const data = `data:${image.mime};base64,${Buffer.from(image.data).toString('base64')}`;
  return `<img src="${data}" alt="${escapeHtml(alt)}" width="${px(size.width)}" height="${px(size.height)}" data-ref="${escapeHtml(ref)}"${extra}>`;
}

/**
 * Overrides of marked's HTML renderer, for one document: raw HTML becomes text, images their
 * text, only web, mail and in-document links stay live, and headings get GitHub's anchors.
 * (A plain object: marked copies a renderer's own methods, not a class's.)
 */
function safeRenderer(images?: PrintImages): { renderer: RendererObject; close(): string } {
  const ids = new Map<string, number>();
  const open: (keyof typeof DIRECTIVE_TAGS)[] = [];
  let spans = 0;
  // Changed blocks: the next block's change (a marker on a line of its own), the changes of the
  // table rows being written, and the changes whose first block already has the anchor.
  let changeOfNext: string | undefined;
  let rowChanges: (string | undefined)[] = [];
  const anchored = new Set<string>();
  // The change of the list item being written: its own paragraph is not marked again.
  let itemChanged: string | undefined;
  const takeNext = () => {
    const id = changeOfNext;
    changeOfNext = undefined;
    return id;
  };
  /** A block's opening tag, marked as changed (a visible bar) with its change's anchor on its first block. */
  const changed = (html: string, tag: string, id: string | undefined, anchor = true): string => {
    if (!id) return html;
    const attributes = anchor && !anchored.has(id) ? ` class="changed" id="change-${id}"` : ' class="changed"';
    if (anchor) anchored.add(id);
    return html.replace(new RegExp(`^<${tag}(?=[ >])`), `<${tag}${attributes}`);
  };
  const renderer: RendererObject = {
    html(token: Tokens.HTML | Tokens.Tag): string {
      const block = 'block' in token && token.block;
      // Revision markers print nothing; one on a line of its own marks the next block.
      const marker = token.text.startsWith('<!--') ? parseMarker(token.text) : undefined;
      if (marker) {
        if (block && marker.kind === 'change') changeOfNext = marker.id;
        return '';
      }
      const span = block ? undefined : langSpanTag(token.text);
      if (span === 'close' && spans > 0) {
        spans--;
        return '</span>';
      }
      if (span && span !== 'close') {
        spans++;
        const dir = textDirection(span.lang) === 'rtl' ? ' dir="rtl"' : '';
        return `<span lang="${escapeHtml(span.lang)}"${dir}>`;
      }
      const directive = block ? parseDirective(token.text) : undefined;
      if (directive) {
        const { name, closing } = directive;
        if (name === 'pagebreak') return '<div class="page-break" aria-hidden="true"></div>\n';
        if (!closing) {
          open.push(name);
          return `${DIRECTIVE_TAGS[name][0]}\n`;
        }
        // Only a directive that is open closes, innermost first, so the markup stays balanced.
        if (!open.includes(name)) return '';
        let tags = '';
        for (let last = open.pop(); last; last = last === name ? undefined : open.pop())
          tags += DIRECTIVE_TAGS[last][1];
        return `${tags}\n`;
      }
      const text = escapeHtml(token.text);
      return block ? `<p class="raw">${text.trimEnd()}</p>\n` : text;
    },
    heading(this: Renderer, token: Tokens.Heading): string {
      const base = slug(inlineText(token.text)) || 'section';
      const seen = ids.get(base) ?? 0;
      ids.set(base, seen + 1);
      const id = seen ? `${base}-${seen}` : base;
      const html = `<h${token.depth} id="${escapeHtml(id)}">${this.parser.parseInline(token.tokens)}</h${token.depth}>\n`;
      return changed(html, `h${token.depth}`, leadingChange(token.tokens as never) ?? takeNext(), false);
    },
    paragraph(this: Renderer, token: Tokens.Paragraph): string {
      const own = leadingChange(token.tokens as never);
      const change = (own === itemChanged ? undefined : own) ?? takeNext();
      return changed(Renderer.prototype.paragraph.call(this, token), 'p', change);
    },
    list(this: Renderer, token: Tokens.List): string {
      // A marker before a list marks the whole list; each item may be marked on its own.
      const change = takeNext();
      return changed(Renderer.prototype.list.call(this, token), token.ordered ? 'ol' : 'ul', change);
    },
    listitem(this: Renderer, item: Tokens.ListItem): string {
      const outer = itemChanged;
      itemChanged = itemChange(item as never);
      try {
        return changed(Renderer.prototype.listitem.call(this, item), 'li', itemChanged);
      } finally {
        itemChanged = outer;
      }
    },
    tablerow(this: Renderer, row: Tokens.TableRow): string {
      return changed(Renderer.prototype.tablerow.call(this, row), 'tr', rowChanges.shift());
    },
    link(this: Renderer, token: Tokens.Link): string {
      const inner = this.parser.parseInline(token.tokens);
      const href = token.href.trim();
      if (!LIVE_LINK.test(href)) return inner;
      const title = token.title ? ` title="${escapeHtml(token.title)}"` : '';
      const external = href.startsWith('#') ? '' : ' rel="noopener noreferrer"';
      return `<a href="${escapeHtml(href)}"${title}${external}>${inner}</a>`;
    },
    image(token: Tokens.Image): string {
      if (!images) return escapeHtml(`[${token.text || token.href}]`);
      const image = imageOf(images, token.href);
      const title = token.title ? ` title="${escapeHtml(token.title)}"` : '';
      const caption = token.title ? `<span class="caption">${escapeHtml(token.title)}</span>` : '';
      return imageTag(token.href, image, token.text, title) + caption;
    },
    table(this: Renderer, token: Tokens.Table): string {
      const change = takeNext();
      // marked writes the header row, then the others, each through tablerow.
      rowChanges = [token.header, ...token.rows].map((row) => leadingChange(row[0]?.tokens as never));
      const table = changed(Renderer.prototype.table.call(this, token), 'table', change);
      // Wide tables scroll on a narrow screen instead of widening the page.
      return `<div class="table">${table}</div>\n`;
    },
  };
  return {
    renderer,
    close: () =>
      open
        .reverse()
        .map((name) => DIRECTIVE_TAGS[name][1])
        .join(''),
  };
}

/** The words the HTML adds around the sources, in the document's language. */
export interface NotesWords {
  /** The heading over them. */
  title: string;
  /** A link back to where a source is cited, with {citation} (the source's id) to fill. */
  backToCitation: string;
}

const ENGLISH_NOTES: NotesWords = { title: NOTES_TITLE, backToCitation: 'Back to citation {citation}' };

/**
 * Renders a document's Markdown to an HTML fragment: marked's HTML renderer with the overrides
 * above and marked-footnote's renderers (the heading over the notes comes from the lexer).
 * With `images`, each image is inlined from them (one they lack is an error); without, its text shows.
 */
export function markdownToHtml(markdown: string, words: NotesWords = ENGLISH_NOTES, images?: PrintImages): string {
  const { renderer, close } = safeRenderer(images);
  const backRefLabel = words.backToCitation.replace(/\{citation\}/g, '{0}');
  const marked = new Marked({ gfm: true }).use(
    { renderer },
    markedFootnote({ headingClass: 'notes-title', sectionClass: 'footnotes', backRefLabel }),
  );
  const html = marked.parser(lex(markdown, undefined, words.title));
  // The sources come last, after any directive left open.
  const notes = html.indexOf('<section class="footnotes"');
  return notes < 0 ? html + close() : html.slice(0, notes) + close() + html.slice(notes);
}

/** The text a reader sees in one line of inline Markdown (a heading, say), without its markup. */
export function inlineText(markdown: string): string {
  const walk = (tokens: readonly Token[]): string =>
    tokens
      .map((t) =>
        'tokens' in t && t.tokens
          ? walk(t.tokens)
          : t.type === 'html' && (langSpanTag(t.text) || parseMarker(t.text))
            ? ''
            : 'text' in t
              ? decodeReferences(String(t.text))
              : '',
      )
      .join('');
  return walk(new Lexer({ gfm: true }).inlineTokens(markdown));
}
