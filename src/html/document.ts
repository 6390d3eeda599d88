/**
 * The standalone HTML output (`-f html`): one self-contained file per document, its styles
 * inline, readable on screen and printable. In print, the handling marking runs at the top and
 * bottom of every page (fixed boxes, which browsers repeat on each printed page, over spacers
 * that a table header and footer repeat so that text never runs under them), page numbers
 * where the browser supports page-margin boxes, no page break inside a table row or right
 * after a heading, and a new page wherever the template asks for one (`<!-- pagebreak -->`).
 */

import type { Sheet } from '../docs.js';
import { DEFAULT_LANG, type Direction } from '../model/lang.js';
import { placeholderParts } from '../model/placeholders.js';
import type { Paper } from '../model/visit.js';
import { type Furniture, furnitureOf } from '../typeset/frame.js';
import type { PrintImages } from '../typeset/images.js';
import { ACCENT, CODE_FILL, CODE_SPAN_FILL, HEADING_FILL, INK, QUOTE_FILL, RULE } from '../typeset/palette.js';
import { escapeHtml, imageTag, markdownToHtml } from './render.js';

/** What the page says about itself, as for the PDF's page frame. */
export interface HtmlFrame {
  title: string;
  marking?: string;
  /** Prepared date, already formatted for print. */
  prepared?: string;
  paper: Paper;
  /** A pocket card rather than a page of the paper (see CARD_CSS). */
  sheet?: Sheet;
  /** The document's language and direction (default: English, left to right) and its page words. */
  lang?: string;
  direction?: Direction;
  furniture?: Furniture;
  /** The emblem's image ref, shown in the page's head. */
  emblem?: string;
  /** The revision, filled for print ("Revision 2 · 3 November 2017"); absent for a visit never released. */
  revision?: string;
}

/** A page-number label as CSS `content`: `"page " counter(page) " of " counter(pages)`. */
function pageCounter(pattern: string): string {
  const cssString = (text: string) => `"${text.replace(/[\\"]/g, '\\$&').replace(/\n/g, '\\a ')}"`;
  return placeholderParts(pattern)
    .map((part) =>
      'name' in part
        ? part.name === 'page' || part.name === 'pages'
          ? `counter(${part.name})`
          : ''
        : cssString(part.text),
    )
    .filter(Boolean)
    .join(' ');
}

/** Styles of a rendered document's content (`.doc`), shared with the preview page. */
export const DOC_CSS = `
.doc { font-family: "Noto Sans", "Segoe UI", "Helvetica Neue", Arial, "Noto Sans KR", "Apple SD Gothic Neo", "Malgun Gothic", sans-serif;
  color: ${INK}; font-size: 15px; line-height: 1.5; overflow-wrap: break-word; }
.doc h1 { font-size: 1.6em; line-height: 1.25; color: ${ACCENT}; margin: 0 0 .6em; }
.doc h2 { font-size: 1.25em; color: ${ACCENT}; margin: 1.6em 0 .5em; padding-bottom: .2em; border-bottom: 1px solid ${RULE}; }
.doc h3 { font-size: 1.05em; margin: 1.3em 0 .4em; }
.doc h4, .doc h5, .doc h6 { font-size: 1em; margin: 1.1em 0 .3em; }
.doc p, .doc ul, .doc ol { margin: .5em 0; }
.doc li { margin: .2em 0; }
.doc blockquote { margin: .8em 0; padding: .4em .9em; background: ${QUOTE_FILL}; border-left: 3px solid ${ACCENT}; }
.doc blockquote p { margin: .3em 0; }
.doc .table { overflow-x: auto; margin: .8em 0; }
.doc table { border-collapse: collapse; width: 100%; font-size: .93em; }
.doc th, .doc td { text-align: left; vertical-align: top; padding: .3em .6em; border-bottom: 1px solid #d5dce3; }
.doc th { background: ${HEADING_FILL}; border-bottom: 1.5px solid ${ACCENT}; }
.doc code { font-family: "Noto Sans Mono", ui-monospace, Menlo, Consolas, monospace; font-size: .9em; background: ${CODE_SPAN_FILL}; padding: 0 .2em; border-radius: 2px; }
.doc pre { background: ${CODE_FILL}; padding: .6em .8em; overflow-x: auto; }
.doc pre code { background: none; padding: 0; }
.doc hr { border: 0; border-top: 1px solid ${RULE}; margin: 1.2em 0; }
.doc a { color: ${ACCENT}; }
.doc sup a { text-decoration: none; padding: 0 .1em; }
.doc .footnotes { margin-top: 2em; font-size: .9em; }
.doc .footnotes .notes-title { font-size: 1.1em; }
.doc sup { line-height: 0; }
.doc .footnotes [data-footnote-backref] { text-decoration: none; }
.doc .footnotes [data-footnote-backref] ~ [data-footnote-backref] { display: none; }
.doc .raw { white-space: pre-wrap; }
.doc .cover { padding: 2em 0 1em; }
.doc .cover h1 { font-size: 2em; }
.doc .toc ol { padding-left: 1.5em; }
.doc .compact { font-size: 0.92em; }
.doc .page-break { border-top: 1px dashed ${RULE}; margin: 2.5em -1em; }
`;

