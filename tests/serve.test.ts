/**
 * `briefing serve`, without a browser: it serves its pages, its assets and the output files,
 * and nothing else — no path traversal in any spelling, no symbolic link out of the output
 * folder, no directory listing, no hidden files; loopback only, and requests addressed to
 * another host name are refused. The CLI exits 0 on Ctrl-C and 2 on a taken port.
 */
import { spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Preview, startPreview } from '../src/serve/server.js';
import { CLI, ROOT, runCli } from './helpers/cli.js';

let dir: string;
let out: string;
let preview: Preview;
let port: number;

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A request with the path sent exactly as written (no URL normalization on the way). */
function get(path: string, options: { method?: string; host?: string; port?: number } = {}): Promise<Reply> {
  const to = options.port ?? port;
  return new Promise((done, failed) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: to,
        path,
        method: options.method ?? 'GET',
        headers: { host: options.host ?? `127.0.0.1:${to}` },
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => done({ status: res.statusCode!, headers: res.headers, body }));
      },
    );
    req.on('error', failed);
    req.end();
  });
}

const SECRET = 'top-secret-outside-the-output-folder';

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'briefing-serve-'));
  const data = join(dir, 'data');
  out = join(dir, 'out');
  mkdirSync(data);
  copyFileSync(join(ROOT, 'tests/fixtures/unseen-visit.yaml'), join(data, 'unseen-visit.yaml'));
  writeFileSync(join(dir, 'secret.md'), SECRET);
  mkdirSync(join(dir, 'elsewhere'));
  writeFileSync(join(dir, 'elsewhere', 'factsheet.md'), SECRET);
  preview = await startPreview([data], { out, docs: ['factsheet'], host: '127.0.0.1', port: 0, debounceMs: 20 });
  port = Number(new URL(preview.url).port);
  // Symbolic links inside the output folder that lead out of it.
  mkdirSync(join(out, 'evil-visit'));
  symlinkSync(join(dir, 'secret.md'), join(out, 'evil-visit', 'factsheet.md'));
  symlinkSync(join(dir, 'elsewhere'), join(out, 'linked-visit'));
});

