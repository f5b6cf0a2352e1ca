import { Hono, type Context } from 'hono';
import { setCookie } from 'hono/cookie';
import { tagJournal } from '../../core/journal.ts';
import type { WechatCtx } from '../context.ts';
import { AuthorizeResultPage, ConsentPage, OutsideWechatPage, SilentPersonaPage } from './authorize-page.tsx';
import { formFields, html, NO_STORE } from './page-response.ts';
import { callbackUrl } from './urls.ts';
import { validateAuthorize, type AuthorizeRequest } from './validate.ts';
import { browserPersona, inWechat, PERSONA_COOKIE } from './wechat-browser.ts';

/**
 * The Official Account's web authorization, open.weixin.qq.com/connect/oauth2/authorize
 * (docs/mock-wechat.md#official-account-web-authorization): inside WeChat's browser snsapi_base
 * goes straight back with a code, snsapi_userinfo asks first; outside it WeChat only says
 * "请在微信客户端打开链接". The codes go through the same exchange as every other sns code.
 */
export function oauth2Routes(ctx: WechatCtx): Hono {
  const app = new Hono();

  /** 302 to redirect_uri?code=&state= for the persona; the browser's WeChat is signed in as it from now on. */
  function allow(c: Context, req: AuthorizeRequest, persona: string): Response {
    tagJournal(c, { persona });
    const ttlMs = ctx.options.get().oauthCodeTtlSeconds * 1000;
    const code = ctx.grants.issueCode('sns', req.app.appid, persona, req.scope, ttlMs);
    setCookie(c, PERSONA_COOKIE, persona, { path: '/', sameSite: 'Lax' });
    return back(
      c,
      callbackUrl(req.redirectUri, [
        ['code', code],
        ['state', req.state],
      ]),
    );
  }

  /** A 302 to the site, never cached (it carries a single-use code, or a refusal). */
  function back(c: Context, url: string): Response {
    for (const [k, v] of Object.entries(NO_STORE)) c.header(k, v);
    return c.redirect(url, 302);
  }

  app.get('/authorize', (c) => {
    const appid = c.req.query('appid');
    if (appid) tagJournal(c, { appid });
    if (!inWechat(ctx, c)) return html(c, OutsideWechatPage());
    const req = validateAuthorize(ctx, (name) => c.req.query(name) ?? '');
    const persona = browserPersona(ctx, c);
    if (req.scope === 'snsapi_base') return persona ? allow(c, req, persona) : html(c, SilentPersonaPage({ req, personas: ctx.world.listPersonas() }));
    return html(c, ConsentPage({ req, personas: ctx.world.listPersonas(), selected: persona }));
  });

  // The consent page's 允许 / 拒绝 and the dev panel's buttons: the same checks again, then a code or a refusal.
  app.post('/authorize', async (c) => {
    const f = await formFields(c);
    if (f.appid) tagJournal(c, { appid: f.appid });
    const req = validateAuthorize(ctx, (name) => f[name] ?? '');
    if (f.action === 'deny') {
      if (ctx.options.get().refusal === 'redirect') return back(c, callbackUrl(req.redirectUri, [['state', req.state]]));
      return html(c, AuthorizeResultPage({ outcome: 'denied' }));
    }
    if (f.action !== 'allow') return html(c, AuthorizeResultPage({ outcome: 'error', message: 'action 只能为 allow 或 deny' }), 400);
    const persona = f.persona ?? '';
    if (!ctx.world.getPersona(persona)) return html(c, AuthorizeResultPage({ outcome: 'error', message: '请选择一个存在的模拟用户' }), 400);
    return allow(c, req, persona);
  });

  return app;
}
