import { randomUUID } from 'node:crypto';
import { Hono } from 'hono';
import { jsonBody, okData, send, ServiceError, str } from '../ajax.ts';
import { Accounts } from '../accounts.ts';
import type { LoginCtx } from '../context.ts';
import { clientIp } from '../guard.ts';
import { MSG } from '../messages.ts';
import { genBindId } from '../one-time-ids.ts';
import { isBound, SOURCE } from '../social-users.ts';

/** What the app proved about its WeChat user, either by a code or by a device-side token. */
interface MobileIdentity {
  accessToken: string;
  refreshToken: string;
  expiresIn: number | null;
  openId: string;
  unionId: string | null;
  code: string;
  info: Record<string, unknown>;
}

/**
 * POST /wechat/mobileLogin (docs/wire/fastbee.md#mobile-app-login): an app's WeChat login, by the OpenSDK code or by the
 * accessToken/openId/unionId that uni.login already obtained on the device.
 */
export function wechatMobileRoutes(ctx: LoginCtx): Hono {
  const app = new Hono();
  const accounts = new Accounts(ctx);

  async function identify(body: Record<string, unknown>, appid: string, secret: string): Promise<MobileIdentity> {
    let accessToken = str(body, 'accessToken');
    let openId = str(body, 'openId');
    let unionId = str(body, 'unionId');
    let refreshToken = str(body, 'refreshToken');
    let expiresIn = Number(body.expiresIn) || null;
    const code = str(body, 'code');
    // FastBee exchanges the code only when one of the three is missing (uni.login may have used the code up).
    if (!accessToken || !openId || !unionId) {
      if (!code) throw new ServiceError(MSG.credentialFailed);
      const t = await ctx.wechat.oauthAccessToken(appid, secret, code);
      if (!t.ok || !t.body.openid || !t.body.access_token) throw new ServiceError(MSG.credentialFailed);
      accessToken = String(t.body.access_token);
      openId = String(t.body.openid);
      unionId = String(t.body.unionid ?? '');
      refreshToken = String(t.body.refresh_token ?? '');
      expiresIn = Number(t.body.expires_in) || null;
    }
    // FastBee trusts client-sent openId/unionId as they are; here the token has to vouch for them.
    const info = await ctx.wechat.userinfo(accessToken, openId);
    if (!info.ok || String(info.body.openid ?? '') !== openId) throw new ServiceError(MSG.credentialFailed);
    const infoUnion = String(info.body.unionid ?? '');
    if (unionId && infoUnion && infoUnion !== unionId) throw new ServiceError(MSG.credentialFailed);
    return { accessToken, refreshToken, expiresIn, openId, unionId: unionId || infoUnion || null, code, info: info.body };
  }

  app.post('/mobileLogin', async (c) => {
    const body = await jsonBody(c);
    const platform = ctx.platforms.get('wechat_open_mobile');
    if (!platform) throw new ServiceError(MSG.mobilePlatformMissing);
    const id = await identify(body, platform.clientId, platform.secretKey);

    const now = ctx.clock.now();
    const existing = ctx.socialUsers.byOpenIdAndUnionId(id.openId, id.unionId);
    const boundUserId = isBound(existing) ? existing.sysUserId : ctx.socialUsers.sysUserIdByUnionId(id.unionId);
    const user = boundUserId ? ctx.users.byId(boundUserId) : undefined;
    // FastBee gives the row a new uuid on every login.
    const uuid = randomUUID();
    const tokens = { accessToken: id.accessToken, refreshToken: id.refreshToken, expireIn: id.expiresIn, uuid, updateBy: 'System' };
    let socialUserId: number;
    let source: string;
    if (existing) {
      ctx.socialUsers.update(existing.socialUserId, { ...tokens, ...(user ? { sysUserId: user.userId, status: '1' } : {}) }, now);
      socialUserId = existing.socialUserId;
      source = existing.source;
    } else {
      const row = ctx.socialUsers.insert(
        {
          ...tokens,
          source: SOURCE.mobile,
          sourceClient: 'wechat_open_mobile',
          createBy: 'System',
          openId: id.openId,
          unionId: id.unionId,
          code: id.code || null,
          scope: 'snsapi_userinfo',
          status: user ? '1' : '0',
          sysUserId: user?.userId ?? null,
          nickname: String(id.info.nickname ?? ''),
          username: String(id.info.nickname ?? ''),
          avatar: String(id.info.headimgurl ?? ''),
          gender: Number(id.info.sex ?? 0),
        },
        now,
      );
      socialUserId = row.socialUserId;
      source = row.source;
    }
    if (user) return send(c, okData({ token: accounts.loginAs(user, clientIp(c)), bindId: null }));
    // FastBee writes the lower-case platform name as the source here and relies on MySQL's case-insensitive compare.
    const bindId = genBindId(ctx.kv, { uuid, source: source === SOURCE.mobile ? 'wechat_open_mobile' : source, socialUserId });
    return send(c, okData({ token: null, bindId }));
  });

  return app;
}
