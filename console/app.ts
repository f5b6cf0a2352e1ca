import { Hono } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { browserOwnRequests, ICON_COLOURS } from '../core/browser-requests.ts';
import { clientScripts } from '../core/client-scripts.ts';
import { controlAnswer } from '../core/control.ts';
import { ControlError } from '../core/control-errors.ts';
import { localPath } from '../core/local-path.ts';
import { listen, type RunningServer } from '../core/serve.ts';
import { ConsoleAccess, isLoopbackHost, loopbackHostGuard, writeGuard } from './access.ts';
import { mergedJournal } from './journal.ts';
import { answerError, MockLink } from './mock-link.ts';
import { CONSOLE_SCRIPT, renderConsole, renderSignIn } from './page/shell.tsx';
import { exportSandbox, importSandbox, oneAtATime } from './state.ts';

export interface ConsoleOptions {
  /** base URL of mock-wechat, e.g. http://127.0.0.1:7701 */
  wechatUrl: string;
  /** base URL of mock-sms, e.g. http://127.0.0.1:7702 */
  smsUrl: string;
  /** the mocks' control token; the console sends it server-side and asks the browser for it once */
  controlToken?: string;
  /** the address the console is served on; on loopback (the default) only loopback Host names are answered */
  host?: string;
  /** how often the page re-reads the panel on screen, ms (default 1000) */
  pollMs?: number;
}

export interface WxmockConsole {
  app: Hono;
  links: { wechat: MockLink; sms: MockLink };
}

const JOURNAL_SOURCES = ['', 'all', 'wechat', 'sms'];

/**
 * The console: one page to watch and steer both mocks, and the small API behind it. It mounts
 * nothing into the mocks; it talks to their control APIs like any other client.
 */
export function createConsole(opts: ConsoleOptions): WxmockConsole {
  const wechat = new MockLink('wechat', opts.wechatUrl, opts.controlToken);
  const sms = new MockLink('sms', opts.smsUrl, opts.controlToken);
  const links = [wechat, sms];
  const access = new ConsoleAccess(opts.controlToken);
  // Exports and imports one at a time: an export never sees half an import, an import never another's.
  const stateTurn = oneAtATime();
  const app = new Hono();
  const noStore = { 'cache-control': 'no-store' };

  app.use('*', loopbackHostGuard(isLoopbackHost(opts.host ?? '127.0.0.1')));
  app.use('*', browserOwnRequests(ICON_COLOURS.console));
  // Code, not data: served before the sign-in, like the icon.
  app.use('*', clientScripts([CONSOLE_SCRIPT]));

  app.post('/sign-in', async (c) => {
    const form = await c.req.parseBody().catch(() => ({}) as Record<string, unknown>);
    const token = typeof form.token === 'string' ? form.token : undefined;
    if (access.signIn(c, token)) return c.redirect('/', 303);
    return c.html(renderSignIn(access.required), access.required ? 401 : 200, noStore);
  });

  app.use('*', async (c, next) => {
    if (access.signedIn(c)) return next();
    const isApi = c.req.path.startsWith('/api/');
    // `?token=` lets a printed URL sign in with one click; it is dropped from the address at once.
    const given = c.req.query('token');
    if (!isApi && c.req.method === 'GET' && given !== undefined && access.signIn(c, given)) {
      const url = new URL(c.req.url);
      url.searchParams.delete('token');
      return c.redirect(localPath(`${url.pathname}${url.search}`), 303);
    }
    if (isApi) throw new ControlError('unauthorized', 'sign in to the console with the control token first');
    return c.html(renderSignIn(given !== undefined), 401, noStore);
  });
  app.use('/api/*', writeGuard());

  app.get('/', (c) => c.html(renderConsole({ wechatUrl: wechat.baseUrl, smsUrl: sms.baseUrl, pollMs: opts.pollMs ?? 1000 }), 200, noStore));

  /** Where each mock is, whether it answers, and its clock. */
  app.get('/api/status', async (c) => {
    const mocks = await Promise.all(
      links.map(async (l) => {
        const a = await l.get<{ now: string; nowMs: number; offsetMs: number }>('/clock');
        const base = { name: l.name, label: l.label, url: l.baseUrl };
        return a.status === 200 ? { ...base, ok: true, ...a.body } : { ...base, ok: false, error: answerError(a).message };
      }),
    );
    return c.json({ mocks });
  });

  app.get('/api/journal', async (c) => {
    const q = c.req.query();
    if (!JOURNAL_SOURCES.includes(q.source ?? '')) throw new ControlError('bad_source', 'source must be all, wechat or sms');
    if (q.limit !== undefined && !/^\d+$/.test(q.limit)) throw new ControlError('bad_limit', 'limit must be a positive integer');
    const journal = await mergedJournal(
      links,
      { source: q.source, path: q.path, appid: q.appid, persona: q.persona, phone: q.phone, limit: q.limit ? Number(q.limit) : undefined },
      { headOnly: q.head === '1' },
    );
    return c.json(journal, 200, noStore);
  });

  app.get('/api/state', async (c) => {
    const doc = await stateTurn(() => exportSandbox(links));
    const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\..*$/, '').replace('T', '-');
    return c.body(`${JSON.stringify(doc, null, 2)}\n`, 200, {
      'content-type': 'application/json; charset=utf-8',
      'content-disposition': `attachment; filename="wxmock-state-${stamp}.json"`,
      ...noStore,
    });
  });

  app.put('/api/state', async (c) => {
    let doc: unknown;
    try {
      doc = JSON.parse(await c.req.text());
    } catch {
      throw new ControlError('bad_json', 'the file is not JSON');
    }
    return c.json(await stateTurn(() => importSandbox(links, doc)));
  });

  // The control API of each mock, passed through with the token added: the page uses the documented routes as they are.
  for (const link of links) {
    app.all(`/api/${link.name}/*`, async (c) => {
      const rest = c.req.path.slice(`/api/${link.name}`.length) || '/';
      const body = c.req.method === 'GET' || c.req.method === 'HEAD' ? undefined : await c.req.text();
      const a = await link.call(c.req.method, rest, { search: new URL(c.req.url).search, body: body || undefined });
      return c.json(a.body as object, a.status as ContentfulStatusCode, noStore);
    });
  }

  app.notFound((c) =>
    c.req.path.startsWith('/api/')
      ? controlAnswer(c, new ControlError('not_found', `no console route ${c.req.method} ${c.req.path}`))
      : c.text('Not found: the console is at /', 404),
  );
  // The console's own API refuses with ControlError (the control API's table); anything else is a bug, logged.
  app.onError((err, c) => {
    if (err instanceof ControlError) return controlAnswer(c, err);
    console.error(`console: ${c.req.method} ${c.req.path}:`, err.message);
    return controlAnswer(c, new ControlError('internal', err.message));
  });

  return { app, links: { wechat, sms } };
}

export interface StartedConsole extends WxmockConsole {
  server: RunningServer;
  url: string;
  stop(): Promise<void>;
}

/** Creates and listens (port 0 = a free port; 127.0.0.1 unless `host` says otherwise). */
export async function startConsole(opts: ConsoleOptions & { port?: number }): Promise<StartedConsole> {
  const host = opts.host ?? '127.0.0.1';
  const con = createConsole({ ...opts, host });
  const server = await listen(con.app.fetch, { port: opts.port, host });
  return { ...con, server, url: server.url, stop: () => server.close() };
}
