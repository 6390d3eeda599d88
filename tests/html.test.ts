/**
 * HTML output (`-f html`): the shared Markdown-to-HTML stage shows raw HTML as text and keeps
 * only web and mail links live; the build writes standalone files through the cache and
 * reports them in --json; the default formats stay pdf and md.
 */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { htmlDocument } from '../src/html/document.js';
import { escapeHtml, inlineText, markdownToHtml } from '../src/html/render.js';
import { ROOT, runCli } from './helpers/cli.js';

describe('markdownToHtml', () => {
  it('renders Markdown, and prints raw HTML as text, never as markup', () => {
    const html = markdownToHtml(
      'Raw <b>bold</b> & <script>alert(1)</script> *stays*\n\n<div onclick="x()">block</div>\n\n<img src=x onerror=alert(1)>\n',
    );
    expect(html).toContain('<em>stays</em>');
    expect(html).toContain('Raw &lt;b&gt;bold&lt;/b&gt; &amp; &lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('&lt;div onclick=&quot;x()&quot;&gt;block&lt;/div&gt;');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).not.toMatch(/<(script|div|img|b)[\s>]/);
  });

  it('keeps only http(s) and mailto links live, and shows images as text', () => {
    const html = markdownToHtml(
      '[web](https://example.org/a?b=1&c="2") [js](javascript:alert(1)) [JS](JaVaScRiPt:alert(1)) [disk](file:///etc/passwd) [mail](mailto:desk@example.org) [data](data:text/html,<script>x</script>) <https://example.org/auto> ![pic](https://example.org/p.png "t")',
    );
    const hrefs = [...html.matchAll(/href="([^"]*)"/g)].map((m) => m[1]);
    expect(hrefs).toEqual([
      'https://example.org/a?b=1&amp;c=&quot;2&quot;',
      'mailto:desk@example.org',
      'https://example.org/auto',
    ]);
    expect(html).toContain('js JS disk');
    expect(html).toContain('[pic]');
    expect(html).not.toContain('<img');
  });

  it('lists the sources (footnotes) at the end, and keeps no state between documents', () => {
    const doc = 'A fact.[^s]\n\n[^s]: *A report*, 2024.\n';
    const first = markdownToHtml(doc);
    expect(first).toMatch(/<section class="footnotes"[^>]*>\s*<h2[^>]*>Sources<\/h2>/);
    expect(first).toContain('<em>A report</em>, 2024.');
    expect(markdownToHtml(doc)).toBe(first);
    expect(markdownToHtml('No notes.')).not.toContain('footnotes');
  });

  it("obeys the templates' layout directives, gives headings GitHub's anchors, and keeps in-document links live", () => {
    const html = markdownToHtml(
      '<!-- cover -->\n# Visit\n\n<!-- /cover -->\n\n<!-- pagebreak -->\n<!-- toc -->\n## Contents\n\n1. [Fact sheet](#fact-sheet)\n<!-- /toc -->\n\n# Fact sheet\n\n## Fact sheet\n\n<!-- not a directive -->\n\n<!-- /toc -->\n<!-- toc -->\nOpen.\n',
    );
    expect(html).toContain('<div class="cover">\n<h1 id="visit">Visit</h1>\n</div>');
    expect(html).toContain('<div class="page-break" aria-hidden="true"></div>');
    expect(html).toContain('<nav class="toc">\n<h2 id="contents">Contents</h2>');
    expect(html).toContain('<a href="#fact-sheet">Fact sheet</a>');
    expect(html).toContain('<h1 id="fact-sheet">Fact sheet</h1>');
    expect(html).toContain('<h2 id="fact-sheet-1">Fact sheet</h2>');
    expect(html).toContain('<p class="raw">&lt;!-- not a directive --&gt;</p>');
    // A stray closing directive is dropped; one left open is closed at the end.
    expect(html.match(/<nav/g)).toHaveLength(2);
    expect(html.match(/<\/nav>/g)).toHaveLength(2);
    expect(html.trimEnd().endsWith('<p>Open.</p>\n</nav>')).toBe(true);
  });

  it('reads inline Markdown back as the text a reader sees', () => {
    expect(
      inlineText('Visit of Ana \\<Silva\\> & \\*Friends\\* to *Busan* [port](https://x.org) `a*b` A &amp; B'),
    ).toBe('Visit of Ana <Silva> & *Friends* to Busan port a*b A & B');
  });

  it('escapes what it puts in text and attributes', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  });
});

