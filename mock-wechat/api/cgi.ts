import { Hono } from 'hono';
import type { WechatCtx } from '../context.ts';
import type { AppTokenRow } from '../grants.ts';
import { authenticateApp, credsFromQuery } from './app-auth.ts';
import { faultGate, param, wxFail, wxJson } from './respond.ts';

/** /cgi-bin/token and /cgi-bin/stable_token: the app-level access token. */
export function cgiRoutes(ctx: WechatCtx): Hono {
  const app = new Hono();
  const tokenBody = (t: AppTokenRow) => ({ access_token: t.access_token, expires_in: Math.max(0, Math.round((t.expires_at - ctx.clock.now()) / 1000)) });

  app.get('/token', async (c) => {
    const a = authenticateApp(ctx, c, credsFromQuery(c), { checkIp: true });
    if (a instanceof Response) return a;
    if (param(c, 'grant_type') !== 'client_credential') return wxFail(ctx, c, 40002);
    const fault = await faultGate(ctx, c, { appid: a.appid });
    if (fault) return fault;
    return wxJson(ctx, c, tokenBody(ctx.grants.issueAppToken(a.appid)));
  });

  app.post('/stable_token', async (c) => {
    const text = await c.req.text();
    if (!text.trim()) return wxFail(ctx, c, 44002);
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(text);
      if (!body || typeof body !== 'object' || Array.isArray(body)) throw new Error('not an object');
    } catch {
      return wxFail(ctx, c, 47001);
    }
    // Fields of the wrong JSON type are a format error, not something to coerce (["wx…"] is no appid).
    if (['appid', 'secret', 'grant_type'].some((k) => body[k] !== undefined && body[k] !== null && typeof body[k] !== 'string')) return wxFail(ctx, c, 47001);
    const a = authenticateApp(ctx, c, { appid: (body.appid as string | null) ?? '', secret: (body.secret as string | null) ?? '' }, { checkIp: true });
    if (a instanceof Response) return a;
    if (body.grant_type !== 'client_credential') return wxFail(ctx, c, 40002);
    const fault = await faultGate(ctx, c, { appid: a.appid });
    if (fault) return fault;
    const r = ctx.grants.stableToken(a.appid, body.force_refresh === true || body.force_refresh === 'true');
    if (!r.ok) return wxFail(ctx, c, r.errcode);
    return wxJson(ctx, c, tokenBody(r.row));
  });

  return app;
}
