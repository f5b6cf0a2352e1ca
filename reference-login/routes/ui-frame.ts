import { Hono } from 'hono';
import { putSetting } from '../../core/db.ts';
import { jsonBody, ok, send, ServiceError } from '../ajax.ts';
import type { LoginCtx } from '../context.ts';
import { requireLogin, type LoginEnv } from '../guard.ts';
import { MSG } from '../messages.ts';
import { bearer } from '../session.ts';

/** FastBee's app_language rows (sql/fastbee.sql): the language menu's names. */
const APP_LANGUAGES = [
  { id: 2, language: 'zh-CN', country: '中国', timeZone: 'UTF+8', createBy: 'admin', createTime: '2024-05-31 14:25:30', langName: '简体中文' },
  { id: 3, language: 'en-US', country: '欧美', timeZone: 'UTC', createBy: 'admin', createTime: '2024-05-31 14:25:30', langName: 'English' },
  { id: 4, language: 'jp', country: '日本', timeZone: 'utf-9', createBy: 'admin', createTime: '2024-05-31 14:25:30', langName: '日语' },
];

/**
 * sys_config keys FastBee ships (sql/fastbee.sql) and what reference-login answers for them. The
 * login and register pages read the public ones before anyone signs in; FastBee guards the whole
 * endpoint, so its own register page gets a 401 there (docs/fastbee.md).
 */
const CONFIG_KEYS: Record<string, { public: boolean; value: (ctx: LoginCtx) => string }> = {
  'sys.logo.config': { public: true, value: () => '' },
  'sys.account.registerUser': { public: true, value: (ctx) => String(ctx.config.registerUser) },
  'sys.account.captchaEnabled': { public: true, value: (ctx) => String(ctx.config.captchaEnabled) },
  'sys.index.skinName': { public: true, value: () => 'skin-blue' },
  'sys.index.sideTheme': { public: true, value: () => 'theme-dark' },
  'sys.user.initPassword': { public: false, value: () => '' },
};

const preferenceKey = (userId: number) => `app_preferences.language:${userId}`;

/** TableDataInfo of one page (pageNum/pageSize as PageHelper reads them; all rows without pageSize). */
function table<T>(all: T[], q: Record<string, string>): Record<string, unknown> {
  const size = Number(q.pageSize);
  const page = Math.max(1, Math.floor(Number(q.pageNum)) || 1);
  const rows = Number.isInteger(size) && size > 0 ? all.slice((page - 1) * size, page * size) : all;
  return { total: all.length, rows, code: 200, msg: '查询成功' };
}

/**
 * What FastBee's web UI calls on every page of its frame, around the login: the menu routes, the
 * language list and preference, sys_config values. Nothing here is about logging in; the answers
 * let the real UI get past them (docs/fastbee.md lists each call and its source).
 */
export function uiFrameRoutes(ctx: LoginCtx): Hono<LoginEnv> {
  const app = new Hono<LoginEnv>();
  const auth = requireLogin(ctx);

  // SysLoginController.getRouters: the menu tree. No menus: the dashboard and the user centre are constant routes.
  app.get('/getRouters', auth, (c) => send(c, ok({ data: [] })));

  // AppLanguageController.list: permitAll in SecurityConfig.
  app.get('/app/language/list', (c) => c.json(table(APP_LANGUAGES, c.req.query())));

  // AppPreferencesController.addOrUpdate answers a CommonResult: code 0, msg "", data = rows changed.
  app.post('/app/preferences/addOrUpdate', auth, async (c) => {
    const body = await jsonBody(c);
    const language = body.language;
    if (language !== undefined && language !== null) {
      // app_preferences.language is varchar(20); control characters are no language tag.
      // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
      if (typeof language !== 'string' || language.length > 20 || /[\u0000-\u001f\u007f]/.test(language)) throw new ServiceError('language 格式错误');
      putSetting(ctx.db, preferenceKey(c.get('user').userId), language);
    }
    return c.json({ code: 0, data: 1, msg: '' });
  });

  // SysConfigController.getConfigKey: AjaxResult.success(String) puts the value in msg; unknown keys are "".
  app.get('/system/config/configKey/:key', (c) => {
    const entry = CONFIG_KEYS[c.req.param('key')];
    if (!entry?.public && !ctx.sessions.resolve(bearer(c.req.header('authorization')))) throw new ServiceError(MSG.unauthorized(c.req.path), 401);
    return send(c, { code: 200, msg: entry ? entry.value(ctx) : '' });
  });

  return app;
}
