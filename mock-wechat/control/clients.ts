import { Hono, type Context } from 'hono';
import { createCipheriv, randomBytes } from 'node:crypto';
import { jsonObject } from '../../core/control.ts';
import { ControlError } from '../../core/control-errors.ts';
import { tagJournal } from '../../core/journal.ts';
import type { WechatCtx } from '../context.ts';
import { phoneInfo } from '../api/wxa.ts';
import type { App, AppType, Persona } from '../world/types.ts';
import type { CodeKind } from '../grants.ts';

type Resolved = { app: App; persona: Persona; body: Record<string, unknown> };

/** Reads {appid (or app key), persona} and checks both exist and the app is of an allowed type. */
async function resolve(ctx: WechatCtx, c: Context, types: AppType[]): Promise<Resolved> {
  const body = await jsonObject(c);
  const app = typeof body.appid === 'string' ? ctx.world.getApp(body.appid) : undefined;
  if (!app) throw new ControlError('unknown_app', `no app ${String(body.appid ?? '(appid missing)')}`);
  if (!types.includes(app.type)) throw new ControlError('wrong_app_type', `app ${app.appid} is a ${app.type} app; this needs ${types.join(' or ')}`);
  const persona = typeof body.persona === 'string' ? ctx.world.getPersona(body.persona) : undefined;
  if (!persona) throw new ControlError('unknown_persona', `no persona ${String(body.persona ?? '(persona missing)')}`);
  tagJournal(c, { appid: app.appid, persona: persona.id, phone: persona.phone ?? undefined });
  return { app, persona, body };
}

/** AES-128-CBC under the session_key, PKCS#7, as wx.getPhoneNumber's encryptedData. */
function encryptForSession(sessionKey: string, payload: unknown): { encryptedData: string; iv: string } {
  const iv = randomBytes(16);
  const cipher = createCipheriv('aes-128-cbc', Buffer.from(sessionKey, 'base64'), iv);
  const data = Buffer.concat([cipher.update(JSON.stringify(payload), 'utf8'), cipher.final()]);
  return { encryptedData: data.toString('base64'), iv: iv.toString('base64') };
}

/** What the WeChat app and client SDKs hand to a login system: the mobile OpenSDK, wx.login, getPhoneNumber. */
export function clientRoutes(ctx: WechatCtx): Hono {
  const app = new Hono();

  // SendAuth.Resp. A standard-base app's login happens under DCloud's HBuilder appid.
  app.post('/sdk/auth', async (c) => {
    const r = await resolve(ctx, c, ['mobile']);
    const state = typeof r.body.state === 'string' ? r.body.state : '';
    const base = { state, lang: 'zh_CN', country: 'CN' };
    const result = r.body.result ?? 'ok';
    if (result === 'cancel') return c.json({ errCode: -2, errStr: '', ...base, code: '' });
    if (result === 'deny') return c.json({ errCode: -4, errStr: 'Auth denied', ...base, code: '' });
    if (result !== 'ok') throw new ControlError('bad_result', 'result must be "ok", "cancel" or "deny"');
    const loginApp = ctx.world.loginApp(r.app);
    const scope = typeof r.body.scope === 'string' && r.body.scope ? r.body.scope : 'snsapi_userinfo';
    const code = ctx.grants.issueCode('sns', loginApp.appid, r.persona.id, scope);
    const resp: Record<string, unknown> = { errCode: 0, errStr: '', code, ...base, appid: loginApp.appid };
    // uni.login without onlyAuthorize: the device itself exchanges the code with the manifest's (or DCloud's) appid.
    if (r.body.exchange === true) {
      ctx.grants.redeemCode('sns', loginApp.appid, code);
      const t = ctx.grants.issueSnsToken(loginApp.appid, r.persona.id, scope);
      const authResult: Record<string, unknown> = {
        access_token: t.access_token,
        expires_in: Math.round((t.expires_at - ctx.clock.now()) / 1000),
        refresh_token: t.refresh_token,
        openid: ctx.world.openidFor(r.persona, loginApp.appid),
        scope,
      };
      const unionid = ctx.world.unionidFor(r.persona, loginApp);
      if (unionid) authResult.unionid = unionid;
      resp.authResult = authResult;
    }
    return c.json(resp);
  });

  app.post('/miniprogram/login', async (c) => {
    const r = await resolve(ctx, c, ['miniprogram']);
    return c.json({ errMsg: 'login:ok', code: ctx.grants.issueCode('js', r.app.appid, r.persona.id) });
  });

  app.post('/miniprogram/phone', async (c) => {
    const r = await resolve(ctx, c, ['miniprogram']);
    if (r.body.result === 'deny') return c.json({ errMsg: 'getPhoneNumber:fail user deny' });
    if (!r.persona.phone) throw new ControlError('no_phone', `persona ${r.persona.id} has no phone number`);
    if (!ctx.grants.tapPhoneButton(r.app)) return c.json({ errMsg: 'getPhoneNumber:fail no quota', errno: 1400001 });
    const resp: Record<string, unknown> = { errMsg: 'getPhoneNumber:ok', code: ctx.grants.issueCode('phone', r.app.appid, r.persona.id) };
    const sessionKey = ctx.grants.sessionKey(r.app.appid, r.persona.id);
    if (sessionKey) {
      const info = phoneInfo(r.persona, r.app, ctx.clock.nowSeconds());
      Object.assign(resp, encryptForSession(sessionKey, { ...info, watermark: { appid: info.watermark.appid, timestamp: info.watermark.timestamp } }));
    }
    return c.json(resp);
  });

  // A code without any client: the quickest way for a test to log a persona in.
  app.post('/codes', async (c) => {
    const r = await resolve(ctx, c, ['web', 'mobile', 'official', 'miniprogram']);
    const kind = (r.body.kind ?? (r.app.type === 'miniprogram' ? 'js' : 'sns')) as CodeKind;
    if (!['sns', 'js', 'phone'].includes(kind)) throw new ControlError('bad_kind', 'kind must be sns, js or phone');
    if ((kind === 'sns') === (r.app.type === 'miniprogram'))
      throw new ControlError('wrong_app_type', `${kind} codes are for ${kind === 'sns' ? 'web/mobile/official' : 'mini program'} apps`);
    if (kind === 'phone' && !r.persona.phone) throw new ControlError('no_phone', `persona ${r.persona.id} has no phone number`);
    const loginApp = ctx.world.loginApp(r.app);
    const scope = typeof r.body.scope === 'string' ? r.body.scope : kind === 'sns' ? (r.app.type === 'web' ? 'snsapi_login' : 'snsapi_userinfo') : '';
    return c.json({ code: ctx.grants.issueCode(kind, loginApp.appid, r.persona.id, scope), appid: loginApp.appid, kind }, 201);
  });

  return app;
}
