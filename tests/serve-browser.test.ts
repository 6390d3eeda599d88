/**
 * End to end, in a real browser: `briefing serve` on a copy of data/, driven in headless
 * Chromium (Debian's `chromium`, never a downloaded one). The page lists both sample visits,
 * opens a document, follows an edit, shows a broken edit's errors over the last good document,
 * and clears them once fixed. Chromium missing is a failure, not a skip: .ci/run installs it.
 *
 * BRIEFING_SCREENSHOTS=<dir> saves screenshots of the list, a document and the error banner.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { CLI, ROOT, runCli } from './helpers/cli.js';
import { readPdf } from './helpers/pdf.js';

const CHROMIUM = process.env.BRIEFING_CHROMIUM ?? '/usr/bin/chromium';
const SHOTS = process.env.BRIEFING_SCREENSHOTS;

let dir: string;
let visitFile: string;
let server: ChildProcess;
let serverLog = '';
let url: string;
let browser: Browser;
let page: Page;

/** Starts `briefing serve` on a free port and resolves with its URL. */
function startServer(): Promise<string> {
  server = spawn(process.execPath, [CLI, 'serve', 'data', '-o', 'out', '--port', '0'], {
    cwd: dir,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((found, failed) => {
    const timer = setTimeout(() => failed(new Error(`serve printed no URL:\n${serverLog}`)), 30_000);
    const read = (chunk: Buffer) => {
      serverLog += chunk.toString();
      const match = /preview at (http:\/\/\S+)/.exec(serverLog);
      if (match) {
        clearTimeout(timer);
        found(match[1]!);
      }
    };
    server.stdout!.on('data', read);
    server.stderr!.on('data', read);
    server.once('exit', (code) => failed(new Error(`serve exited (${code}):\n${serverLog}`)));
  });
}

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `Chromium not found at ${CHROMIUM}: install Debian's chromium package (.ci/run does), or set BRIEFING_CHROMIUM`,
    );
  }
  dir = mkdtempSync(join(tmpdir(), 'briefing-serve-'));
  cpSync(join(ROOT, 'data'), join(dir, 'data'), { recursive: true });
  visitFile = join(dir, 'data', 'stoltenberg-2017-seoul.yaml');
  if (SHOTS) mkdirSync(SHOTS, { recursive: true });
  [url, browser] = await Promise.all([
    startServer(),
    chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    }),
  ]);
  page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
});

afterAll(async () => {
  await browser?.close();
  if (server && server.exitCode === null) {
    const exited = new Promise((done) => server.once('exit', done));
    server.kill('SIGINT');
    await exited;
  }
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/**
 * Edits the visit file, at least 100 ms after the last edit: chokidar drops a change that comes
 * within 50 ms of the one before (its change throttle), which would lose the edit in watch mode.
 */
let lastEdit = 0;
const edit = async (from: string, to: string) => {
  const wait = lastEdit + 100 - Date.now();
  if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  const text = readFileSync(visitFile, 'utf8');
  expect(text).toContain(from);
  writeFileSync(visitFile, text.replace(from, to));
  lastEdit = Date.now();
};

const shot = async (name: string) => {
  if (SHOTS) await page.screenshot({ path: join(SHOTS, `${name}.png`) });
};

/**
 * Waits until Chromium's own PDF viewer in the page has loaded the document (for screenshots).
 * This reads the viewer's internals, which may change between Chromium versions: best effort.
 */
async function pdfViewerLoaded(): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    const viewer = page.frames().find((f) => f.url().startsWith('chrome-extension://'));
    const loaded = await viewer
      ?.evaluate(() => {
        const toolbar = document.querySelector('pdf-viewer')?.shadowRoot?.querySelector('#toolbar') as {
          loadProgress?: number;
          docLength?: number;
        } | null;
        return toolbar?.loadProgress === 100 && (toolbar.docLength ?? 0) > 0;
      })
      .catch(() => false);
    if (loaded) return;
    await page.waitForTimeout(50);
  }
}

