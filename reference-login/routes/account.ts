import { Hono } from 'hono';
import { jsonBody, ok, okMsg, send, str } from '../ajax.ts';
import { Accounts } from '../accounts.ts';
import type { LoginCtx } from '../context.ts';
import { clientIp, requireLogin, type LoginEnv } from '../guard.ts';
import { MSG } from '../messages.ts';
import { WECHAT_LOGIN_CLIENTS } from '../platforms.ts';
import { bearer } from '../session.ts';
import { socialUserJson } from '../social-users.ts';
import { userJson, type SysUser } from '../users.ts';

const ROLE_NAME: Record<string, string> = { admin: '超级管理员', general: '普通用户' };

/** RuoYi's account endpoints: password login, captcha, logout, current user and profile. */
export function accountRoutes(ctx: LoginCtx): Hono<LoginEnv> {
  const app = new Hono<LoginEnv>();
  const accounts = new Accounts(ctx);
  const auth = requireLogin(ctx);

  app.get('/captchaImage', (c) => {
    const enabled = ctx.config.captchaEnabled;
    if (!enabled) return send(c, ok({ captchaEnabled: false }));
    const { uuid, img } = ctx.captcha.create();
    // img is base64 SVG (FastBee sends a JPEG); the pages use it as data:image/svg+xml.
    return send(c, ok({ captchaEnabled: true, uuid, img }));
  });

  app.post('/login', async (c) => {
    const body = await jsonBody(c);
    const token = await accounts.passwordLogin(
      { username: str(body, 'username'), password: typeof body.password === 'string' ? body.password : '', code: str(body, 'code'), uuid: str(body, 'uuid') },
      clientIp(c),
    );
    return send(c, ok({ token }));
  });

  app.post('/logout', (c) => {
    ctx.sessions.remove(bearer(c.req.header('authorization')));
    return send(c, okMsg(MSG.logoutSuccess));
  });

  const permissions = (u: SysUser) => (u.roleKey === 'admin' ? ['*:*:*'] : []);

  app.get('/getInfo', auth, (c) => {
    const u = c.get('user');
    return send(c, ok({ user: userJson(u), roles: [u.roleKey], permissions: permissions(u) }));
  });

  app.get('/system/user/profile', auth, (c) => {
    const u = c.get('user');
    const social = ctx.socialUsers.bySysUserId(u.userId);
    const wxBind = social.some((s) => s.status === '1' && WECHAT_LOGIN_CLIENTS.includes((s.sourceClient ?? '').toLowerCase()));
    return send(c, ok({ data: userJson(u), roleGroup: ROLE_NAME[u.roleKey] ?? u.roleKey, postGroup: '', socialGroup: social.map(socialUserJson), wxBind }));
  });

  return app;
}