/** Styles of a page with images only, so that a page without them stays as it was. */
const IMAGE_CSS = `
.doc img { max-width: 100%; height: auto; }
.doc .caption { display: block; font-size: .85em; font-style: italic; color: #555; margin-top: .3em; }
.doc .cover img { display: block; margin-bottom: 1.2em; }
.doc .beside { display: flow-root; margin: .6em 0 1em; }
.doc .beside > p:first-child { float: left; width: 7.5em; margin: .3em 1.4em .5em 0; }
[dir="rtl"] .doc .beside > p:first-child { float: right; margin: .3em 0 .5em 1.4em; }
.doc .beside > p:first-child img { display: block; width: 100%; height: auto; }
.running img.emblem { height: 1.6em; width: auto; flex: none; }
header.page-head .running { align-items: flex-end; }
`;

/**
 * A changed block (`class="changed"`): a bar in the margin where its lines start, on screen
 * and in print. Only in documents that mark changes, so that the others stay as they were.
 */
export const CHANGE_CSS = `
.doc .changed { position: relative; }
.doc .changed::before { content: ""; position: absolute; top: .15em; bottom: .15em; inset-inline-start: -1.1em; border-inline-start: 2.5px solid ${INK}; }
.doc li.changed::before { inset-inline-start: -2.9em; }
.doc tr.changed { position: static; }
.doc tr.changed::before { content: none; }
.doc tr.changed > td:first-child, .doc tr.changed > th:first-child { position: relative; }
.doc tr.changed > :first-child::before { content: ""; position: absolute; top: .3em; bottom: .3em; inset-inline-start: -1.1em; border-inline-start: 2.5px solid ${INK}; }
.doc .table:has(tr.changed) { padding-inline-start: 1.2em; margin-inline-start: -1.2em; }
.revision { font-weight: 700; color: ${INK}; }
@media print { .sheet .doc { padding-inline-start: 1.4em; } }
`;

const PAGE_CSS = (frame: HtmlFrame) => `
html { background: #e8ebee; }
body { margin: 0; }
.sheet { max-width: 50em; margin: 1.5em auto; background: #fff; padding: 2em 3em 3em; box-shadow: 0 1px 4px rgba(0, 0, 0, .15); }
.page-table { display: block; border: 0; }
.page-table > thead, .page-table > tfoot { display: none; }
.page-table > tbody, .page-table > tbody > tr, .page-table > tbody > tr > td { display: block; padding: 0; }
.marking { font: 700 12px/1.4 "Noto Sans", Arial, sans-serif; letter-spacing: .06em; text-align: center; color: ${INK}; }
.running { display: flex; justify-content: space-between; gap: 1em; font: 11px/1.4 "Noto Sans", Arial, sans-serif; color: #555; }
header.page-head .marking { margin-bottom: .4em; }
header.page-head { border-bottom: 1px solid ${RULE}; padding-bottom: .4em; margin-bottom: 1.5em; }
footer.page-foot { border-top: 1px solid ${RULE}; padding-top: .4em; margin-top: 2em; }
footer.page-foot .marking { margin-top: .3em; }
@page { size: ${frame.paper === 'LETTER' ? 'letter' : 'A4'}; margin: 14mm 18mm 12mm;
  @bottom-right { content: ${pageCounter(furnitureOf(frame).page)}; font: 8pt "Noto Sans", Arial, sans-serif; color: #555; vertical-align: top; } }
@media print {
  html { background: none; print-color-adjust: exact; -webkit-print-color-adjust: exact; }
  .sheet { max-width: none; margin: 0; padding: 0; box-shadow: none; }
  .doc { font-size: 10pt; }
  .doc .table { overflow: visible; }
  .doc a { color: inherit; }
  header.page-head, footer.page-foot { position: fixed; left: 0; right: 0; margin: 0; background: #fff; }
  header.page-head { top: 0; }
  footer.page-foot { bottom: 0; }
  .page-table { display: table; width: 100%; border-collapse: collapse; }
  .page-table > thead { display: table-header-group; }
  .page-table > tfoot { display: table-footer-group; }
  .page-table > tbody { display: table-row-group; }
  .page-table > tbody > tr { display: table-row; }
  .page-table > tbody > tr > td { display: table-cell; }
  .page-table > thead .spacer { height: 16mm; }
  .page-table > tfoot .spacer { height: 14mm; }
  .running span { white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
  .doc [data-footnote-backref] { display: none; }
  .doc .page-break { break-after: page; border: 0; margin: 0; }
  .doc .cover { padding-top: 35%; }
  h1, h2, h3, h4, h5, h6 { break-after: avoid-page; break-inside: avoid-page; }
  tr, blockquote, pre, li { break-inside: avoid-page; }
  .doc thead { display: table-header-group; }
  p { orphans: 3; widows: 3; }
}
`;

