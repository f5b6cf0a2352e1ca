import { randomBytes } from 'node:crypto';
import { Hono } from 'hono';
import { browserOwnRequests, ICON_COLOURS } from '../core/browser-requests.ts';
import { clientScripts } from '../core/client-scripts.ts';
import { Clock } from '../core/clock.ts';
import { commonControlRoutes, controlAnswer, controlGuard, controlNotFound } from '../core/control.ts';
import { ControlError } from '../core/control-errors.ts';
import { durableAnswers } from '../core/durable.ts';
import { closeDatabase, getSetting, putSetting, stmt, write } from '../core/db.ts';
import { Faults } from '../core/faults.ts';
import { Journal } from '../core/journal.ts';
import { startService, type StartedService } from '../core/serve.ts';
import { startPruner } from '../core/pruner.ts';
import { fail, send, ServiceError } from './ajax.ts';
import { Captcha } from './captcha.ts';
import { LoginConfig, type LoginCtx } from './context.ts';
import { openLoginDb } from './db.ts';
import { pointWebPlatformsAt } from './fastbee-ui-rows.ts';
import { Kv } from './kv.ts';
import { MSG } from './messages.ts';
import { Notify } from './notify.ts';
import type { ReferenceLoginOptions } from './options.ts';
import { errorPage, PageError } from './pages/error.tsx';
import { pageRoutes } from './pages/routes.tsx';
import { PAGE_SCRIPTS } from './pages/scripts.ts';
import { Platforms } from './platforms.ts';
import { RedirectPolicy } from './redirects.ts';
import { accountRoutes } from './routes/account.ts';
import { authBindRoutes } from './routes/auth-bind.ts';
import { authSocialRoutes } from './routes/auth-social.ts';
import { dashboardRoutes } from './routes/dashboard.ts';
import { loginControlRoutes } from './routes/control.ts';
import { platformRoutes } from './routes/platform.ts';
import { notifyRoutes, smsLoginRoutes } from './routes/sms.ts';
import { toolRegisterRoutes } from './routes/tool-register.ts';
import { uiFrameRoutes } from './routes/ui-frame.ts';
import { wechatBindRoutes } from './routes/wechat-bind.ts';
import { wechatMiniRoutes } from './routes/wechat-mini.ts';
import { wechatMobileRoutes } from './routes/wechat-mobile.ts';
import { isSeeded, SEED_ADMIN, seed } from './seed.ts';
import { Sessions } from './session.ts';
import { SmsClient } from './sms-client.ts';
import { SocialUsers } from './social-users.ts';
import { Users } from './users.ts';
import { WechatClient } from './wechat-client.ts';

export type { ReferenceLoginOptions } from './options.ts';

export interface ReferenceLogin {
  app: Hono;
  ctx: LoginCtx;
  /** set once listening, or by the caller */
  setPublicUrl(url: string): void;
  reset(): void;
  close(): void;
}

/** Browser pages: everything else answers in the AjaxResult envelope. */
const PAGE_PATHS = new Set(['/', '/login', '/user/profile', '/error']);
function isPage(path: string): boolean {
  return PAGE_PATHS.has(path) || path.startsWith('/auth/render/') || path.startsWith('/auth/callback/') || path === '/wechat/wxBind/callback';
}

