import { Hono } from 'hono';
import { browserOwnRequests, ICON_COLOURS } from '../core/browser-requests.ts';
import { clientScripts } from '../core/client-scripts.ts';
import { commonControlRoutes, controlAnswer, controlGuard, controlNotFound } from '../core/control.ts';
import { ControlError } from '../core/control-errors.ts';
import { closeDatabase, stmt, write } from '../core/db.ts';
import { durableAnswers } from '../core/durable.ts';
import { HttpFailure, httpFailureAnswer } from '../core/http-failure.ts';
import { journalMiddleware } from '../core/journal.ts';
import { mockBase } from '../core/mock-base.ts';
import { startService, type StartedService } from '../core/serve.ts';
import { startPruner } from '../core/pruner.ts';
import { cgiRoutes } from './api/cgi.ts';
import { snsRoutes } from './api/sns.ts';
import { wxaRoutes } from './api/wxa.ts';
import { MAX_BODY_BYTES } from './api/params.ts';
import { wxFail } from './api/respond.ts';
import { errorPageAnswer } from './connect/error-page.tsx';
import { connectRoutes } from './connect/routes.ts';
import { PageError } from './connect/validate.ts';
import { jssdkRoutes } from './jssdk/routes.ts';
import { AUTHORIZE_PAGE_SCRIPT, QR_PAGE_SCRIPT } from './connect/scripts.ts';
import type { WechatCtx } from './context.ts';
import { clientRoutes } from './control/clients.ts';
import { qrControlRoutes } from './control/qr.ts';
import { worldRoutes } from './control/world.ts';
import { openWechatDb } from './db.ts';
import { WxError } from './errors.ts';
import { WECHAT_FAULT_FIELDS, type WechatFaultAction } from './faults.ts';
import { Grants } from './grants.ts';
import { Options } from './options.ts';
import { JsapiTickets } from './tickets.ts';
import { World } from './world/store.ts';
import type { WorldConfig } from './world/types.ts';

export interface MockWechatOptions {
  /** SQLite file, or ":memory:" (the default, for tests) */
  dbFile?: string;
  /** world to load into a new database (and on reset); built-in default world otherwise */
  world?: WorldConfig;
  /** required on /__mock/ when set */
  controlToken?: string;
  /** journal rows kept */
  journalCap?: number;
  /** base URL for QR codes when it differs from the listening address (LAN, proxy) */
  publicUrl?: string;
}

export interface MockWechat {
  app: Hono;
  ctx: WechatCtx;
  /** set once listening, or by the caller */
  setPublicUrl(url: string): void;
  reset(): void;
  close(): void;
}

/** Paths the journal leaves out: the control API itself and the QR page's once-a-second poll. */
function notJournaled(path: string): boolean {
  if (path.startsWith('/__mock/')) return !(path.startsWith('/__mock/sdk/') || path.startsWith('/__mock/miniprogram/'));
  return path === '/connect/l/qrconnect' || path.startsWith('/connect/qrcode/');
}

export function createMockWechat(opts: MockWechatOptions = {}): MockWechat {
  const db = openWechatDb(opts.dbFile ?? ':memory:');
  const base = mockBase<WechatFaultAction>(db, opts.journalCap);
  const { clock } = base;
  const options = new Options(db);
  const world = new World(db);
  let publicUrl = opts.publicUrl ?? '';
  const ctx: WechatCtx = {
    ...base,
    options,
    world,
    grants: new Grants(db, clock, options),
    tickets: new JsapiTickets(db, clock, options),
    publicUrl: () => publicUrl,
  };
  const isNew = world.listApps().length === 0;
  if (isNew) world.load(opts.world);

  const reset = () => {
    // Entries of calls made before the reset must not be written after it.
    ctx.journal.flush();
    write(db, '*', () => {
      for (const t of ['codes', 'sns_tokens', 'session_keys', 'app_tokens', 'billing', 'qr_sessions', 'jsapi_tickets', 'journal', 'faults', 'settings'])
        stmt(db, `DELETE FROM ${t}`).run();
      world.load(opts.world);
    });
  };

  const app = new Hono();
  app.use('*', browserOwnRequests(ICON_COLOURS.wechat));
  app.use('*', clientScripts([QR_PAGE_SCRIPT, AUTHORIZE_PAGE_SCRIPT]));
  // No answer leaves before the change it reports is committed.
  app.use('*', durableAnswers(db));
  app.use('*', journalMiddleware(ctx.journal, clock, notJournaled, { maxBodyBytes: MAX_BODY_BYTES }));
  app.use('/__mock/*', controlGuard(opts.controlToken));
  app.route('/sns', snsRoutes(ctx));
  app.route('/cgi-bin', cgiRoutes(ctx));
  app.route('/wxa', wxaRoutes(ctx));
  app.route('/connect', connectRoutes(ctx));
  app.route('/', jssdkRoutes(ctx));
  app.route('/__mock', clientRoutes(ctx));
  app.route('/__mock', worldRoutes(ctx));
  app.route('/__mock/qr', qrControlRoutes(ctx));
  app.route('/__mock', commonControlRoutes({ clock, journal: ctx.journal, faults: ctx.faults, faultFields: WECHAT_FAULT_FIELDS, reset, state: { db } }));
  app.get('/', (c) => c.json({ service: 'wxmock mock-wechat', control: '/__mock/world', docs: 'docs/mock-wechat.md' }));
  // api.weixin.qq.com answers unknown paths with errcode JSON, not an HTML 404 (under /sns/ in the sns Content-Type).
  app.notFound((c) => (c.req.path === '/__mock' || c.req.path.startsWith('/__mock/') ? controlNotFound(c) : wxFail(ctx, c, new WxError(48001))));
  // The one error handler: every route throws its layer's error (API: WxError, /connect pages:
  // PageError, control: ControlError) and it is answered here; anything else is a bug, logged.
  app.onError((err, c) => {
    if (err instanceof WxError) return wxFail(ctx, c, err);
    if (err instanceof ControlError) return controlAnswer(c, err);
    if (err instanceof PageError) return errorPageAnswer(c, err);
    if (err instanceof HttpFailure) return httpFailureAnswer(c, err);
    console.error(`mock-wechat: ${c.req.method} ${c.req.path}:`, err.message);
    return c.req.path.startsWith('/__mock/') ? controlAnswer(c, new ControlError('internal', err.message)) : wxFail(ctx, c, new WxError(-1));
  });

  // Expired codes and tokens are dropped now and then so a long-running sandbox stays small.
  const stopPruner = startPruner(() => {
    ctx.grants.prune();
    ctx.tickets.prune();
  });

  return {
    app,
    ctx,
    reset,
    setPublicUrl: (url) => {
      publicUrl = url;
    },
    close: () => {
      stopPruner();
      ctx.journal.flush();
      closeDatabase(db);
    },
  };
}

export type StartedMockWechat = StartedService<MockWechat>;

/** Creates and listens (port 0 = a free port); the public URL defaults to the listening one. */
export function startMockWechat(opts: MockWechatOptions & { port?: number; host?: string } = {}): Promise<StartedMockWechat> {
  const mock = createMockWechat(opts);
  return startService(mock, opts, {
    listening: (url) => {
      if (!opts.publicUrl) mock.setPublicUrl(url);
    },
  });
}
