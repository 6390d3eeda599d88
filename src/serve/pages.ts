/** The preview's pages and styles: the list of visits, and a document's PDF beside its HTML. */
import { DOC_TITLES, type DocKind } from '../docs.js';
import { CHANGE_CSS, DOC_CSS } from '../html/document.js';
import { escapeHtml } from '../html/render.js';
import { DEFAULT_LANG, textDirection } from '../model/lang.js';
import { CJK_UNICODE_RANGE, FONT_FILES, type FontFamily } from '../typeset/fonts.js';
import { ACCENT, INK } from '../typeset/palette.js';

export interface VisitInfo {
  id: string;
  /** The visit's title, as its documents print it; its id until known. */
  title: string;
  docs: DocKind[];
  /** The documents' language (BCP 47), once known. */
  lang?: string;
}

/** What a page shows: the visits, the errors of the last builds, and a version that counts rebuilds. */
export interface PageState {
  version: number;
  ready: boolean;
  visits: ReadonlyMap<string, VisitInfo>;
  errors: readonly string[];
}

const outUrl = (id: string, doc: DocKind, ext: string) => `/out/${id}/${doc}.${ext}`;
const docUrl = (id: string, doc: DocKind) => `/v/${id}/${doc}`;

function banner(errors: readonly string[]): string {
  const items = errors.map((line) => `<li><code>${escapeHtml(line)}</code></li>`).join('');
  return `<div id="_banner" class="banner" role="alert"${errors.length ? '' : ' hidden'}>
<p><strong>The last edit did not build.</strong> The last good version stays on screen until these are fixed:</p>
<ul>${items}</ul>
</div>`;
}

function page(state: PageState, title: string, crumbs: string, tools: string, main: string): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<link rel="stylesheet" href="/assets/preview.css">
<script src="/assets/preview.js" defer></script>
</head>
<body data-version="${state.version}"${state.errors.length ? ' class="has-errors"' : ''}>
<header class="bar">
<a class="brand" href="/">briefing</a>
<nav class="crumbs" id="_crumbs" data-live>${crumbs}</nav>
<div class="tools">${tools}<span id="_status" class="status">connecting…</span></div>
</header>
${banner(state.errors)}
${main}
</body>
</html>
`;
}

export function listPage(state: PageState): string {
  const visits = [...state.visits.values()].sort((a, b) => a.id.localeCompare(b.id));
  const items = visits.map((v) => {
    const docs = v.docs
      .map(
        (doc) => `<li><a class="doc-link" href="${docUrl(v.id, doc)}">${DOC_TITLES[doc]}</a>
<span class="formats"><a href="${outUrl(v.id, doc, 'pdf')}">PDF</a> <a href="${outUrl(v.id, doc, 'html')}">HTML</a> <a href="${outUrl(v.id, doc, 'md')}">Markdown</a></span></li>`,
      )
      .join('\n');
    return `<li class="visit" data-visit="${v.id}">
<h2>${escapeHtml(v.title)}</h2>
<p class="id">${v.id}</p>
<ul class="docs">${docs}</ul>
</li>`;
  });
  const empty = state.ready
    ? '<p class="empty">No visit has been built yet: add a visit file, or fix the errors above.</p>'
    : '<p class="empty">Building…</p>';
  const main = `<main class="list" id="_list" data-live>
<h1>Visits</h1>
${items.length ? `<ul class="visits">${items.join('\n')}</ul>` : empty}
</main>`;
  return page(state, 'briefing preview', '<span>Visits</span>', '', main);
}

/** The attributes that set a document's language and direction, for one that is not English. */
function inLanguage(lang: string | undefined): string {
  return lang && lang !== DEFAULT_LANG ? ` lang="${escapeHtml(lang)}" dir="${textDirection(lang)}"` : '';
}

export function docPage(state: PageState, visit: VisitInfo, doc: DocKind, html: string, pdfVersion: string): string {
  const tabs = visit.docs
    .map((d) => `<a href="${docUrl(visit.id, d)}"${d === doc ? ' aria-current="page"' : ''}>${DOC_TITLES[d]}</a>`)
    .join('');
  const crumbs = `<a href="/">Visits</a><span class="sep">/</span><span class="visit-title" title="${escapeHtml(visit.title)}">${escapeHtml(visit.title)}</span><span class="tabs">${tabs}</span>`;
  // The version makes the frame load a new PDF only when the file changed; the fragment asks
  // the browser's viewer to fit the page's width and leave out its thumbnails.
  const pdf = `${outUrl(visit.id, doc, 'pdf')}?v=${encodeURIComponent(pdfVersion)}#view=FitH&navpanes=0`;
  const tools = `<button id="_print" type="button">Print</button><a class="button" href="${outUrl(visit.id, doc, 'pdf')}" target="_blank" rel="noopener">PDF</a><a class="button" href="${outUrl(visit.id, doc, 'html')}" target="_blank" rel="noopener">HTML</a>`;
  const main = `<main class="split">
<section class="pane pane-pdf" aria-label="PDF"><iframe id="_pdf" data-live src="${pdf}" title="${DOC_TITLES[doc]} (PDF)"></iframe></section>
<section class="pane pane-html" aria-label="Markdown as HTML"><article id="_doc" class="doc sheet" data-live${inLanguage(visit.lang)}>
${html}</article></section>
</main>`;
  return page(state, `${DOC_TITLES[doc]}: ${visit.title}`, crumbs, tools, main);
}

