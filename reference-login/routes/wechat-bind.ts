import { randomUUID } from 'node:crypto';
import { Hono, type Context } from 'hono';
import { write } from '../../core/db.ts';
import { jsonBody, ok, okData, okMsg, send, ServiceError, str } from '../ajax.ts';
import { Accounts } from '../accounts.ts';
import type { LoginCtx } from '../context.ts';
import { requireLogin, type LoginEnv } from '../guard.ts';
import { MSG } from '../messages.ts';
import { genErrorId, keys, newId, TTL } from '../one-time-ids.ts';
import { platformUsable, WECHAT_LOGIN_CLIENTS } from '../platforms.ts';
import { SmsCodes } from '../sms-codes.ts';
import { isBound } from '../social-users.ts';
import type { SysUser } from '../users.ts';

/** What a wxBindId stands for: the account that asked for the QR code and the state it was given. */
interface WxBindValue {
  userId: number;
  state: string;
}

/**
 * The user centre's WeChat binding (docs/wire/fastbee.md#user-centre-bind-and-unbind): the profile page's QR bind through the
 * wechat_open_web_bind app, the apps' /wechat/bind, and unbinding.
 */
export function wechatBindRoutes(ctx: LoginCtx): Hono<LoginEnv> {
  const app = new Hono<LoginEnv>();
  const accounts = new Accounts(ctx);
  const smsCodes = new SmsCodes(ctx);
  const auth = requireLogin(ctx);

  app.get('/getWxBindQr', auth, (c) => {
    const platform = ctx.platforms.get('wechat_open_web_bind');
    if (!platform) throw new ServiceError(MSG.bindPlatformMissing);
    if (!platformUsable(platform)) throw new ServiceError(MSG.platformDisabled);
    const redirect = ctx.redirects.target(platform.redirectUri);
    if (!redirect) throw new ServiceError(MSG.platformUriNotAllowed('redirectUri'));
    const wxBindId = newId();
    // FastBee sends the epoch millis as state and never checks it; here it is random and checked.
    const state = newId();
    ctx.kv.set(keys.wxBind(wxBindId), { userId: c.get('user').userId, state } satisfies WxBindValue, TTL.wxBind);
    return send(c, okData({ appid: platform.clientId, scope: 'snsapi_login', redirectUri: redirect + wxBindId, state }));
  });

  /** Every outcome goes back to the profile page with a message id (genErrorId), as FastBee does. */
  async function wxBindOutcome(c: Context): Promise<{ msg: string; back: string }> {
    const fallback = `${ctx.redirects.origin()}/user/profile?wxBindMsgId=`;
    const platform = ctx.platforms.get('wechat_open_web_bind');
    if (!platform) return { msg: MSG.bindPlatformMissing, back: fallback };
    const back = ctx.redirects.target(platform.redirectLoginUri) ?? fallback;
    const code = c.req.query('code') ?? '';
    if (!code) return { msg: MSG.wxBindCancelled, back };
    const wxBindId = c.req.query('wxBindId') ?? '';
    // Single use, unlike FastBee's key, which stays for its five minutes.
    const pending = wxBindId ? ctx.kv.take<WxBindValue>(keys.wxBind(wxBindId)) : undefined;
    if (!pending || pending.state !== (c.req.query('state') ?? '')) return { msg: MSG.wxBindQrExpired, back };
    const user = ctx.users.byId(pending.userId);
    if (!user) return { msg: MSG.wxBindQrExpired, back };
    if (ctx.socialUsers.bySysUserId(user.userId).length) return { msg: MSG.wxBindAlreadyBound, back };
    const t = await ctx.wechat.oauthAccessToken(platform.clientId, platform.secretKey, code);
    if (!t.ok || !t.body.access_token || !t.body.openid || !t.body.unionid) return { msg: MSG.wechatInfoFailed, back };
    const unionid = String(t.body.unionid);
    const other = ctx.socialUsers.sysUserIdByUnionId(unionid);
    if (other && other !== user.userId) return { msg: MSG.wxBindBoundElsewhere, back };
    const info = await ctx.wechat.userinfo(String(t.body.access_token), String(t.body.openid));
    if (!info.ok) return { msg: MSG.wechatInfoFailed, back };
    const openid = String(info.body.openid ?? t.body.openid);
    const fields = {
      uuid: randomUUID(),
      accessToken: String(t.body.access_token),
      refreshToken: String(t.body.refresh_token ?? ''),
      expireIn: Number(t.body.expires_in) || null,
      openId: openid,
      unionId: String(info.body.unionid ?? unionid),
      code,
      scope: String(t.body.scope ?? 'snsapi_login'),
      // FastBee records these rows as wechat_open_web (not _bind) so web QR login and unbinding treat them alike.
      source: 'wechat_open_web',
      sourceClient: 'wechat_open_web',
      sysUserId: user.userId,
      status: '1',
      nickname: String(info.body.nickname ?? ''),
      username: String(info.body.nickname ?? ''),
      avatar: String(info.body.headimgurl ?? ''),
      gender: Number(info.body.sex ?? 0),
    };
    // Checked again with the write, in one step: a second QR bind of this account (or another
    // account binding this WeChat user) may have finished while WeChat was being asked.
    const msg = write(ctx.db, ['iot_social_user'], () => {
      if (ctx.socialUsers.bySysUserId(user.userId).length) return MSG.wxBindAlreadyBound;
      const owner = ctx.socialUsers.sysUserIdByUnionId(fields.unionId);
      if (owner && owner !== user.userId) return MSG.wxBindBoundElsewhere;
      const now = ctx.clock.now();
      const existing = ctx.socialUsers.byOpenIdAndUnionId(openid, fields.unionId);
      if (existing) ctx.socialUsers.update(existing.socialUserId, { ...fields, updateBy: user.userName }, now);
      else ctx.socialUsers.insert({ ...fields, createBy: user.userName }, now);
      return MSG.bindSuccess;
    });
    return { msg, back };
  }

  app.get('/wxBind/callback', async (c) => {
    const { msg, back } = await wxBindOutcome(c);
    return c.redirect(back + genErrorId(ctx.kv, msg), 302);
  });

  app.get('/getWxBindMsg', auth, (c) => {
    const id = c.req.query('wxBindMsgId') ?? '';
    if (!id) throw new ServiceError(MSG.wxBindMsgIdMissing);
    const msg = ctx.kv.get<string>(keys.error(id));
    if (msg === undefined) return send(c, ok());
    if (msg !== MSG.bindSuccess) throw new ServiceError(msg);
    return send(c, okMsg(msg));
  });

  /** The WeChat identity an app's /wechat/bind request proves. */
  async function appIdentity(sourceClient: string, body: Record<string, unknown>): Promise<{ openId: string; unionId: string | null }> {
    const code = str(body, 'code');
    if (sourceClient === 'wechat_open_mobile') {
      const platform = ctx.platforms.get('wechat_open_mobile');
      if (!platform) throw new ServiceError(MSG.mobilePlatformMissing);
      if (code) {
        const t = await ctx.wechat.oauthAccessToken(platform.clientId, platform.secretKey, code);
        if (!t.ok || !t.body.openid) throw new ServiceError(MSG.wechatInfoFailed);
        return { openId: String(t.body.openid), unionId: t.body.unionid ? String(t.body.unionid) : null };
      }
      const openId = str(body, 'openId');
      const unionId = str(body, 'unionId');
      if (!openId || !unionId) throw new ServiceError(MSG.wechatUserInfoMissing);
      // FastBee takes these ids on trust. Here they must belong to a row a verified mobileLogin created.
      if (!ctx.socialUsers.byOpenIdAndUnionId(openId, unionId)) throw new ServiceError(MSG.wechatInfoFailed);
      return { openId, unionId };
    }
    if (sourceClient === 'wechat_open_mini_program') {
      const platform = ctx.platforms.get('wechat_open_mini_program');
      if (!platform) throw new ServiceError(MSG.miniPlatformMissing);
      if (!code) throw new ServiceError(MSG.userCredentialMissing);
      const s = await ctx.wechat.jscode2session(platform.clientId, platform.secretKey, code);
      if (!s.ok || (!s.body.openid && !s.body.unionid)) throw new ServiceError(MSG.wechatInfoFailed);
      return { openId: String(s.body.openid ?? ''), unionId: s.body.unionid ? String(s.body.unionid) : null };
    }
    throw new ServiceError(MSG.platformInvalid);
  }

  app.post('/bind', auth, async (c) => {
    const body = await jsonBody(c);
    const sourceClient = str(body, 'sourceClient').toLowerCase();
    if (!sourceClient) throw new ServiceError(MSG.verifyTypeNull);
    const me = c.get('user');
    const id = await appIdentity(sourceClient, body);
    const mine = ctx.socialUsers.bySysUserId(me.userId);
    if (mine.some((s) => s.openId === id.openId)) return send(c, okMsg(MSG.bindSuccess));
    // FastBee answers 绑定成功 here without binding anything.
    if (mine.length) throw new ServiceError(MSG.wxBindAlreadyBound);
    const row = ctx.socialUsers.byOpenIdAndUnionId(id.openId, id.unionId);
    if (isBound(row) && row.sysUserId !== me.userId) throw new ServiceError(MSG.wechatBoundElsewhere);
    const other = ctx.socialUsers.sysUserIdByUnionId(id.unionId);
    if (other && other !== me.userId) throw new ServiceError(MSG.wechatBoundElsewhere);
    const now = ctx.clock.now();
    if (row) ctx.socialUsers.update(row.socialUserId, { sysUserId: me.userId, status: '1', updateBy: me.userName }, now);
    else {
      ctx.socialUsers.insert(
        {
          uuid: randomUUID(),
          source: sourceClient.toUpperCase(),
          sourceClient,
          openId: id.openId,
          unionId: id.unionId,
          sysUserId: me.userId,
          status: '1',
          createBy: me.userName,
        },
        now,
      );
    }
    return send(c, okMsg(MSG.bindSuccess));
  });

  /** verifyType 1: the account password; 2: an SMS code sent to the account's own phone (FastBee checks nothing for 2). */
  async function verifyOwner(user: SysUser, body: Record<string, unknown>): Promise<void> {
    const verifyType = str(body, 'verifyType');
    if (verifyType === '1') {
      const password = typeof body.password === 'string' ? body.password : '';
      if (!password) throw new ServiceError(MSG.passwordRequired);
      await accounts.checkPassword(user, password, MSG.passwordWrongRetry);
      return;
    }
    if (verifyType === '2') {
      const phone = str(body, 'userPhone');
      if (!phone || !user.phonenumber || phone !== user.phonenumber) throw new ServiceError(MSG.smsPhoneMismatch);
      smsCodes.verify(phone, str(body, 'smsCode'));
      return;
    }
    throw new ServiceError(MSG.verifyTypeNull);
  }

  app.post('/cancelBind', auth, async (c) => {
    const body = await jsonBody(c);
    const me = c.get('user');
    await verifyOwner(me, body);
    const n = ctx.socialUsers.softDeleteBySysUserIdAndSourceClients(me.userId, WECHAT_LOGIN_CLIENTS, ctx.clock.now());
    if (n === 0) throw new ServiceError(MSG.unbindFailed);
    return send(c, okMsg(MSG.unbindSuccess));
  });

  return app;
}
