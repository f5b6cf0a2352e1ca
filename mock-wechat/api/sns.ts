import { Hono } from 'hono';
import type { WechatCtx } from '../context.ts';
import type { SnsTokenRow } from '../grants.ts';
import { authenticateApp, credsFromQuery } from './app-auth.ts';
import { faultGate, param, wxFail, wxJson } from './respond.ts';
import { userinfoBody } from './userinfo.ts';

const SNS = { sns: true } as const;

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

  app.get('/oauth2/access_token', async (c) => {
    const a = authenticateApp(ctx, c, credsFromQuery(c), { ...SNS, types: ['web', 'mobile', 'official'] });
    if (a instanceof Response) return a;
    const grant = param(c, 'grant_type');
    if (grant && grant !== 'authorization_code') return wxFail(ctx, c, 40002, SNS);
    const code = param(c, 'code');
    if (!code) return wxFail(ctx, c, 41008, SNS);
    const peeked = ctx.grants.peekCode(code);
    const fault = await faultGate(ctx, c, { appid: a.appid, persona: peeked?.persona }, SNS);
    if (fault) return fault;
    const r = ctx.grants.redeemCode('sns', a.appid, code, peeked);
    if (!r.ok) return wxFail(ctx, c, r.errcode, SNS);
    if (!ctx.world.getPersona(r.row.persona)) return wxFail(ctx, c, 40029, SNS);
    const t = ctx.grants.issueSnsToken(a.appid, r.row.persona, r.row.scope);
    return wxJson(ctx, c, tokenBody(t, true), SNS);
  });

  app.get('/oauth2/refresh_token', async (c) => {
    const appid = param(c, 'appid');
    if (!appid) return wxFail(ctx, c, 41002, SNS);
    const a = ctx.world.appByAppid(appid);
    if (!a) return wxFail(ctx, c, 40013, SNS);
    const grant = param(c, 'grant_type');
    if (grant && grant !== 'refresh_token') return wxFail(ctx, c, 40002, SNS);
    const refresh = param(c, 'refresh_token');
    if (!refresh) return wxFail(ctx, c, 41003, SNS);
    const fault = await faultGate(ctx, c, { appid }, SNS);
    if (fault) return fault;
    const r = ctx.grants.refreshSnsToken(appid, refresh);
    if (!r.ok) return wxFail(ctx, c, r.errcode, SNS);
    if (!ctx.world.getPersona(r.row.persona)) return wxFail(ctx, c, 40030, SNS);
    return wxJson(ctx, c, tokenBody(r.row, false), SNS);
  });

  /** Shared checks of userinfo and auth: 41001, 41009, 40001 unknown, 42001 expired, 40003 wrong openid. */
  function userToken(c: Parameters<typeof wxFail>[1]): SnsTokenRow | Response {
    const token = param(c, 'access_token');
    if (!token) return wxFail(ctx, c, 41001, SNS);
    const openid = param(c, 'openid');
    if (!openid) return wxFail(ctx, c, 41009, SNS);
    const t = ctx.grants.snsToken(token);
    if (!t) return wxFail(ctx, c, 40001, SNS);
    if (ctx.clock.now() >= t.expires_at) return wxFail(ctx, c, 42001, SNS);
    const persona = ctx.world.getPersona(t.persona);
    if (!persona || ctx.world.openidFor(persona, t.appid) !== openid) return wxFail(ctx, c, 40003, SNS);
    return t;
  }

  app.get('/userinfo', async (c) => {
    const t = userToken(c);
    if (t instanceof Response) return t;
    const fault = await faultGate(ctx, c, { appid: t.appid, persona: t.persona }, SNS);
    if (fault) return fault;
    if (t.scope === 'snsapi_base') return wxFail(ctx, c, 48001, SNS);
    return wxJson(ctx, c, userinfoBody(ctx, ctx.world.getPersona(t.persona)!, ctx.world.appByAppid(t.appid)!), SNS);
  });

  app.get('/auth', async (c) => {
    const t = userToken(c);
    if (t instanceof Response) return t;
    const fault = await faultGate(ctx, c, { appid: t.appid, persona: t.persona }, SNS);
    if (fault) return fault;
    return wxJson(ctx, c, { errcode: 0, errmsg: 'ok' }, SNS);
  });

  // WxJava and wechatpy append an access_token here; it is accepted and ignored.
  app.get('/jscode2session', async (c) => {
    const a = authenticateApp(ctx, c, credsFromQuery(c), { ...SNS, types: ['miniprogram'] });
    if (a instanceof Response) return a;
    const grant = param(c, 'grant_type');
    if (grant && grant !== 'authorization_code') return wxFail(ctx, c, 40002, SNS);
    const code = param(c, 'js_code');
    if (!code) return wxFail(ctx, c, 41008, SNS);
    const peeked = ctx.grants.peekCode(code);
    const fault = await faultGate(ctx, c, { appid: a.appid, persona: peeked?.persona }, SNS);
    if (fault) return fault;
    const r = ctx.grants.redeemCode('js', a.appid, code, peeked);
    if (!r.ok) return wxFail(ctx, c, r.errcode, SNS);
    const persona = ctx.world.getPersona(r.row.persona);
    if (!persona) return wxFail(ctx, c, 40029, SNS);
    if (persona.risky) return wxFail(ctx, c, 40226, SNS);
    const body: Record<string, unknown> = { session_key: ctx.grants.newSession(a.appid, persona.id), openid: ctx.world.openidFor(persona, a.appid) };
    const unionid = ctx.world.unionidFor(persona, a);
    if (unionid) body.unionid = unionid;
    return wxJson(ctx, c, body, SNS);
  });

  return app;
}
