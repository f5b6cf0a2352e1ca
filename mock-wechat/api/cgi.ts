import { Hono } from 'hono';
import type { WechatCtx } from '../context.ts';
import { WxError } from '../errors.ts';
import type { AppTokenRow } from '../grants.ts';
import { tagJournal } from '../../core/journal.ts';
import type { TicketType } from '../tickets.ts';
import { appFromToken, authenticateApp, credsOf } from './app-auth.ts';
import { readParams } from './params.ts';
import { faultGate, wxJson } from './respond.ts';

/** /cgi-bin/token and /cgi-bin/stable_token: the app-level access token; /cgi-bin/ticket/getticket: the JS-SDK ticket. */
export function cgiRoutes(ctx: WechatCtx): Hono {
  const app = new Hono();
  const tokenBody = (t: AppTokenRow) => ({ access_token: t.access_token, expires_in: Math.max(0, Math.round((t.expires_at - ctx.clock.now()) / 1000)) });

  // GET as documented; POST with the same parameters in the query or a form body, as on /sns/*.
  app.on(['GET', 'POST'], '/token', async (c) => {
    const p = await readParams(c, { body: 'form' });
    if (p.problem) throw new WxError(p.problem);
    const a = authenticateApp(ctx, c, credsOf(p), { checkIp: true });
    if (p.get('grant_type') !== 'client_credential') throw new WxError(40002);
    await faultGate(ctx, c, { appid: a.appid });
    return wxJson(ctx, c, tokenBody(ctx.grants.issueAppToken(a.appid)));
  });

  // A JSON body only (the documented request); the query is not read.
  app.post('/stable_token', async (c) => {
    const p = await readParams(c, { body: 'json', required: true });
    if (p.problem) throw new WxError(p.problem);
    const { field } = p;
    // Fields of the wrong JSON type are a format error, not something to coerce (["wx…"] is no appid).
    if (['appid', 'secret', 'grant_type'].some((k) => field(k) !== undefined && field(k) !== null && typeof field(k) !== 'string')) throw new WxError(47001);
    const text = (k: string) => (typeof field(k) === 'string' ? (field(k) as string) : '');
    const a = authenticateApp(ctx, c, { appid: text('appid'), secret: text('secret') }, { checkIp: true });
    if (field('grant_type') !== 'client_credential') throw new WxError(40002);
    await faultGate(ctx, c, { appid: a.appid });
    const r = ctx.grants.stableToken(a.appid, field('force_refresh') === true || field('force_refresh') === 'true');
    if (!r.ok) throw new WxError(r.errcode);
    return wxJson(ctx, c, tokenBody(r.row));
  });

  // GET as documented; POST by analogy with /cgi-bin/token. Official Accounts only (docs/mock-wechat.md#js-sdk).
  app.on(['GET', 'POST'], '/ticket/getticket', async (c) => {
    const p = await readParams(c, { body: 'form' });
    if (p.problem) throw new WxError(p.problem);
    const a = appFromToken(ctx, p.get('access_token'));
    tagJournal(c, { appid: a.appid });
    if (a.type !== 'official') throw new WxError(48001);
    const type = p.get('type');
    if (type !== 'jsapi' && type !== 'wx_card') throw new WxError(40097);
    await faultGate(ctx, c, { appid: a.appid });
    const t = ctx.tickets.current(a.appid, type as TicketType);
    return wxJson(ctx, c, { errcode: 0, errmsg: 'ok', ticket: t.ticket, expires_in: Math.max(0, Math.round((t.expires_at - ctx.clock.now()) / 1000)) });
  });

  return app;
}