afterAll(async () => {
  await preview?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('what is served', () => {
  it('listens on loopback by default', () => {
    expect(preview.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
  });

  it('the list page, with a strict content security policy', async () => {
    const page = await get('/');
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    expect(page.body).toContain('Visit of Minister Ana &lt;Silva&gt; &amp; *Friends* to Busan');
    expect(page.body).toContain('href="/v/unseen-visit/factsheet"');
  });

  it('a document view: the PDF beside its Markdown as HTML', async () => {
    const page = await get('/v/unseen-visit/factsheet');
    expect(page.status).toBe(200);
    expect(page.body).toMatch(/<iframe id="_pdf" data-live src="\/out\/unseen-visit\/factsheet\.pdf\?v=[^"]+"/);
    expect(page.body).toContain(
      '<h1 id="fact-sheet-visit-of-minister-ana-silva--friends-to-busan">Fact sheet: Visit of Minister Ana &lt;Silva&gt; &amp; *Friends* to Busan</h1>',
    );
    expect(page.body).toContain('<button id="_print" type="button">Print</button>');
    expect((await get('/v/unseen-visit/book')).status).toBe(404);
    expect((await get('/v/nobody/factsheet')).status).toBe(404);
  });

  it('the outputs, the script, the stylesheet, the fonts and the event stream', async () => {
    const pdf = await get('/out/unseen-visit/factsheet.pdf');
    expect([pdf.status, pdf.headers['content-type'], pdf.body.slice(0, 5)]).toEqual([200, 'application/pdf', '%PDF-']);
    const md = await get('/out/unseen-visit/factsheet.md');
    expect([md.status, md.headers['content-type']]).toEqual([200, 'text/plain; charset=utf-8']);
    expect(md.body).toBe(readFileSync(join(out, 'unseen-visit', 'factsheet.md'), 'utf8'));
    const html = await get('/out/unseen-visit/factsheet.html');
    expect(html.status).toBe(200);
    expect(html.headers['content-security-policy']).toContain('sandbox');
    expect((await get('/assets/preview.js')).headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect((await get('/assets/preview.css')).body).toContain('@font-face');
    expect((await get('/assets/fonts/kr-400.ttf')).status).toBe(200);
    const head = await get('/out/unseen-visit/factsheet.pdf', { method: 'HEAD' });
    expect([head.status, head.body]).toEqual([200, '']);
  });

  it('the event stream starts with the current state', async () => {
    expect(await streamState(port)).toEqual({ version: 1, errors: [] });
  });
});

/** The first state the event stream sends. */
function streamState(to: number): Promise<{ version: number; errors: string[] }> {
  return new Promise((done, failed) => {
    const req = request({ host: '127.0.0.1', port: to, path: '/events' }, (res) => {
      expect(res.headers['content-type']).toBe('text/event-stream; charset=utf-8');
      res.setEncoding('utf8');
      let text = '';
      res.on('data', (chunk: string) => {
        text += chunk;
        if (text.includes('\n\nevent: state\ndata: ') && text.endsWith('\n\n')) {
          req.destroy();
          done(JSON.parse(/data: (.*)/.exec(text)![1]!));
        }
      });
    });
    req.on('error', failed);
    req.end();
  });
}

/**
 * Writes a watched file, at least 100 ms after the last write to it: chokidar reports no change
 * within 50 ms of the one before (its change throttle), and watch mode folds such a quick save
 * into one rebuild, so a faster edit would not get a rebuild (and event) of its own.
 */
const lastWrite = new Map<string, number>();
async function editFile(path: string, text: string): Promise<void> {
  const wait = (lastWrite.get(path) ?? 0) + 100 - Date.now();
  if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  writeFileSync(path, text);
  lastWrite.set(path, Date.now());
}

/** Polls until `found` holds, or fails after `ms`. */
async function waitFor(found: () => boolean, ms = 20_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!found()) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('templates', () => {
  it("rebuild on a template edit, and a broken template's errors show until it is fixed", async () => {
    const templates = join(dir, 'templates');
    mkdirSync(templates);
    const template = join(templates, 'factsheet.hbs');
    await editFile(template, '# Custom – {{title}}\n\nCustom one.\n');
    let events = 0;
    const other = await startPreview(
      [join(dir, 'data')],
      { out: join(dir, 'out-templates'), docs: ['factsheet'], templates, host: '127.0.0.1', port: 0, debounceMs: 20 },
      () => events++,
    );
    try {
      const to = Number(new URL(other.url).port);
      expect((await get('/v/unseen-visit/factsheet', { port: to })).body).toContain('Custom one.');
      // The list names the visit by its title, whatever the template's heading says.
      const list = (await get('/', { port: to })).body;
      expect(list).toContain('Visit of Minister Ana &lt;Silva&gt; &amp; *Friends* to Busan');
      expect(list).not.toContain('Custom –');

      await editFile(template, '# {{title}\n\nBroken.\n');
      await waitFor(() => events === 2);
      const broken = await streamState(to);
      expect(broken.errors).toHaveLength(1);
      expect(broken.errors[0]).toMatch(/templates\/factsheet\.hbs:1:\d+: /);
      const page = await get('/v/unseen-visit/factsheet', { port: to });
      expect(page.body).toContain('<div id="_banner" class="banner" role="alert">');
      expect(page.body).toContain('Custom one.');

      await editFile(template, '# {{title}}\n\nCustom two.\n');
      await waitFor(() => events === 3);
      expect(await streamState(to)).toEqual({ version: broken.version + 1, errors: [] });
      expect((await get('/v/unseen-visit/factsheet', { port: to })).body).toContain('Custom two.');
    } finally {
      await other.close();
    }
  });
});

describe('deleted visit files', () => {
  it('leave the list, and take their errors out of the banner; their outputs stay', async () => {
    const data = join(dir, 'data-deleted');
    mkdirSync(data);
    const kept = join(data, 'kept-visit.yaml');
    const dropped = join(data, 'dropped-visit.yaml');
    const broken = join(data, 'broken-visit.yaml');
    copyFileSync(join(ROOT, 'tests/fixtures/unseen-visit.yaml'), kept);
    copyFileSync(join(ROOT, 'tests/fixtures/unseen-visit.yaml'), dropped);
    writeFileSync(broken, 'visit: [\n');
    const outDeleted = join(dir, 'out-deleted');
    let events = 0;
    const other = await startPreview(
      [data],
      { out: outDeleted, docs: ['factsheet'], host: '127.0.0.1', port: 0, debounceMs: 20 },
      () => events++,
    );
    try {
      const to = Number(new URL(other.url).port);
      const first = await streamState(to);
      expect(first.errors.join('\n')).toMatch(/broken-visit\.yaml:/);
      expect((await get('/', { port: to })).body).toContain('href="/v/dropped-visit/factsheet"');

      rmSync(dropped);
      await waitFor(() => events >= 2);
      rmSync(broken);
      await waitFor(() => events >= 3);
      const list = (await get('/', { port: to })).body;
      expect(list).not.toContain('dropped-visit');
      expect(list).toContain('href="/v/kept-visit/factsheet"');
      expect((await get('/v/dropped-visit/factsheet', { port: to })).status).toBe(404);
      expect(await streamState(to)).toEqual({ version: first.version + 1, errors: [] });
      expect(readFileSync(join(outDeleted, 'dropped-visit', 'factsheet.md'), 'utf8')).toContain('Busan');
    } finally {
      await other.close();
    }
  });
});

describe('nothing else is served', () => {
  const traversals = [
    '/out/../data/unseen-visit.yaml',
    '/out/../../secret.md',
    '/out/..%2f..%2fsecret.md',
    '/out/%2e%2e/%2e%2e/secret.md',
    '/out/%2E%2E%2F%2E%2E%2Fsecret.md',
    '/out/unseen-visit/..%2f..%2fsecret.md',
    '/out/unseen-visit/%2e%2e/%2e%2e/secret.md',
    '/out/%252e%252e/secret.md',
    '/out/unseen-visit%5c..%5c..%5csecret.md',
    '/out/unseen-visit\\..\\..\\secret.md',
    '/out/%2ftmp%2fsecret.md',
    '/out//etc/passwd',
    '/out/%2Fetc%2Fpasswd',
    '//etc/passwd',
    '/%2e%2e/%2e%2e/etc/passwd',
    '/out/unseen-visit/factsheet.md%00.pdf',
    '/out/unseen-visit/factsheet%00.md',
    '/out/unseen-visit/factsheet.md%',
    '/assets/../package.json',
    '/assets/fonts/../../package.json',
    '/assets/fonts/%2e%2e%2f%2e%2e%2fpackage.json',
    '/v/../../secret.md',
    '/v/%2e%2e/secret.md',
    '/package.json',
    '/src/cli.ts',
    '/data/unseen-visit.yaml',
    '/out/evil-visit/factsheet.md',
    '/out/linked-visit/factsheet.md',
  ];

  it.each(traversals)('%s is not found', async (path) => {
    const reply = await get(path);
    expect(reply.status).toBe(404);
    expect(reply.body).not.toContain(SECRET);
    expect(reply.body).not.toContain('root:');
    expect(reply.body).not.toContain('"name": "briefing"');
  });

  it.each([
    '/out/',
    '/out',
    '/out/unseen-visit/',
    '/out/unseen-visit',
    '/out/.briefing-cache.json',
    '/out/unseen-visit/.factsheet.md.1.tmp',
    '/out/unseen-visit/factsheet.MD',
    '/out/unseen-visit/factsheet.yaml',
    '/assets/',
    '/assets/fonts/',
  ])('%s: no listings, hidden or other files', async (path) => {
    const reply = await get(path);
    expect(reply.status).toBe(404);
    expect(reply.body).not.toContain('factsheet.pdf');
    expect(reply.body).not.toContain('"entries"');
  });

  it('refuses requests for another host name (DNS rebinding) and other methods', async () => {
    expect((await get('/', { host: `attacker.example:${port}` })).status).toBe(421);
    expect((await get('/out/unseen-visit/factsheet.md', { host: 'attacker.example' })).status).toBe(421);
    expect((await get('/', { host: `localhost:${port}` })).status).toBe(200);
    const post = await get('/', { method: 'POST' });
    expect([post.status, post.headers.allow]).toEqual([405, 'GET, HEAD']);
  });
});

describe('the serve command', () => {
  it('exits 0 on Ctrl-C', async () => {
    const tmp = mkdtempSync(join(tmpdir(), 'briefing-serve-cli-'));
    try {
      mkdirSync(join(tmp, 'data'));
      copyFileSync(join(ROOT, 'tests/fixtures/unseen-visit.yaml'), join(tmp, 'data', 'unseen-visit.yaml'));
      const child = spawn(process.execPath, [CLI, 'serve', '--port', '0', '-q', '-d', 'factsheet', '-o', 'out'], {
        cwd: tmp,
      });
      let stdout = '';
      const exit = new Promise<number | null>((done) => child.once('exit', done));
      await new Promise<void>((ready) =>
        child.stdout.on('data', (chunk: Buffer) => {
          stdout += chunk;
          if (stdout.includes('preview at')) ready();
        }),
      );
      expect(stdout).toMatch(/^preview at http:\/\/127\.0\.0\.1:\d+\/ \(Ctrl-C to stop\)\n$/);
      child.kill('SIGINT');
      expect(await exit).toBe(0);
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });

  it('reports a taken port, a bad port and a missing path as usage errors (exit 2)', async () => {
    const taken = createServer();
    await new Promise<void>((ready) => taken.listen(0, '127.0.0.1', ready));
    try {
      const takenPort = (taken.address() as { port: number }).port;
      const busy = runCli(['serve', 'data', '--port', String(takenPort), '-o', join(dir, 'busy')]);
      expect([busy.code, busy.stderr]).toEqual([
        2,
        `briefing: port ${takenPort} is already in use; choose another with --port (0 picks a free one)\n`,
      ]);
    } finally {
      taken.close();
    }
    expect(runCli(['serve', '--port', 'eighty']).code).toBe(2);
    expect(runCli(['serve', '--port', '70000']).code).toBe(2);
    const missing = runCli(['serve', join(dir, 'no-such-folder')]);
    expect(missing.code).toBe(2);
  });
});
