import { Hono, type Context } from 'hono';
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { WechatCtx } from '../context.ts';
import { WxError } from '../errors.ts';
import type { App, Persona } from '../world/types.ts';
import { appFromToken as appToken } from './app-auth.ts';
import { readParams, type WxParams } from './params.ts';
import { faultGate, wxJson } from './respond.ts';

/** The mini-program server APIs under /wxa: phone number and session-key checks. */
export function wxaRoutes(ctx: WechatCtx): Hono {
  const app = new Hono();

  const appFromToken = (p: WxParams): App => appToken(ctx, p.get('access_token'));

  // FastBee posts this JSON with Content-Type x-www-form-urlencoded; the body is read as JSON whatever the type says.
  app.post('/business/getuserphonenumber', async (c) => {
    const p = await readParams(c, { body: 'json', required: true });
    const a = appFromToken(p);
    if (p.problem) throw new WxError(p.problem);
    const code = typeof p.field('code') === 'string' ? (p.field('code') as string) : '';
    if (!code) throw new WxError(41008);
    const peek = ctx.grants.peekCode(code);
    await faultGate(ctx, c, { appid: a.appid, persona: peek?.persona });
    const r = ctx.grants.redeemCode('phone', a.appid, code, peek);
    if (!r.ok) throw new WxError(r.errcode, { hint: r.errcode === 40029 });
    const persona = ctx.world.getPersona(r.row.persona);
    if (!persona?.phone) throw new WxError(40029, { hint: true });
    const openid = p.field('openid');
    if (typeof openid === 'string' && openid && openid !== ctx.world.openidFor(persona, a.appid)) throw new WxError(40029, { hint: true });
    ctx.grants.chargePhoneCall(a);
    return wxJson(ctx, c, { errcode: 0, errmsg: 'ok', phone_info: phoneInfo(persona, a, ctx.clock.nowSeconds()) });
  });

  /** Shared by checksession and resetusersessionkey: the params may come in the query or a JSON body. */
  async function sessionCall(c: Context): Promise<{ app: App; persona: Persona; key: string }> {
    const p = await readParams(c, { body: 'json' });
    const a = appFromToken(p);
    if (p.problem) throw new WxError(p.problem);
    if (p.get('sig_method') !== 'hmac_sha256') throw new WxError(87008);
    const openid = p.get('openid');
    if (!openid) throw new WxError(41009);
    const persona = ctx.world.personaByOpenid(a.appid, openid);
    await faultGate(ctx, c, { appid: a.appid, persona: persona?.id });
    const key = persona && ctx.grants.sessionKey(a.appid, persona.id);
    if (!persona || !key) throw new WxError(87009);
    // The HMAC key is the session_key text itself (not its base64 decoding), over an empty message.
    // Compared as text: Buffer.from(hex) would skip trailing junk and accept upper case.
    const expected = Buffer.from(createHmac('sha256', key).update('').digest('hex'));
    const given = Buffer.from(p.get('signature'));
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw new WxError(87009);
    return { app: a, persona, key };
  }

  for (const method of ['get', 'post'] as const) {
    app[method]('/checksession', async (c) => {
      await sessionCall(c);
      return wxJson(ctx, c, { errcode: 0, errmsg: 'ok' });
    });
    app[method]('/resetusersessionkey', async (c) => {
      const r = await sessionCall(c);
      const key = ctx.grants.resetSession(r.app.appid, r.persona.id);
      return wxJson(ctx, c, { errcode: 0, errmsg: 'ok', openid: ctx.world.openidFor(r.persona, r.app.appid), session_key: key });
    });
  }

  return app;
}

/** phone_info as captured: countryCode a string, mainland numbers without +86, watermark last. */
export function phoneInfo(persona: Persona, app: App, nowSeconds: number) {
  const pure = persona.phone!;
  return {
    phoneNumber: persona.countryCode === '86' ? pure : `+${persona.countryCode}${pure}`,
    purePhoneNumber: pure,
    countryCode: persona.countryCode,
    watermark: { timestamp: nowSeconds, appid: app.appid },
  };
}