export function notFoundPage(state: PageState): string {
  return page(
    state,
    'Not found',
    '<span>Not found</span>',
    '',
    '<main class="list" id="_list" data-live><h1>Not found</h1><p><a href="/">Back to the visits</a></p></main>',
  );
}

type FontFace = { family: string; weight: number; style: string; path: string; range?: string };

/**
 * The other families' CSS names and the characters each is fetched for (the browser reads a
 * family only when a page has one of them, and takes from it only what it has).
 */
const PREVIEW_FAMILIES: Partial<Record<FontFamily, { name: string; range: string }>> = {
  KR: { name: 'Noto Sans KR', range: CJK_UNICODE_RANGE },
  JP: { name: 'Noto Sans JP', range: CJK_UNICODE_RANGE },
  SC: { name: 'Noto Sans SC', range: CJK_UNICODE_RANGE },
  TC: { name: 'Noto Sans TC', range: CJK_UNICODE_RANGE },
  Arabic: { name: 'Noto Sans Arabic', range: 'U+0600-06FF, U+0750-077F, U+08A0-08FF, U+FB50-FDFF, U+FE70-FEFF' },
  Hebrew: { name: 'Noto Sans Hebrew', range: 'U+0590-05FF, U+FB1D-FB4F' },
  Thai: { name: 'Noto Sans Thai', range: 'U+0E00-0E7F' },
  Devanagari: { name: 'Noto Sans Devanagari', range: 'U+0900-097F, U+A8E0-A8FF' },
  Malayalam: { name: 'Noto Sans Malayalam', range: 'U+0D00-0D7F' },
  Kannada: { name: 'Noto Sans Kannada', range: 'U+0C80-0CFF' },
  Symbols: { name: 'Noto Sans Symbols', range: 'U+2000-2BFF, U+1F000-1F0FF, U+1F100-1F1FF, U+1F650-1F67F' },
  Symbols2: { name: 'Noto Sans Symbols 2', range: 'U+2000-2BFF, U+1F000-1FBFF' },
  Math: { name: 'Noto Sans Math', range: 'U+2100-22FF, U+27C0-27EF, U+2980-2AFF, U+1D400-1D7FF' },
  Emoji: {
    name: 'Noto Emoji',
    range: 'U+0023, U+002A, U+0030-0039, U+00A9, U+00AE, U+200D, U+203C-3299, U+FE0F, U+1F000-1FAFF, U+E0020-E007F',
  },
};

/** The CSS font stack of text in any script: Noto Sans first, then the families above. */
export const PREVIEW_FONT_STACK = ['Noto Sans', ...Object.values(PREVIEW_FAMILIES).map((f) => f.name)]
  .map((name) => `"${name}"`)
  .join(', ');

function familyFaces(family: FontFamily, name: string, range: string): Record<string, FontFace> {
  const file = family.toLowerCase();
  const { normal, bold } = FONT_FILES[family];
  return {
    [`${file}-400.ttf`]: { family: name, weight: 400, style: 'normal', path: normal, range },
    ...(bold === normal
      ? {}
      : { [`${file}-700.ttf`]: { family: name, weight: 700, style: 'normal', path: bold, range } }),
  };
}

/** The preview's fonts: the PDF's own, so that every script shows wherever the browser lacks it. */
export const FONT_FACES: Record<string, FontFace> = {
  'sans-400.ttf': { family: 'Noto Sans', weight: 400, style: 'normal', path: FONT_FILES.Sans.normal },
  'sans-700.ttf': { family: 'Noto Sans', weight: 700, style: 'normal', path: FONT_FILES.Sans.bold },
  'sans-400-italic.ttf': { family: 'Noto Sans', weight: 400, style: 'italic', path: FONT_FILES.Sans.italics },
  'sans-700-italic.ttf': { family: 'Noto Sans', weight: 700, style: 'italic', path: FONT_FILES.Sans.bolditalics },
  ...Object.assign(
    {},
    ...Object.entries(PREVIEW_FAMILIES).map(([family, { name, range }]) =>
      familyFaces(family as FontFamily, name, range),
    ),
  ),
  'mono-400.ttf': { family: 'Noto Sans Mono', weight: 400, style: 'normal', path: FONT_FILES.Mono.normal },
};

const fontFaces = Object.entries(FONT_FACES)
  .map(
    ([file, f]) =>
      `@font-face { font-family: "${f.family}"; src: url("/assets/fonts/${file}") format("truetype"); font-weight: ${f.weight}; font-style: ${f.style}; font-display: swap;${f.range ? ` unicode-range: ${f.range};` : ''} }`,
  )
  .join('\n');

