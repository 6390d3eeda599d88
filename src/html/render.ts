/**
 * HTML stage: Markdown in, an HTML fragment out, for `-f html` and the preview page alike.
 * Like the PDF typesetter, it shows every character of the data and runs none of it: raw HTML in
 * the Markdown is printed as text, images are shown as their text, and only web and mail links
 * stay live.
 */
import { Marked, Renderer, type Tokens } from 'marked';
import markedFootnote from 'marked-footnote';

const LIVE_LINK = /^(https?:|mailto:)/i;

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for an HTML text node or a quoted attribute value. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}

/** marked's HTML renderer with raw HTML made text, images as text, and only safe links live. */
class SafeRenderer extends Renderer {
  override html(token: Tokens.HTML | Tokens.Tag): string {
    const text = escapeHtml(token.text);
    return token.type === 'html' && token.block ? `<p class="raw">${text.trimEnd()}</p>\n` : text;
  }

  override link(token: Tokens.Link): string {
    const inner = this.parser.parseInline(token.tokens);
    if (!LIVE_LINK.test(token.href.trim())) return inner;
    const title = token.title ? ` title="${escapeHtml(token.title)}"` : '';
    return `<a href="${escapeHtml(token.href.trim())}"${title} rel="noopener noreferrer">${inner}</a>`;
  }

  override image(token: Tokens.Image): string {
    return escapeHtml(`[${token.text || token.href}]`);
  }

  override table(token: Tokens.Table): string {
    // Wide tables scroll on a narrow screen instead of widening the page.
    return `<div class="table">${super.table(token)}</div>\n`;
  }
}

/** Renders a document's Markdown to an HTML fragment. A new Marked per call: marked-footnote keeps state. */
export function markdownToHtml(markdown: string): string {
  const marked = new Marked({ gfm: true, async: false, renderer: new SafeRenderer() }).use(
    markedFootnote({ description: 'Sources', headingClass: 'notes-title', sectionClass: 'footnotes', backRefLabel: 'Back to citation {0}' }),
  );
  return marked.parse(markdown) as string;
}
