import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { Hono, type Context } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import { ok, okMsg, send, ServiceError } from '../ajax.ts';
import { Accounts } from '../accounts.ts';
import type { LoginCtx } from '../context.ts';
import { clientIp } from '../guard.ts';
import { MSG } from '../messages.ts';
import { genBindId, genErrorId, genLoginId, keys, TTL, type BindIdValue, type LoginIdValue } from '../one-time-ids.ts';
import { PageError } from '../pages/error.tsx';
import { isPlatformType, platformUsable, type SocialPlatform } from '../platforms.ts';
import { isBound, SOURCE, type SocialUser } from '../social-users.ts';

/** The cookie that ties an OAuth state to the browser that asked for it (FastBee keeps no such tie). */
const BROWSER_COOKIE = 'wxmock_browser';

interface StateValue {
  source: string;
  browser: string;
}

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/**
 * Web QR login through the Open Platform (FastBee's SocialLoginController + JustAuth): render sends
 * the browser to qrconnect, callback decides between loginId, bindId and errorId; the frontend then
 * trades the id through /auth/login, /auth/checkBindId or /auth/getErrorMsg.
 */
export function authSocialRoutes(ctx: LoginCtx): Hono {
  const app = new Hono();
  const accounts = new Accounts(ctx);

  /** error_msg_uri + errorId, or the own login page when the platform has no usable error URI. */
  function toError(c: Context, platform: SocialPlatform | undefined, msg: string) {
    const id = genErrorId(ctx.kv, msg);
    const target = platform ? ctx.redirects.target(platform.errorMsgUri) : undefined;
    return c.redirect(`${target ?? `${ctx.redirects.origin()}/login?errorId=`}${id}`, 302);
  }

  /** platform URI + id, refused (error page) when the URI points outside the allowed origins. */
  function toConfigured(c: Context, uri: string, id: string, what: string) {
    const target = ctx.redirects.target(uri);
    if (!target) throw new PageError('登录配置错误', `第三方登录平台的 ${what} 未配置或不在允许的地址范围内，请在系统管理中检查配置。`);
    return c.redirect(target + id, 302);
  }

  /** The platform row for a path source, or the reason to refuse it. */
  function platformFor(sourceParam: string): { platform?: SocialPlatform; error?: string } {
    const source = sourceParam.toLowerCase();
    if (!isPlatformType(source)) return { error: MSG.platformUnsupported };
    const platform = ctx.platforms.get(source);
    if (!platform) return { error: MSG.platformUnsupported };
    if (!platformUsable(platform)) return { platform, error: MSG.platformDisabled };
    if (source !== 'wechat_open_web') return { platform, error: MSG.platformUnsupported };
    return { platform };
  }

  app.get('/render/:source', (c) => {
    // A browser on another name for this server (localhost vs 127.0.0.1) would get its state cookie on
    // a host the callback never reaches; move it to the public origin first (once: proxies may rewrite).
    const here = new URL(c.req.url);
    if (here.origin !== ctx.redirects.origin() && !here.searchParams.has('at_public_origin')) {
      return c.redirect(`${ctx.redirects.origin()}${here.pathname}?at_public_origin=1`, 302);
    }
    const { platform, error } = platformFor(c.req.param('source'));
    if (error || !platform) return toError(c, platform, error ?? MSG.platformUnsupported);
    const redirectUri = ctx.redirects.target(platform.redirectUri);
    if (!redirectUri) throw new PageError('登录配置错误', '网站应用的授权回调地址 (redirect_uri) 未配置或不在允许的地址范围内。');
    let browser = getCookie(c, BROWSER_COOKIE);
    if (!browser || !/^[A-Za-z0-9_-]{32,64}$/.test(browser)) {
      browser = randomBytes(24).toString('base64url');
      setCookie(c, BROWSER_COOKIE, browser, { path: '/', httpOnly: true, sameSite: 'Lax' });
    }
    // JustAuth's AuthStateUtils.createState(): a UUID without dashes.
    const state = randomUUID().replace(/-/g, '');
    ctx.kv.set(keys.state(state), { source: platform.platform, browser: sha256(browser) } satisfies StateValue, TTL.state);
    return c.redirect(ctx.wechat.qrconnectUrl(platform.clientId, redirectUri, state), 302);
  });

  app.get('/callback/:source', async (c) => {
    const { platform, error } = platformFor(c.req.param('source'));
    if (error || !platform) return toError(c, platform, error ?? MSG.platformUnsupported);
    const code = c.req.query('code') ?? c.req.query('auth_code') ?? '';
    const state = c.req.query('state') ?? '';
    // JustAuth checks the code first, then the state.
    if (!code) return toError(c, platform, MSG.illegalCode);
    const saved = state ? ctx.kv.take<StateValue>(keys.state(state)) : undefined;
    const browser = getCookie(c, BROWSER_COOKIE);
    if (!saved || saved.source !== platform.platform || !browser || sha256(browser) !== saved.browser) return toError(c, platform, MSG.illegalState);

    const token = await ctx.wechat.oauthAccessToken(platform.clientId, platform.secretKey, code);
    if (!token.ok) return toError(c, platform, token.errcode === undefined ? MSG.wechatUnreachable : token.errmsg);
    const openid = String(token.body.openid ?? '');
    const accessToken = String(token.body.access_token ?? '');
    if (!openid || !accessToken) return toError(c, platform, MSG.wechatUnreachable);
    const info = await ctx.wechat.userinfo(accessToken, openid);
    if (!info.ok) return toError(c, platform, info.errcode === undefined ? MSG.wechatUnreachable : info.errmsg);
    const unionid = String(info.body.unionid ?? token.body.unionid ?? '') || null;

    // createOrUpdateSocialUser, then the loginId / bindId decision (docs/wire/fastbee.md#the-callback).
    const now = ctx.clock.now();
    const existing = ctx.socialUsers.find(openid, SOURCE.web);
    const crossAppUserId = !isBound(existing) ? ctx.socialUsers.sysUserIdByUnionId(unionid) : undefined;
    const fields = {
      accessToken,
      refreshToken: String(token.body.refresh_token ?? ''),
      expireIn: Number(token.body.expires_in ?? 0) || null,
      openId: openid,
      unionId: unionid,
      scope: String(token.body.scope ?? ''),
      code,
      avatar: String(info.body.headimgurl ?? ''),
      username: String(info.body.nickname ?? ''),
      nickname: String(info.body.nickname ?? ''),
      gender: Number(info.body.sex ?? 0),
      updateBy: 'System',
      sourceClient: platform.platform,
    };
    let social: SocialUser;
    if (existing) {
      ctx.socialUsers.update(existing.socialUserId, { ...fields, ...(crossAppUserId ? { sysUserId: crossAppUserId, status: '1' } : {}) }, now);
      social = ctx.socialUsers.byId(existing.socialUserId)!;
    } else {
      social = ctx.socialUsers.insert(
        { uuid: openid, source: SOURCE.web, createBy: 'System', ...fields, status: crossAppUserId ? '1' : '0', sysUserId: crossAppUserId ?? null },
        now,
      );
    }
    const user = isBound(social) ? ctx.users.byId(social.sysUserId) : undefined;
    if (!user) {
      const bindId = genBindId(ctx.kv, { uuid: social.uuid, source: social.source, socialUserId: social.socialUserId });
      return toConfigured(c, platform.bindUri, bindId, 'bind_uri');
    }
    const loginId = genLoginId(ctx.kv, { userId: user.userId, username: user.userName });
    return toConfigured(c, platform.redirectLoginUri, loginId, 'redirect_login_uri');
  });

  // Single use: FastBee leaves the key until its 60 s TTL, so a leaked loginId logs anyone in meanwhile.
  app.get('/login/:loginId', (c) => {
    const v = ctx.kv.take<LoginIdValue>(keys.login(c.req.param('loginId')));
    const user = v ? ctx.users.byId(v.userId) : undefined;
    if (!user) throw new ServiceError(MSG.loginIdUnknown, 502);
    return send(c, ok({ token: accounts.loginAs(user, clientIp(c)) }));
  });

  // Quirk kept: a known bindId comes back in msg with no bindAccount key; an unknown one gets bindAccount:false.
  app.get('/checkBindId/:bindId?', (c) => {
    const bindId = c.req.param('bindId') ?? '';
    const v = bindId ? ctx.kv.get<BindIdValue>(keys.bind(bindId)) : undefined;
    if (!v) return send(c, ok({ bindAccount: false }));
    return send(c, okMsg(bindId));
  });

  // Quirk kept: a stored message is an error envelope (code 500); nothing stored is 502 with an empty msg.
  app.get('/getErrorMsg/:errorId?', (c) => {
    const id = c.req.param('errorId') ?? '';
    const msg = id ? ctx.kv.get<string>(keys.error(id)) : undefined;
    throw msg === undefined ? new ServiceError('', 502) : new ServiceError(msg, 500);
  });

  return app;
}
