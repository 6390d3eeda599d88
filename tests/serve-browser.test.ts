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
import { CLI, ROOT } from './helpers/cli.js';

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
  server = spawn(process.execPath, [CLI, 'serve', 'data', '-o', 'out', '--port', '0'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
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
    throw new Error(`Chromium not found at ${CHROMIUM}: install Debian's chromium package (.ci/run does), or set BRIEFING_CHROMIUM`);
  }
  dir = mkdtempSync(join(tmpdir(), 'briefing-serve-'));
  cpSync(join(ROOT, 'data'), join(dir, 'data'), { recursive: true });
  visitFile = join(dir, 'data', 'stoltenberg-2017-seoul.yaml');
  if (SHOTS) mkdirSync(SHOTS, { recursive: true });
  [url, browser] = await Promise.all([
    startServer(),
    chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
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

const edit = (from: string, to: string) => {
  const text = readFileSync(visitFile, 'utf8');
  expect(text).toContain(from);
  writeFileSync(visitFile, text.replace(from, to));
};

const shot = async (name: string) => {
  if (SHOTS) await page.screenshot({ path: join(SHOTS, `${name}.png`) });
};

it('lists the visits, shows a document, follows edits and shows and clears errors', async () => {
  expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
  await page.goto(url);
  const visits = page.locator('.visit h2');
  await expect.poll(() => visits.allTextContents()).toEqual([
    'Visit of NATO Secretary General Anders Fogh Rasmussen to the Republic of Korea',
    'Visit of NATO Secretary General Jens Stoltenberg to the Republic of Korea',
  ]);
  await page.locator('#status.live').waitFor();
  await shot('list');

  // A document: the PDF beside its Markdown as HTML.
  await page.locator('[data-visit="stoltenberg-2017-seoul"] a.doc-link', { hasText: 'Fact sheet' }).click();
  await page.waitForURL(/\/v\/stoltenberg-2017-seoul\/factsheet$/);
  const article = page.locator('article#doc');
  await expect.poll(() => article.textContent()).toContain('Global Partner of NATO since');
  await expect.poll(() => page.locator('article#doc h1').textContent()).toBe('Fact sheet: Visit of NATO Secretary General Jens Stoltenberg to the Republic of Korea');
  const pdfSrc = await page.locator('iframe#pdf').getAttribute('src');
  expect(pdfSrc).toMatch(/^\/out\/stoltenberg-2017-seoul\/factsheet\.pdf\?v=/);
  const pdf = await page.request.get(new URL(pdfSrc!, url).href);
  expect(pdf.headers()['content-type']).toBe('application/pdf');
  expect((await pdf.body()).subarray(0, 5).toString()).toBe('%PDF-');
  expect(await page.locator('#print').isVisible()).toBe(true);
  await page.locator('#status.live').waitFor();
  await shot('document');

  // An edit shows without a reload (the page's own script swaps the document in).
  await page.evaluate(() => ((window as unknown as { sentinel: boolean }).sentinel = true));
  const edited = Date.now();
  edit('value: "2006"', 'value: "2006, edited in the browser"');
  await expect.poll(() => article.textContent(), { timeout: 10_000 }).toContain('2006, edited in the browser');
  const seenAfter = Date.now() - edited;
  await expect.poll(() => page.locator('iframe#pdf').getAttribute('src')).not.toBe(pdfSrc);
  expect(await page.evaluate(() => (window as unknown as { sentinel?: boolean }).sentinel)).toBe(true);
  expect(seenAfter).toBeLessThan(5_000);

  // A broken edit: the banner lists file:line:col errors; the last good document stays.
  const banner = page.locator('#banner');
  expect(await banner.isHidden()).toBe(true);
  edit('  start: 2017-10-31', '  start: 2017-13-31');
  await banner.waitFor({ state: 'visible', timeout: 10_000 });
  await expect.poll(() => banner.locator('li').allTextContents()).toEqual([expect.stringMatching(/^data\/stoltenberg-2017-seoul\.yaml:18:10: .+/)]);
  expect(await article.textContent()).toContain('2006, edited in the browser');
  await shot('error-banner');

  // Fixed: the banner clears, the document is still there.
  edit('  start: 2017-13-31', '  start: 2017-10-31');
  await banner.waitFor({ state: 'hidden', timeout: 10_000 });
  expect(await article.textContent()).toContain('2006, edited in the browser');

  // Back on the list, a broken file shows there too, and a reload keeps the banner.
  edit('title: Visit of NATO', 'title: [Visit of NATO');
  await banner.waitFor({ state: 'visible', timeout: 10_000 });
  await page.goto(url);
  expect(await page.locator('#banner').isVisible()).toBe(true);
  await expect.poll(() => page.locator('.visit').count()).toBe(2);
});
