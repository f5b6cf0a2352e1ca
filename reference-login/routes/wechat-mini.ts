import { randomUUID } from 'node:crypto';
import { Hono } from 'hono';
import { jsonBody, okData, send, ServiceError, str } from '../ajax.ts';
import { Accounts } from '../accounts.ts';
import type { LoginCtx } from '../context.ts';
import { clientIp } from '../guard.ts';
import { MSG } from '../messages.ts';
import { isBound, SOURCE } from '../social-users.ts';
import type { SysUser } from '../users.ts';

/**
 * POST /wechat/miniLogin (docs/wire/fastbee.md#mini-program-login): the phone number from getPhoneNumber's code is the account.
 * The account is found by phone or registered (user name = password = phone); with the wx.login code
 * the mini program's openid is bound to it, as FastBee's newer edition does. Unlike FastBee's open
 * edition, a new phone's first login succeeds (the fresh account is logged in directly).
 */
export function wechatMiniRoutes(ctx: LoginCtx): Hono {
  const app = new Hono();
  const accounts = new Accounts(ctx);

  /** Binds the mini-program identity to the account unless it (or its unionid) already belongs to someone else. */
  function bindMini(user: SysUser, s: { openid: string; unionid: string | null }): void {
    const now = ctx.clock.now();
    const existing = ctx.socialUsers.byOpenIdAndUnionId(s.openid, s.unionid);
    if (isBound(existing)) {
      if (existing.sysUserId === user.userId) ctx.socialUsers.update(existing.socialUserId, { updateBy: 'System' }, now);
      return;
    }
    const other = ctx.socialUsers.sysUserIdByUnionId(s.unionid);
    if (other && other !== user.userId) return;
    if (existing) {
      ctx.socialUsers.update(existing.socialUserId, { sysUserId: user.userId, status: '1', updateBy: 'System' }, now);
      return;
    }
    ctx.socialUsers.insert(
      {
        uuid: randomUUID(),
        source: SOURCE.mini,
        sourceClient: 'wechat_open_mini_program',
        createBy: 'System',
        openId: s.openid,
        unionId: s.unionid,
        status: '1',
        sysUserId: user.userId,
        username: user.nickName,
        nickname: user.nickName,
      },
      now,
    );
  }

  app.post('/miniLogin', async (c) => {
    const body = await jsonBody(c);
    const platform = ctx.platforms.get('wechat_open_mini_program');
    if (!platform) throw new ServiceError(MSG.miniPlatformMissing);
    const phoneCode = str(body, 'phoneCode');
    if (!phoneCode) throw new ServiceError(MSG.phoneCredentialFailed);

    let session: { openid: string; unionid: string | null } | undefined;
    const loginCode = str(body, 'code');
    if (loginCode) {
      const s = await ctx.wechat.jscode2session(platform.clientId, platform.secretKey, loginCode);
      if (!s.ok || !s.body.openid) throw new ServiceError(MSG.credentialFailed);
      session = { openid: String(s.body.openid), unionid: s.body.unionid ? String(s.body.unionid) : null };
    }

    const appToken = await ctx.wechat.appAccessToken(platform.clientId, platform.secretKey);
    if (!appToken.ok) throw new ServiceError(MSG.credentialFailed);
    const r = await ctx.wechat.phoneNumber(platform.clientId, platform.secretKey, phoneCode);
    if (!r.ok) throw new ServiceError(MSG.phoneCredentialFailed);
    const info = (r.body.phone_info ?? {}) as Record<string, unknown>;
    const phone = String(info.phoneNumber ?? info.purePhoneNumber ?? '');
    if (!phone) throw new ServiceError(MSG.phoneCredentialFailed);

    const user = ctx.users.byPhone(phone) ?? (await accounts.autoRegister(phone));
    accounts.assertUsable(user);
    if (session) bindMini(user, session);
    return send(c, okData({ token: accounts.loginAs(user, clientIp(c)), bindId: null }));
  });

  return app;
}
