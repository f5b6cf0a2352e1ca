import { Hono, type Context } from 'hono';
import { getCookie } from 'hono/cookie';
import { localPath } from '../../core/local-path.ts';
import { PHONE_RE } from '../accounts.ts';
import type { LoginCtx } from '../context.ts';
import { verifyPassword } from '../password.ts';
import { WECHAT_LOGIN_CLIENTS } from '../platforms.ts';
import type { SysUser } from '../users.ts';
import { ErrorPage } from './error.tsx';
import { HomePage } from './home.tsx';
import { LoginPage } from './login.tsx';
import { ProfilePage } from './profile.tsx';

/**
 * An account a phone login created (mini program phone login, SMS login: user name = phone) whose
 * password is still that phone number, as FastBee's registerNoCaptcha sets it. Only such accounts
 * pay for the hash check.
 */
async function passwordIsPhone(user: SysUser): Promise<boolean> {
  return PHONE_RE.test(user.userName) && user.phonenumber === user.userName && verifyPassword(user.phonenumber, user.password);
}

/** The server-rendered pages: login (with bind panel), home, user centre, error. */
export function pageRoutes(ctx: LoginCtx): Hono {
  const app = new Hono();

  /** The account of the Admin-Token cookie (pages read it server-side; the API accepts only Bearer). */
  const current = (c: Context): SysUser | undefined => ctx.sessions.resolve(getCookie(c, 'Admin-Token'))?.user;
  const wxBound = (u: SysUser) =>
    ctx.socialUsers.bySysUserId(u.userId).some((s) => s.status === '1' && WECHAT_LOGIN_CLIENTS.includes((s.sourceClient ?? '').toLowerCase()));
  const noStore = { 'Cache-Control': 'no-store' };

  app.get('/login', (c) => {
    const q = c.req.query();
    const mode = q.loginId ? 'loginId' : q.bindId ? 'bind' : 'login';
    // Like FastBee's permission.js: a logged-in visitor of the bare login page goes home.
    if (mode === 'login' && !q.errorId && current(c)) return c.redirect(localPath(q.redirect), 302);
    return c.html(<LoginPage captchaEnabled={ctx.config.captchaEnabled} mode={mode} />, 200, noStore);
  });

  app.get('/', (c) => {
    const user = current(c);
    if (!user) return c.redirect('/login', 302);
    return c.html(<HomePage user={user} wxBound={wxBound(user)} />, 200, noStore);
  });

  app.get('/user/profile', async (c) => {
    const user = current(c);
    if (!user) {
      const back = `/user/profile${new URL(c.req.url).search}`;
      return c.redirect(`/login?redirect=${encodeURIComponent(back)}`, 302);
    }
    const phonePassword = await passwordIsPhone(user);
    return c.html(
      <ProfilePage
        user={user}
        wxBound={wxBound(user)}
        phonePassword={phonePassword}
        roleGroup={user.roleKey === 'admin' ? '超级管理员' : '普通用户'}
        openBase={ctx.wechat.openBase}
      />,
      200,
      noStore,
    );
  });

  app.get('/error', (c) => c.html(<ErrorPage title="出错了" detail={c.req.query('msg') ?? '发生了未知错误。'} />, 400));

  return app;
}
