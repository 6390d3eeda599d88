/** Typesetting stage: Markdown in, a pdfmake document definition out. */
import { Marked } from 'marked';
import markedFootnote from 'marked-footnote';
import type { TDocumentDefinitions } from 'pdfmake/interfaces.js';
import { footnoteSafeUrls } from '../marked-extensions.js';
import { contentWidth, documentDefinition, type PageFrame } from './layout.js';
import { PdfRenderer } from './pdf-renderer.js';

/** marked-footnote keeps per-document state in its closure, so each document gets its own lexer. */
function lexer(): Marked {
  return new Marked({ gfm: true }).use(footnoteSafeUrls, markedFootnote());
}

export interface TypesetOptions {
  /** Headings up to this depth become table-of-contents entries; 0 for none. */
  tocDepth?: number;
  /** Smaller type and tighter spacing, for a document that should fit one page. */
  compact?: boolean;
}

export function typeset(source: string, frame: PageFrame, options: TypesetOptions = {}): TDocumentDefinitions {
  const tokens = lexer().lexer(source);
  const renderer = new PdfRenderer({
    contentWidth: contentWidth(frame.paper),
    tocDepth: options.tocDepth,
    compact: options.compact,
  });
  return documentDefinition(renderer.render(tokens), frame, options.compact);
}
