/**
 * Markdown escaping. Plain-text fields must print literally, so every character Markdown
 * would read as syntax is backslash-escaped; nothing is HTML-escaped (no `&amp;`).
 */

/** Escapes a plain-text value so that Markdown renders exactly its characters. */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/\s*\n\s*/g, ' ')
    .trim()
    .replace(/[\\`*_[\]|~]/g, '\\$&')
    .replace(/<(?=[A-Za-z/!?])/g, '\\<')
    .replace(/&(?=#?[A-Za-z0-9]+;)/g, '\\&')
    .replace(/^[#>+=-]/, '\\$&')
    .replace(/^(\d+)([.)])/, '$1\\$2');
}

/**
 * Prepares a Markdown field: inline Markdown stays, raw HTML is shown as text rather than
 * interpreted (a Markdown viewer would otherwise hide `<b>` or run a `<script>`).
 */
export function sanitizeMarkdown(text: string): string {
  return text.trim().replace(/(^|[^\\])<(?=[A-Za-z/!?])/g, '$1\\<');
}

/** Makes a Markdown fragment fit one table cell: one line, pipes escaped. */
export function tableCell(markdown: string): string {
  return markdown.replace(/\s*\n\s*/g, ' ').replace(/(^|[^\\])\|/g, '$1\\|');
}

/** Makes a Markdown fragment go on inside a blockquote: each line after the first starts `> `. */
export function quoteContinued(markdown: string): string {
  return markdown.trim().replace(/\n/g, '\n> ');
}

/** Makes a Markdown fragment go on inside a list item: each line after the first is indented. */
export function listItemContinued(markdown: string): string {
  // Four spaces reach the text of any item numbered up to 99, and stop short of a code block.
  return markdown.trim().replace(/\n(?=.)/g, '\n    ');
}