/**
 * A pocket card: on screen a card-sized sheet; in print an A6 (or 4 × 6 in) page, nothing under
 * 8 pt, the times large, a day to a side.
 */
const CARD_CSS = (frame: HtmlFrame) => `
.sheet { max-width: 105mm; padding: 1.2em 1.4em 1.6em; }
.doc h1 { font-size: 1.4em; }
.doc td:first-child { font-size: 1.45em; font-weight: 700; color: ${ACCENT}; white-space: nowrap; vertical-align: top; }
.doc th { font-size: .95em; }
@page { size: ${frame.paper === 'LETTER' ? '4in 6in' : '105mm 148mm'}; margin: 8mm 7mm;
  @bottom-right { content: ${pageCounter(furnitureOf(frame).page)}; font: 8pt "Noto Sans", Arial, sans-serif; color: #555; vertical-align: top; } }
@media print {
  .doc { font-size: 10pt; }
  .marking { font-size: 9pt; }
  .running { font-size: 8pt; }
  .page-table > thead .spacer { height: 9mm; }
  .page-table > tfoot .spacer { height: 12mm; }
}
`;

/**
 * A complete, self-contained HTML page for one document; `images` are the images its Markdown
 * shows and the frame's emblem, by ref, inlined as data: URIs.
 */
export function htmlDocument(markdown: string, frame: HtmlFrame, images?: PrintImages): string {
  const marking = frame.marking ? `<div class="marking">${escapeHtml(frame.marking.toUpperCase())}</div>` : '';
  const withImages = images !== undefined && Object.keys(images).length > 0;
  const emblem =
    frame.emblem && images?.[frame.emblem] ? imageTag(frame.emblem, images[frame.emblem]!, '', ' class="emblem"') : '';
  const words = furnitureOf(frame);
  const prepared = escapeHtml(words.prepared);
  const lang = frame.lang ?? DEFAULT_LANG;
  const body = markdownToHtml(
    markdown,
    { title: words.sources, backToCitation: words.backToCitation },
    withImages ? images : undefined,
  );
  const revision = frame.revision ? `<span class="revision">${escapeHtml(frame.revision)}</span>` : '';
  const changes = revision || body.includes(' class="changed"') ? CHANGE_CSS : '';
  return `<!DOCTYPE html>
<html lang="${escapeHtml(lang)}" dir="${frame.direction ?? 'ltr'}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="briefing">
<title>${escapeHtml(frame.title)}</title>
<style>${DOC_CSS}${PAGE_CSS(frame)}${withImages ? IMAGE_CSS : ''}${frame.sheet === 'card' ? CARD_CSS(frame) : ''}${changes}</style>
</head>
<body>
<div class="sheet">
<header class="page-head">${marking}<div class="running"><span>${escapeHtml(frame.title)}</span>${revision}${emblem}</div></header>
<table class="page-table" role="presentation">
<thead><tr><td><div class="spacer"></div></td></tr></thead>
<tfoot><tr><td><div class="spacer"></div></td></tr></tfoot>
<tbody><tr><td>
<main class="doc">
${body}</main>
</td></tr></tbody>
</table>
<footer class="page-foot"><div class="running"><span>${prepared}</span></div>${marking}</footer>
</div>
</body>
</html>
`;
}
