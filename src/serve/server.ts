/**
 * `briefing serve`: builds through the watch path and serves a live preview. The server
 * answers only its own pages, its assets (a script, a stylesheet, the bundled fonts), a
 * Server-Sent Events stream, and output files (see files.ts); everything else is 404. It
 * listens on loopback unless told otherwise, and then also refuses requests addressed to
 * another host name (DNS rebinding).
 */
import { readFileSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { resolve } from 'node:path';
import { formatDiagnostic, usageError } from '../diagnostics.js';
import { DOC_KINDS, FORMATS, type Format } from '../docs.js';
import { markdownToHtml, type NotesWords } from '../html/render.js';
import { isVisitId } from '../model/visit-id.js';
import type { WatchEvent, WatchOptions } from '../watch.js';
import { CLIENT_JS } from './client.js';
import { resolveOutput } from './files.js';
import { docPage, FONT_FACES, listPage, notFoundPage, type PageState, PREVIEW_CSS, type VisitInfo } from './pages.js';

export interface ServeOptions extends Omit<WatchOptions, 'formats'> {
  host: string;
  port: number;
}

export interface Preview {
  url: string;
  close(): Promise<void>;
}

/** Host names that reach only this machine: the preview is exposed on any other. */
export const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

const PAGE_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; font-src 'self'; img-src 'self' data:; connect-src 'self'; frame-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
/** An output HTML file, opened from the preview: its own inline styles, nothing else, no script. */
const OUTPUT_HTML_CSP =
  "default-src 'none'; style-src 'unsafe-inline'; img-src data:; sandbox allow-modals allow-popups";

const CONTENT_TYPES: Record<Format, string> = {
  pdf: 'application/pdf',
  md: 'text/plain; charset=utf-8',
  html: 'text/html; charset=utf-8',
};

/** What the server knows between builds. */
class LiveState implements PageState {
  version = 0;
  ready = false;
  readonly visits = new Map<string, VisitInfo>();
  /** The words each visit's HTML adds around its sources, in its language. */
  readonly notes = new Map<string, NotesWords>();
  /** Current errors by file: a file's entry is replaced whenever it is built again. */
  private readonly errorsByFile = new Map<string, string[]>();

  get errors(): string[] {
    return [...this.errorsByFile.values()].flat();
  }

  /** Takes in one build; true when a page should refresh (an output or the list changed). */
  update(event: WatchEvent, first: boolean): boolean {
    for (const file of event.changed) this.errorsByFile.delete(resolve(file));
    if (first) this.errorsByFile.clear();
    for (const d of event.diagnostics) {
      if (d.severity !== 'error') continue;
      const key = resolve(d.file);
      const list = this.errorsByFile.get(key) ?? [];
      if (!this.errorsByFile.has(key)) this.errorsByFile.set(key, list);
      list.push(formatDiagnostic(d));
    }
    let changed = first;
    for (const id of event.removed) changed = this.visits.delete(id) || changed;
    const byVisit = new Map<string, WatchEvent['outputs']>();
    for (const o of event.outputs) byVisit.set(o.visit, [...(byVisit.get(o.visit) ?? []), o]);
    for (const [id, outputs] of byVisit) {
      const docs = DOC_KINDS.filter((d) => outputs.some((o) => o.doc === d && o.format === 'md'));
      const title = event.titles[id] ?? this.visits.get(id)?.title ?? id;
      const old = this.visits.get(id);
      const words = event.languages?.[id];
      if (words?.notes) this.notes.set(id, words.notes);
      const lang = words?.lang ?? old?.lang;
      if (!old || old.title !== title || old.docs.join() !== docs.join() || old.lang !== lang) changed = true;
      this.visits.set(id, { id, title, docs, lang });
      if (outputs.some((o) => !o.skipped)) changed = true;
    }
    this.ready = true;
    if (changed) this.version++;
    return changed;
  }
}

function send(
  res: ServerResponse,
  status: number,
  type: string,
  body: string | Buffer,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, {
    'Content-Type': type,
    'Content-Length': String(Buffer.byteLength(body)),
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    ...headers,
  });
  res.end(res.req.method === 'HEAD' ? undefined : body);
}

const sendPage = (res: ServerResponse, status: number, html: string) =>
  send(res, status, 'text/html; charset=utf-8', html, {
    'Content-Security-Policy': PAGE_CSP,
    'X-Frame-Options': 'DENY',
  });

/** Why the server cannot listen where asked, said as a usage error when the address is the reason. */
function listenError(error: NodeJS.ErrnoException, { host, port }: ServeOptions): unknown {
  if (error.code === 'EADDRINUSE')
    return usageError(`port ${port} is already in use; choose another with --port (0 picks a free one)`);
  if (error.code === 'EADDRNOTAVAIL' || error.code === 'ENOTFOUND' || error.code === 'EAI_AGAIN')
    return usageError(`cannot listen on host "${host}"`);
  return error;
}

/** The Host header's name without the port, lower-cased; '' if absent. */
function hostName(req: IncomingMessage): string {
  const host = (req.headers.host ?? '').toLowerCase();
  return host.startsWith('[') ? host.slice(1, host.indexOf(']')) : host.replace(/:\d*$/, '');
}

/**
 * Starts the preview: the server first (so a taken port fails fast), then the first build.
 * Resolves once that build is done and the page shows it.
 */
