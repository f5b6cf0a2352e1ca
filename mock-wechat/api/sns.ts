import { Hono, type Context } from 'hono';
import type { WechatCtx } from '../context.ts';
import { WxError } from '../errors.ts';
import type { SnsTokenRow } from '../grants.ts';
import { authenticateApp, credsOf } from './app-auth.ts';
import { readParams, type BodySpec } from './params.ts';
import { faultGate, wxJson } from './respond.ts';
import { userinfoBody } from './userinfo.ts';

/** Every /sns/* endpoint takes GET or POST, its parameters in the query and a form body alike. */
const SNS_PARAMS: BodySpec = { body: 'form' };
const METHODS = ['GET', 'POST'];

/** The /sns/* endpoints: web, mobile and Official Account OAuth, and the mini-program code exchange. */
export function snsRoutes(ctx: WechatCtx): Hono {
  const app = new Hono();

  function tokenBody(t: SnsTokenRow, withUnionid: boolean): Record<string, unknown> {
    const a = ctx.world.appByAppid(t.appid)!;
    const persona = ctx.world.getPersona(t.persona)!;
    const body: Record<string, unknown> = {
      access_token: t.access_token,
      expires_in: Math.max(0, Math.round((t.expires_at - ctx.clock.now()) / 1000)),
      refresh_token: t.refresh_token,
      openid: ctx.world.openidFor(persona, a.appid),
      scope: t.scope,
    };
    const unionid = withUnionid ? ctx.world.unionidFor(persona, a) : null;
    if (unionid && t.scope !== 'snsapi_base') body.unionid = unionid;
    return body;
  }

  app.on(METHODS, '/oauth2/access_token', async (c) => {
    const p = await readParams(c, SNS_PARAMS);
    if (p.problem) throw new WxError(p.problem);
    const a = authenticateApp(ctx, c, credsOf(p), { types: ['web', 'mobile', 'official'] });
    const grant = p.get('grant_type');
    if (grant && grant !== 'authorization_code') throw new WxError(40002);
    const code = p.get('code');
    if (!code) throw new WxError(41008);
    const peeked = ctx.grants.peekCode(code);
    await faultGate(ctx, c, { appid: a.appid, persona: peeked?.persona });
    const r = ctx.grants.redeemCode('sns', a.appid, code, peeked);
    if (!r.ok) throw new WxError(r.errcode);
    if (!ctx.world.getPersona(r.row.persona)) throw new WxError(40029);
    const t = ctx.grants.issueSnsToken(a.appid, r.row.persona, r.row.scope);
    return wxJson(ctx, c, tokenBody(t, true));
  });

  app.on(METHODS, '/oauth2/refresh_token', async (c) => {
    const p = await readParams(c, SNS_PARAMS);
    if (p.problem) throw new WxError(p.problem);
    const appid = p.get('appid');
    if (!appid) throw new WxError(41002);
    const a = ctx.world.appByAppid(appid);
    if (!a) throw new WxError(40013);
    const grant = p.get('grant_type');
    if (grant && grant !== 'refresh_token') throw new WxError(40002);
    const refresh = p.get('refresh_token');
    if (!refresh) throw new WxError(41003);
    await faultGate(ctx, c, { appid });
    const r = ctx.grants.refreshSnsToken(appid, refresh);
    if (!r.ok) throw new WxError(r.errcode);
    if (!ctx.world.getPersona(r.row.persona)) throw new WxError(40030);
    return wxJson(ctx, c, tokenBody(r.row, false));
  });

  /** Shared checks of userinfo and auth: 41001, 41009, 40001 unknown, 42001 expired, 40003 wrong openid. */
  async function userToken(c: Context): Promise<SnsTokenRow> {
    const p = await readParams(c, SNS_PARAMS);
    if (p.problem) throw new WxError(p.problem);
    const token = p.get('access_token');
    if (!token) throw new WxError(41001);
    const openid = p.get('openid');
    if (!openid) throw new WxError(41009);
    const t = ctx.grants.snsToken(token);
    if (!t) throw new WxError(40001);
    if (ctx.clock.now() >= t.expires_at) throw new WxError(42001);
    const persona = ctx.world.getPersona(t.persona);
    if (!persona || ctx.world.openidFor(persona, t.appid) !== openid) throw new WxError(40003);
    return t;
  }

  app.on(METHODS, '/userinfo', async (c) => {
    const t = await userToken(c);
    await faultGate(ctx, c, { appid: t.appid, persona: t.persona });
    if (t.scope === 'snsapi_base') throw new WxError(48001);
    return wxJson(ctx, c, userinfoBody(ctx, ctx.world.getPersona(t.persona)!, ctx.world.appByAppid(t.appid)!));
  });

  app.on(METHODS, '/auth', async (c) => {
    const t = await userToken(c);
    await faultGate(ctx, c, { appid: t.appid, persona: t.persona });
    return wxJson(ctx, c, { errcode: 0, errmsg: 'ok' });
  });

  // WxJava and wechatpy append an access_token here; it is accepted and ignored.
  app.on(METHODS, '/jscode2session', async (c) => {
    const p = await readParams(c, SNS_PARAMS);
    if (p.problem) throw new WxError(p.problem);
    const a = authenticateApp(ctx, c, credsOf(p), { types: ['miniprogram'] });
    const grant = p.get('grant_type');
    if (grant && grant !== 'authorization_code') throw new WxError(40002);
    const code = p.get('js_code');
    if (!code) throw new WxError(41008);
    const peeked = ctx.grants.peekCode(code);
    await faultGate(ctx, c, { appid: a.appid, persona: peeked?.persona });
    const r = ctx.grants.redeemCode('js', a.appid, code, peeked);
    if (!r.ok) throw new WxError(r.errcode);
    const persona = ctx.world.getPersona(r.row.persona);
    if (!persona) throw new WxError(40029);
    if (persona.risky) throw new WxError(40226);
    const body: Record<string, unknown> = { session_key: ctx.grants.newSession(a.appid, persona.id), openid: ctx.world.openidFor(persona, a.appid) };
    const unionid = ctx.world.unionidFor(persona, a);
    if (unionid) body.unionid = unionid;
    return wxJson(ctx, c, body);
  });

  return app;
}