export function createReferenceLogin(opts: ReferenceLoginOptions): ReferenceLogin {
  const db = openLoginDb(opts.dbFile ?? ':memory:');
  const clock = new Clock(db);
  const kv = new Kv(db, clock);
  const users = new Users(db);
  let publicUrl = (opts.publicUrl ?? 'http://127.0.0.1').replace(/\/+$/, '');
  const notify = new Notify(db);

  const applyOptions = () => {
    if (!isSeeded(db)) seed(db, clock.now());
    if (!getSetting(db, 'token.secret')) putSetting(db, 'token.secret', randomBytes(32).toString('base64url'));
    if (opts.captchaEnabled !== undefined) putSetting(db, 'sys.account.captchaEnabled', String(opts.captchaEnabled));
    if (opts.smsProvider) notify.useProvider(opts.smsProvider === 'aliyun' ? 'alibaba' : 'tencent');
    pointWebPlatformsAt(db, new Platforms(db), opts.fastbeeUiUrl, clock.now());
  };
  applyOptions();

  const ctx: LoginCtx = {
    db,
    clock,
    kv,
    users,
    notify,
    platforms: new Platforms(db),
    socialUsers: new SocialUsers(db),
    sessions: new Sessions(kv, clock, users, () => opts.tokenSecret ?? getSetting(db, 'token.secret')!),
    captcha: new Captcha(kv),
    wechat: new WechatClient(opts.wechatApiBase, opts.wechatOpenBase, kv),
    sms: new SmsClient(opts.smsEndpoint),
    redirects: new RedirectPolicy(() => publicUrl, [...(opts.allowedRedirectOrigins ?? []), ...(opts.fastbeeUiUrl ? [opts.fastbeeUiUrl] : [])]),
    config: new LoginConfig(db),
  };

  const reset = () => {
    write(db, '*', () => {
      for (const t of ['iot_social_user', 'iot_social_platform', 'notify_template', 'notify_channel', 'sys_user', 'kv', 'journal', 'faults', 'settings'])
        stmt(db, `DELETE FROM ${t}`).run();
      stmt(db, "DELETE FROM sqlite_sequence WHERE name IN ('sys_user', 'iot_social_platform', 'iot_social_user', 'notify_channel', 'notify_template')").run();
    });
    applyOptions();
  };

  const journal = new Journal(db);
  const app = new Hono();
  app.use('*', browserOwnRequests(ICON_COLOURS.login));
  app.use('*', clientScripts(Object.values(PAGE_SCRIPTS)));
  // No answer leaves before the change it reports is committed.
  app.use('*', durableAnswers(db));
  app.use('/__mock/*', controlGuard(opts.controlToken));
  app.route('/__mock', loginControlRoutes(ctx));
  app.route('/__mock', commonControlRoutes({ clock, journal, faults: new Faults(db, clock), faultFields: { action: {}, match: [] }, reset, state: { db } }));
  app.route('/auth', authSocialRoutes(ctx));
  app.route('/auth/bind', authBindRoutes(ctx));
  app.route('/auth/sms', smsLoginRoutes(ctx));
  app.route('/wechat', wechatMobileRoutes(ctx));
  app.route('/wechat', wechatMiniRoutes(ctx));
  app.route('/wechat', wechatBindRoutes(ctx));
  app.route('/notify', notifyRoutes(ctx));
  app.route('/iot/platform', platformRoutes(ctx));
  app.route('/', accountRoutes(ctx));
  // What FastBee's web UI calls around the login (docs/fastbee.md).
  app.route('/', uiFrameRoutes(ctx));
  app.route('/', dashboardRoutes(ctx));
  app.route('/iot/tool', toolRegisterRoutes(ctx));
  app.route('/', pageRoutes(ctx));

  app.notFound((c) => {
    if (c.req.path.startsWith('/__mock/')) return controlNotFound(c);
    if (c.req.method === 'GET' && (c.req.header('accept') ?? '').includes('text/html')) return errorPage(c, '页面不存在', `没有 ${c.req.path} 这个页面。`, 404);
    return c.json(fail(`请求地址'${c.req.path}'不存在`, 404), 404);
  });
  // The one error handler: the API throws ServiceError (FastBee's ServiceException), the pages
  // PageError, the control routes ControlError; anything else is a bug, logged.
  app.onError((err, c) => {
    if (err instanceof ServiceError) return send(c, fail(err.message, err.code));
    if (err instanceof PageError) return errorPage(c, err.title, err.message, err.status);
    if (err instanceof ControlError) return controlAnswer(c, err);
    console.error(`reference-login: ${c.req.method} ${c.req.path}:`, err.message);
    if (c.req.path.startsWith('/__mock/')) return controlAnswer(c, new ControlError('internal', err.message));
    if (isPage(c.req.path)) return errorPage(c, '出错了', MSG.internal, 500);
    // RuoYi's GlobalExceptionHandler: HTTP 200, code 500.
    return send(c, fail(MSG.internal));
  });

  // Expired Redis-like keys are dropped now and then so a long-running sandbox stays small.
  const stopPruner = startPruner(() => kv.prune());

  return {
    app,
    ctx,
    reset,
    setPublicUrl: (url) => {
      publicUrl = url.replace(/\/+$/, '');
    },
    close: () => {
      stopPruner();
      closeDatabase(db);
    },
  };
}

export type StartedReferenceLogin = StartedService<ReferenceLogin>;

/** Creates and listens (port 0 = a free port); the public URL defaults to the listening one. */
export function startReferenceLogin(opts: ReferenceLoginOptions & { port?: number; host?: string }): Promise<StartedReferenceLogin> {
  const login = createReferenceLogin(opts);
  return startService(login, opts, {
    listening: (url) => {
      if (!opts.publicUrl) login.setPublicUrl(url);
    },
  });
}

/** What `wxmock start` prints for the login system. */
export function loginBannerLines(started: { url: string; ctx: LoginCtx }): string[] {
  const origin = started.ctx.redirects.origin();
  return [
    `  login page    ${origin}/login`,
    `  admin         ${SEED_ADMIN.userName} / ${SEED_ADMIN.password}  (WeChat login: "微信登录" on the login page, then pick a persona in the dev panel)`,
    `  user centre   ${origin}/user/profile`,
    `  control API   ${started.url}/__mock/config`,
  ];
}