it('lists the visits, shows a document, follows edits and shows and clears errors', async () => {
  expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
  await page.goto(url);
  const visits = page.locator('.visit h2');
  await expect
    .poll(() => visits.allTextContents())
    .toEqual([
      'Visit of NATO Secretary General Anders Fogh Rasmussen to the Republic of Korea',
      'Visit of NATO Secretary General Jens Stoltenberg to the Republic of Korea',
      '옌스 스톨텐베르그 나토 사무총장 방한',
    ]);
  await page.locator('#_status.live').waitFor();
  await shot('list');

  // A document: the PDF beside its Markdown as HTML.
  await page.locator('[data-visit="stoltenberg-2017-seoul"] a.doc-link', { hasText: 'Fact sheet' }).click();
  await page.waitForURL(/\/v\/stoltenberg-2017-seoul\/factsheet$/);
  const article = page.locator('article#_doc');
  await expect.poll(() => article.textContent()).toContain('Global Partner of NATO since');
  await expect
    .poll(() => page.locator('article#_doc h1').textContent())
    .toBe('Fact sheet: Visit of NATO Secretary General Jens Stoltenberg to the Republic of Korea');
  const pdfSrc = await page.locator('iframe#_pdf').getAttribute('src');
  expect(pdfSrc).toMatch(/^\/out\/stoltenberg-2017-seoul\/factsheet\.pdf\?v=/);
  const pdf = await page.request.get(new URL(pdfSrc!, url).href);
  expect(pdf.headers()['content-type']).toBe('application/pdf');
  expect((await pdf.body()).subarray(0, 5).toString()).toBe('%PDF-');
  await page.locator('#_status.live').waitFor();
  if (SHOTS) await pdfViewerLoaded();
  await shot('document');

  // Print prints the PDF in its frame (stubbed: a headless browser has no print dialog).
  await page.evaluate(() => {
    const frame = (document.getElementById('_pdf') as HTMLIFrameElement).contentWindow!;
    frame.print = () => {
      (window as unknown as { printed: boolean }).printed = true;
    };
  });
  await page.locator('#_print').click();
  expect(await page.evaluate(() => (window as unknown as { printed?: boolean }).printed)).toBe(true);

  // An edit shows without a reload (the page's own script swaps the document in).
  await page.evaluate(() => ((window as unknown as { sentinel: boolean }).sentinel = true));
  const edited = Date.now();
  await edit('value: "2006"', 'value: "2006, edited in the browser"');
  await expect.poll(() => article.textContent(), { timeout: 10_000 }).toContain('2006, edited in the browser');
  const seenAfter = Date.now() - edited;
  await expect.poll(() => page.locator('iframe#_pdf').getAttribute('src')).not.toBe(pdfSrc);
  expect(await page.evaluate(() => (window as unknown as { sentinel?: boolean }).sentinel)).toBe(true);
  expect(seenAfter).toBeLessThan(5_000);

  // A broken edit: the banner lists file:line:col errors; the last good document stays.
  const banner = page.locator('#_banner');
  expect(await banner.isHidden()).toBe(true);
  await edit('  start: 2017-10-31', '  start: 2017-13-31');
  await banner.waitFor({ state: 'visible', timeout: 10_000 });
  await expect
    .poll(() => banner.locator('li').allTextContents())
    .toEqual([expect.stringMatching(/^data\/stoltenberg-2017-seoul\.yaml:19:10: .+/)]);
  expect(await article.textContent()).toContain('2006, edited in the browser');
  if (SHOTS) await pdfViewerLoaded();
  await shot('error-banner');

  // Fixed: the banner clears, the document is still there.
  await edit('  start: 2017-13-31', '  start: 2017-10-31');
  await banner.waitFor({ state: 'hidden', timeout: 10_000 });
  expect(await article.textContent()).toContain('2006, edited in the browser');

  // Back on the list, a broken file shows there too, and a reload keeps the banner.
  await edit('title: Visit of NATO', 'title: [Visit of NATO');
  await banner.waitFor({ state: 'visible', timeout: 10_000 });
  await page.goto(url);
  expect(await page.locator('#_banner').isVisible()).toBe(true);
  await expect.poll(() => page.locator('.visit').count()).toBe(3);
});

it('prints the standalone HTML with the marking and title on every page, and no live script or unsafe link', async () => {
  const out = join(dir, 'html-out');
  const built = runCli([
    'build',
    join(ROOT, 'data', 'stoltenberg-2017-seoul.yaml'),
    '-o',
    out,
    '-f',
    'html',
    '-d',
    'book',
  ]);
  expect(built.code).toBe(0);
  const printed = await browser.newPage();
  await printed.goto(`file://${join(out, 'stoltenberg-2017-seoul', 'book.html')}`);
  expect(await printed.locator('script, iframe, object, embed, img').count()).toBe(0);
  const hrefs = await printed.locator('a[href]').evaluateAll((links) => links.map((a) => a.getAttribute('href')!));
  expect(hrefs.filter((h) => !/^(https?:|mailto:|#)/.test(h))).toEqual([]);
  if (SHOTS) await printed.screenshot({ path: join(SHOTS, 'html-output.png') });

  const pdf = await printed.pdf({ preferCSSPageSize: true });
  if (SHOTS) writeFileSync(join(SHOTS, 'html-output-printed.pdf'), pdf);
  const { pages } = await readPdf(new Uint8Array(pdf));
  expect(pages.length).toBeGreaterThan(2);
  for (const [i, text] of pages.entries()) {
    expect(text.split('UNCLASSIFIED').length - 1, `page ${i + 1}`).toBeGreaterThanOrEqual(2);
    expect(text, `page ${i + 1}`).toContain('Briefing book: Visit of NATO Secretary General Jens Stoltenberg');
    expect(text, `page ${i + 1}`).toContain(`page ${i + 1} of ${pages.length}`);
  }
  await printed.close();
});
