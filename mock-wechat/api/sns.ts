import { Hono } from 'hono';
import type { WechatCtx } from '../context.ts';
import type { SnsTokenRow } from '../grants.ts';
import { authenticateApp, credsOf } from './app-auth.ts';
import { readParams, type BodySpec } from './params.ts';
import { faultGate, wxFail, wxJson } from './respond.ts';
import { userinfoBody } from './userinfo.ts';

const SNS = { sns: true } as const;
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
    if (p.problem) return wxFail(ctx, c, p.problem, SNS);
    const a = authenticateApp(ctx, c, credsOf(p), { ...SNS, types: ['web', 'mobile', 'official'] });
    if (a instanceof Response) return a;
    const grant = p.get('grant_type');
    if (grant && grant !== 'authorization_code') return wxFail(ctx, c, 40002, SNS);
    const code = p.get('code');
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

  app.on(METHODS, '/oauth2/refresh_token', async (c) => {
    const p = await readParams(c, SNS_PARAMS);
    if (p.problem) return wxFail(ctx, c, p.problem, SNS);
    const appid = p.get('appid');
    if (!appid) return wxFail(ctx, c, 41002, SNS);
    const a = ctx.world.appByAppid(appid);
    if (!a) return wxFail(ctx, c, 40013, SNS);
    const grant = p.get('grant_type');
    if (grant && grant !== 'refresh_token') return wxFail(ctx, c, 40002, SNS);
    const refresh = p.get('refresh_token');
    if (!refresh) return wxFail(ctx, c, 41003, SNS);
    const fault = await faultGate(ctx, c, { appid }, SNS);
    if (fault) return fault;
    const r = ctx.grants.refreshSnsToken(appid, refresh);
    if (!r.ok) return wxFail(ctx, c, r.errcode, SNS);
    if (!ctx.world.getPersona(r.row.persona)) return wxFail(ctx, c, 40030, SNS);
    return wxJson(ctx, c, tokenBody(r.row, false), SNS);
  });

  /** Shared checks of userinfo and auth: 41001, 41009, 40001 unknown, 42001 expired, 40003 wrong openid. */
  async function userToken(c: Parameters<typeof wxFail>[1]): Promise<SnsTokenRow | Response> {
    const p = await readParams(c, SNS_PARAMS);
    if (p.problem) return wxFail(ctx, c, p.problem, SNS);
    const token = p.get('access_token');
    if (!token) return wxFail(ctx, c, 41001, SNS);
    const openid = p.get('openid');
    if (!openid) return wxFail(ctx, c, 41009, SNS);
    const t = ctx.grants.snsToken(token);
    if (!t) return wxFail(ctx, c, 40001, SNS);
    if (ctx.clock.now() >= t.expires_at) return wxFail(ctx, c, 42001, SNS);
    const persona = ctx.world.getPersona(t.persona);
    if (!persona || ctx.world.openidFor(persona, t.appid) !== openid) return wxFail(ctx, c, 40003, SNS);
    return t;
  }

  app.on(METHODS, '/userinfo', async (c) => {
    const t = await userToken(c);
    if (t instanceof Response) return t;
    const fault = await faultGate(ctx, c, { appid: t.appid, persona: t.persona }, SNS);
    if (fault) return fault;
    if (t.scope === 'snsapi_base') return wxFail(ctx, c, 48001, SNS);
    return wxJson(ctx, c, userinfoBody(ctx, ctx.world.getPersona(t.persona)!, ctx.world.appByAppid(t.appid)!), SNS);
  });

  app.on(METHODS, '/auth', async (c) => {
    const t = await userToken(c);
    if (t instanceof Response) return t;
    const fault = await faultGate(ctx, c, { appid: t.appid, persona: t.persona }, SNS);
    if (fault) return fault;
    return wxJson(ctx, c, { errcode: 0, errmsg: 'ok' }, SNS);
  });

  // WxJava and wechatpy append an access_token here; it is accepted and ignored.
  app.on(METHODS, '/jscode2session', async (c) => {
    const p = await readParams(c, SNS_PARAMS);
    if (p.problem) return wxFail(ctx, c, p.problem, SNS);
    const a = authenticateApp(ctx, c, credsOf(p), { ...SNS, types: ['miniprogram'] });
    if (a instanceof Response) return a;
    const grant = p.get('grant_type');
    if (grant && grant !== 'authorization_code') return wxFail(ctx, c, 40002, SNS);
    const code = p.get('js_code');
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
