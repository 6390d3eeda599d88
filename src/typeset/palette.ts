/**
 * The documents' colours, one set for the PDF, the standalone HTML and the preview, so that a
 * document looks the same in each. Here, with the page design, a change of colour re-typesets
 * every document (see cache.ts).
 */

/** Body text. */
export const INK = '#1c1c1c';
/** Headings, links, note references and the rules that open a table. */
export const ACCENT = '#1a4d8f';
/** Thin rules: between table rows, under headings, page header and footer. */
export const RULE = '#b8c2cc';
/** A table's heading row. */
export const HEADING_FILL = '#e9eef4';
/** Block quotes. */
export const QUOTE_FILL = '#f2f5f9';
/** Code blocks. */
export const CODE_FILL = '#f4f4f4';
/** Code inside a line. */
export const CODE_SPAN_FILL = '#eeeeee';
/** A table row that heads a group of rows. */
export const GROUP_FILL = QUOTE_FILL;
