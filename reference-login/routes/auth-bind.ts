import { Hono } from 'hono';
import { write } from '../../core/db.ts';
import { jsonBody, ok, send, ServiceError, str } from '../ajax.ts';
import { Accounts } from '../accounts.ts';
import type { LoginCtx } from '../context.ts';
import { clientIp } from '../guard.ts';
import { MSG } from '../messages.ts';
import { keys, type BindIdValue } from '../one-time-ids.ts';
import { isBound, type SocialUser } from '../social-users.ts';
import type { SysUser } from '../users.ts';

/**
 * Binding after a first social login (docs/wire/fastbee.md#binding-after-a-first-social-login): an existing account with its password, or a new
 * account. The bindId is spent only by a successful bind, so a wrong password can be retried.
 */
export function authBindRoutes(ctx: LoginCtx): Hono {
  const app = new Hono();
  const accounts = new Accounts(ctx);

  /** The pending social row behind a bindId. FastBee has no null check here (an NPE, code 500). */
  function pending(bindId: string): { value: BindIdValue; social: SocialUser } {
    const value = bindId ? ctx.kv.get<BindIdValue>(keys.bind(bindId)) : undefined;
    if (!value) throw new ServiceError(MSG.bindIdExpired);
    const social = ctx.socialUsers.byId(value.socialUserId);
    if (social?.delFlag !== '0') throw new ServiceError(MSG.bindAccountMissing);
    return { value, social };
  }

  /** Spends the bindId and binds the row in one unit of work, so two requests cannot both bind it. */
  function commitBind(bindId: string, socialUserId: number, user: SysUser, checkAccountFree: boolean): void {
    write(ctx.db, ['kv', 'iot_social_user'], () => {
      const value = ctx.kv.take<BindIdValue>(keys.bind(bindId));
      if (!value || value.socialUserId !== socialUserId) throw new ServiceError(MSG.bindIdExpired);
      const social = ctx.socialUsers.byId(socialUserId);
      if (social?.delFlag !== '0') throw new ServiceError(MSG.bindAccountMissing);
      if (isBound(social) && social.sysUserId !== user.userId) throw new ServiceError(MSG.wechatBoundElsewhere);
      if (checkAccountFree && ctx.socialUsers.bySysUserId(user.userId).length) throw new ServiceError(MSG.accountAlreadyBound);
      ctx.socialUsers.update(socialUserId, { sysUserId: user.userId, status: '1', updateBy: user.userName }, ctx.clock.now());
    });
  }

  app.post('/login', async (c) => {
    const body = await jsonBody(c);
    const bindId = str(body, 'bindId');
    const { social } = pending(bindId);
    // Captcha before the password (FastBee checks the password first, which lets a script guess without one).
    accounts.checkCaptcha(str(body, 'code'), str(body, 'uuid'));
    const username = str(body, 'username');
    const user = ctx.users.byName(username);
    if (!user) throw new ServiceError(MSG.userNotExist, 450);
    await accounts.checkPassword(user, typeof body.password === 'string' ? body.password : '', MSG.passwordWrong);
    if (ctx.socialUsers.bySysUserId(user.userId).length) throw new ServiceError(MSG.accountAlreadyBound);
    accounts.assertUsable(user);
    commitBind(bindId, social.socialUserId, user, true);
    return send(c, ok({ token: accounts.loginAs(user, clientIp(c)) }));
  });

  app.post('/register', async (c) => {
    if (!ctx.config.registerUser) throw new ServiceError(MSG.registerOff);
    const body = await jsonBody(c);
    const bindId = str(body, 'bindId');
    const { social } = pending(bindId);
    // The account is created in the unit of work that spends the bindId: two registrations with one bindId make one account.
    const user = await accounts.register(
      {
        username: str(body, 'username'),
        password: typeof body.password === 'string' ? body.password : '',
        phonenumber: str(body, 'phonenumber'),
        code: str(body, 'code'),
        uuid: str(body, 'uuid'),
      },
      (created) => commitBind(bindId, social.socialUserId, created, false),
    );
    return send(c, ok({ token: accounts.loginAs(user, clientIp(c)) }));
  });

  return app;
}