describe('htmlDocument', () => {
  const page = htmlDocument('# Title <x>\n\nText.\n', {
    title: 'Fact sheet: A & <B>',
    marking: 'Restricted <eyes>',
    prepared: '2 May 2024',
    paper: 'LETTER',
  });

  it('is standalone: inline styles, no script, nothing loaded from elsewhere', () => {
    expect(page.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(page).toContain('<meta charset="utf-8">');
    expect(page).toMatch(/<style>[\s\S]*<\/style>/);
    expect(page).not.toMatch(/<script|<link|<img|@import|url\(/i);
  });

  it('prints the marking at the top and bottom of every page, with sensible page breaks', () => {
    expect(page).toContain('<title>Fact sheet: A &amp; &lt;B&gt;</title>');
    expect(page.split('<div class="marking">RESTRICTED &lt;EYES&gt;</div>')).toHaveLength(3);
    expect(page).toContain('Prepared 2 May 2024');
    const print = page.slice(page.indexOf('@media print'));
    expect(print).toMatch(/header\.page-head, footer\.page-foot \{ position: fixed;/);
    expect(print).toMatch(/tr, blockquote, pre, li \{ break-inside: avoid-page; \}/);
    expect(print).toMatch(/h1, h2, h3, h4, h5, h6 \{ break-after: avoid-page;/);
    expect(page).toContain('size: letter');
  });
});

describe('briefing build -f html', () => {
  let dir: string;
  let data: string;
  const out = () => join(dir, 'out');

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'briefing-html-'));
    data = join(dir, 'data');
    mkdirSync(data);
    copyFileSync(join(ROOT, 'tests/fixtures/unseen-visit.yaml'), join(data, 'unseen-visit.yaml'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes one standalone HTML file per document, listed in --json, and skips it when unchanged', () => {
    const first = runCli(['build', data, '-o', out(), '-f', 'html', '--json']);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    const outputs = JSON.parse(first.stdout).outputs as {
      doc: string;
      format: string;
      path: string;
      skipped: boolean;
    }[];
    expect(outputs.map((o) => `${o.doc}.${o.format}:${o.skipped}`)).toEqual([
      'factsheet.html:false',
      'chronology.html:false',
      'talking-points.html:false',
    ]);
    expect(readdirSync(join(out(), 'unseen-visit')).sort()).toEqual([
      'chronology.html',
      'factsheet.html',
      'talking-points.html',
    ]);

    const html = readFileSync(join(out(), 'unseen-visit', 'factsheet.html'), 'utf8');
    expect(html).toContain('<div class="marking">RESTRICTED</div>');
    expect(html).toContain('Visit of Minister Ana &lt;Silva&gt; &amp; *Friends* to Busan');
    expect(html).toContain('아나 실바');
    expect(html).toContain('<a href="https://example.org/port" rel="noopener noreferrer">Busan port</a>');
    expect(html).not.toMatch(/<script|<Silva>|\\</);

    const again = runCli(['build', data, '-o', out(), '-f', 'html', '--json']);
    expect(JSON.parse(again.stdout).outputs.map((o: { skipped: boolean }) => o.skipped)).toEqual([true, true, true]);
  });

  it('sits beside pdf and md, and the default stays pdf and md', () => {
    const all = runCli(['build', data, '-o', out(), '-f', 'pdf,md,html', '-d', 'factsheet', '--json']);
    expect(all.code).toBe(0);
    expect(
      JSON.parse(all.stdout)
        .outputs.map((o: { format: string }) => o.format)
        .sort(),
    ).toEqual(['html', 'md', 'pdf']);

    const plain = join(dir, 'plain');
    expect(runCli(['build', data, '-o', plain, '-d', 'factsheet']).code).toBe(0);
    expect(readdirSync(join(plain, 'unseen-visit')).sort()).toEqual(['factsheet.md', 'factsheet.pdf']);
    expect(existsSync(join(plain, 'unseen-visit', 'factsheet.html'))).toBe(false);
  });

  it('rejects an unknown format as a usage error', () => {
    const result = runCli(['build', data, '-o', out(), '-f', 'html,docx']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('expected a comma list of: pdf, md, html');
  });
});