/** Han in the forms of its language: the language's CJK family first. */
const hanByLanguage = Object.entries({
  ja: 'JP',
  ko: 'KR',
  'zh-Hant': 'TC',
  'zh-TW': 'TC',
  'zh-HK': 'TC',
  'zh-MO': 'TC',
})
  .map(
    ([lang, family]) =>
      `.doc :lang(${lang}) { font-family: "Noto Sans", "${PREVIEW_FAMILIES[family as FontFamily]!.name}", ${PREVIEW_FONT_STACK}, sans-serif; }`,
  )
  .join('\n');

export const PREVIEW_CSS = `${fontFaces}
* { box-sizing: border-box; }
html, body { height: 100%; }
body { margin: 0; display: flex; flex-direction: column; font: 14px/1.45 "Noto Sans", "Segoe UI", Arial, sans-serif; color: ${INK}; background: #e8ebee; }
a { color: ${ACCENT}; }
.bar { flex: none; display: flex; align-items: center; gap: 1em; padding: .45em 1em; background: #17324f; color: #fff; min-height: 2.8em; }
.bar a { color: #fff; }
.brand { font-weight: 700; letter-spacing: .02em; text-decoration: none; }
.crumbs { flex: 1; min-width: 0; display: flex; align-items: center; gap: .5em; white-space: nowrap; }
.crumbs .sep { opacity: .6; }
.crumbs .visit-title { overflow: hidden; text-overflow: ellipsis; min-width: 4em; opacity: .9; }
.tabs { display: flex; gap: .25em; margin-left: .75em; }
.tabs a { padding: .2em .65em; border-radius: 3px; text-decoration: none; background: rgba(255, 255, 255, .1); }
.tabs a:hover { background: rgba(255, 255, 255, .2); }
.tabs a[aria-current] { background: #fff; color: #17324f; font-weight: 700; }
.tools { display: flex; align-items: center; gap: .5em; }
.tools button, .tools .button { font: inherit; padding: .2em .8em; border-radius: 3px; border: 1px solid rgba(255, 255, 255, .5); background: transparent; color: #fff; cursor: pointer; text-decoration: none; }
.tools #_print { background: #fff; color: #17324f; font-weight: 700; border-color: #fff; }
.status { font-size: .85em; padding: .1em .6em; border-radius: 1em; background: rgba(255, 255, 255, .15); }
.status.live::before { content: "● "; color: #6fdc8c; }
.status.down::before { content: "● "; color: #f0b44c; }
.banner { flex: none; background: #fdecea; border-bottom: 2px solid #c62828; color: #7f1d1d; padding: .6em 1em; }
.banner[hidden] { display: none; }
.banner p { margin: 0 0 .3em; }
.banner ul { margin: 0; padding-left: 1.2em; max-height: 9em; overflow-y: auto; }
.banner code { font: 13px/1.5 "Noto Sans Mono", ui-monospace, Menlo, Consolas, monospace; white-space: pre-wrap; }
.list { flex: 1; overflow-y: auto; width: 100%; max-width: 60em; margin: 0 auto; padding: 1.5em 1.5em 3em; }
.list h1 { font-size: 1.4em; margin: 0 0 .8em; }
.visits { list-style: none; margin: 0; padding: 0; display: grid; gap: 1em; }
.visit { background: #fff; border-radius: 4px; padding: 1em 1.25em; box-shadow: 0 1px 3px rgba(0, 0, 0, .12); }
.visit h2 { font-size: 1.1em; margin: 0; color: ${ACCENT}; }
.visit .id { margin: .1em 0 .6em; color: #666; font-size: .85em; font-family: "Noto Sans Mono", ui-monospace, monospace; }
.docs { list-style: none; margin: 0; padding: 0; }
.docs li { display: flex; align-items: baseline; gap: 1em; padding: .3em 0; border-top: 1px solid #eef0f2; }
.docs .doc-link { font-weight: 700; min-width: 9em; }
.formats { display: flex; gap: .8em; font-size: .85em; }
.empty { color: #555; }
.split { flex: 1; min-height: 0; display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); gap: 0; }
.pane { min-height: 0; min-width: 0; }
.pane-pdf { background: #525659; }
.pane-pdf iframe { display: block; width: 100%; height: 100%; border: 0; }
.pane-html { overflow-y: auto; padding: 1.25em; }
.sheet { max-width: 52em; margin: 0 auto; background: #fff; padding: 2em 2.5em; box-shadow: 0 1px 4px rgba(0, 0, 0, .15); }
@media (max-width: 900px) { .split { grid-template-columns: 1fr; grid-template-rows: 60vh auto; } }
@media print { .bar, .banner, .pane-pdf { display: none; } .split { display: block; } .sheet { box-shadow: none; padding: 0; } }
${DOC_CSS}${CHANGE_CSS}
.doc { font-family: ${PREVIEW_FONT_STACK}, sans-serif; }
${hanByLanguage}`;