export async function startPreview(
  paths: string[],
  options: ServeOptions,
  onEvent: (event: WatchEvent) => void = () => {},
): Promise<Preview> {
  const out = resolve(options.out);
  const state = new LiveState();
  const clients = new Set<ServerResponse>();
  const sockets = new Set<Socket>();
  const loopbackOnly = LOOPBACK.has(options.host);

  const message = () => `event: state\ndata: ${JSON.stringify({ version: state.version, errors: state.errors })}\n\n`;
  const broadcast = () => {
    const text = message();
    for (const client of clients) client.write(text);
  };

  function handle(req: IncomingMessage, res: ServerResponse): void {
    if (loopbackOnly && !LOOPBACK.has(hostName(req)))
      return send(res, 421, 'text/plain; charset=utf-8', 'Misdirected request\n');
    if (req.method !== 'GET' && req.method !== 'HEAD')
      return send(res, 405, 'text/plain; charset=utf-8', 'Method not allowed\n', { Allow: 'GET, HEAD' });
    const path = (req.url ?? '/').split('?')[0]!;
    if (path === '/') return sendPage(res, 200, listPage(state));
    if (path === '/events') return events(res);
    if (path === '/assets/preview.js') return send(res, 200, 'text/javascript; charset=utf-8', CLIENT_JS);
    if (path === '/assets/preview.css') return send(res, 200, 'text/css; charset=utf-8', PREVIEW_CSS);
    const font = /^\/assets\/fonts\/([a-z0-9-]+\.ttf)$/.exec(path)?.[1];
    if (font && Object.hasOwn(FONT_FACES, font)) {
      return send(res, 200, 'font/ttf', readFileSync(FONT_FACES[font]!.path), { 'Cache-Control': 'max-age=86400' });
    }
    const view = /^\/v\/([^/]+)\/([^/]+)$/.exec(path);
    if (view) return viewPage(res, view[1]!, view[2]!);
    if (path.startsWith('/out/')) {
      const file = resolveOutput(out, path.slice('/out/'.length));
      if (file) {
        const headers: Record<string, string> =
          file.format === 'html' ? { 'Content-Security-Policy': OUTPUT_HTML_CSP } : {};
        return send(res, 200, CONTENT_TYPES[file.format], readFileSync(file.path), headers);
      }
    }
    sendPage(res, 404, notFoundPage(state));
  }

  // Each open page fetches its document again after a rebuild: convert each Markdown once.
  const htmlByPath = new Map<string, { version: string; html: string }>();
  function documentHtml(path: string, notes: NotesWords | undefined): string {
    const { mtimeMs, size } = statSync(path);
    const version = `${mtimeMs}-${size}-${JSON.stringify(notes ?? null)}`;
    const known = htmlByPath.get(path);
    if (known?.version === version) return known.html;
    const html = markdownToHtml(readFileSync(path, 'utf8'), notes);
    htmlByPath.set(path, { version, html });
    return html;
  }

  function viewPage(res: ServerResponse, id: string, doc: string): void {
    const visit = isVisitId(id) ? state.visits.get(id) : undefined;
    const kind = visit?.docs.find((d) => d === doc);
    const md = kind && resolveOutput(out, `${id}/${kind}.md`);
    const pdf = kind && resolveOutput(out, `${id}/${kind}.pdf`);
    if (!visit || !kind || !md || !pdf) return sendPage(res, 404, notFoundPage(state));
    const html = documentHtml(md.path, state.notes.get(id));
    const stat = statSync(pdf.path);
    sendPage(res, 200, docPage(state, visit, kind, html, `${stat.mtimeMs.toFixed(0)}-${stat.size}`));
  }

  function events(res: ServerResponse): void {
    res.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
    });
    res.write(`retry: 500\n\n${message()}`);
    clients.add(res);
    res.on('close', () => clients.delete(res));
  }

  const server = createServer((req, res) => {
    try {
      handle(req, res);
    } catch (error) {
      if (!res.headersSent) send(res, 500, 'text/plain; charset=utf-8', 'Internal error\n');
      else res.destroy(error as Error);
    }
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((listening, failed) => {
    const refused = (error: NodeJS.ErrnoException) => failed(listenError(error, options));
    server.once('error', refused);
    server.listen(options.port, options.host, () => {
      server.off('error', refused);
      listening();
    });
  });
  const heartbeat = setInterval(() => {
    for (const client of clients) client.write(': ping\n\n');
  }, 15_000);

  let first = true;
  let watcher: { close(): Promise<void> } | undefined;
  const closeServer = async () => {
    clearInterval(heartbeat);
    for (const client of clients) client.end();
    await new Promise<void>((closed) => {
      server.close(() => closed());
      for (const socket of sockets) socket.destroy();
    });
  };
  try {
    const { watchBuild } = await import('../watch.js');
    // Every format: the PDF and Markdown the preview shows, and the standalone HTML it links.
    watcher = await watchBuild(paths, { ...options, formats: FORMATS }, (event) => {
      state.update(event, first);
      first = false;
      broadcast();
      onEvent(event);
    });
  } catch (error) {
    await closeServer();
    throw error;
  }

  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${host}:${address.port}/`,
    async close() {
      await watcher?.close();
      await closeServer();
    },
  };
}
