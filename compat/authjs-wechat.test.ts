import { expect, test } from 'vitest';
import type { Sandbox } from '../harness/index.ts';
import { APPS } from '../mock-wechat/test-support.ts';
import { useAuthjsSite, type AuthjsSite } from './authjs-support.ts';

/**
 * Auth.js (@auth/core) with its WeChat provider as shipped, website QR login, only its three URLs
 * pointed at the sandbox. Every request of the browser goes through Auth() (Request → Response)
 * behind a plain HTTP listener (authjs-support.ts); the persona confirms on the mock's QR page in real Chromium.
 * The provider POSTs the code exchange: appid and secret in the query, grant_type, code and
 * redirect_uri in a form body, client credentials in a Basic header (docs/wire/wechat-requests.md,
 * docs/clients.md).
 */
let s: Sandbox;
let site: AuthjsSite;

useAuthjsSite({ app: APPS.web, platformType: 'WebsiteApp', authorizePath: '/connect/qrconnect' }, (sandbox, authjs) => {
  s = sandbox;
  site = authjs;
});

test('signs a persona in through the QR page; the session carries its openid, unionid and nickname', async () => {
  const page = await s.newPage();
  // Auth.js's own sign-in page, its WeChat button, and on to the mock's QR page.
  await site.signIn(page);
  expect(page.url().startsWith(`${s.wechatUrl}/connect/qrconnect?`), page.url()).toBe(true);

  await s.user('zhaoliu').confirmInPage(page);
  // The QR page sends the browser to Auth.js's callback, which exchanges the code and redirects on.
  await site.landed(page, s);

  // The session as Auth() serves it to the signed-in browser.
  const session = await site.session(page);
  const persona = await s.wechat.persona('zhaoliu');
  expect(session).toMatchObject({
    user: { name: '赵六🌸', image: expect.stringMatching(/^https:\/\/thirdwx\.qlogo\.cn\/mmopen\//) },
    openid: await s.wechat.openid('zhaoliu', 'web'),
    unionid: await s.wechat.unionid('zhaoliu'),
  });
  expect(persona.nickname).toBe('赵六🌸');

  // What the provider sent: POST, secret in the query, the rest in a form body, a Basic header.
  const [exchange] = await s.wechat.journal({ path: '/sns/oauth2/access_token' });
  expect(exchange).toMatchObject({
    method: 'POST',
    request: { headers: { authorization: expect.stringMatching(/^Basic /), 'content-type': expect.stringMatching(/^application\/x-www-form-urlencoded/) } },
  });
  expect(exchange!.query).toMatch(/(^|&)appid=wx3a1c5e7f9b2d4680(&|$)/);
  expect(String(exchange!.request.body)).toMatch(/grant_type=authorization_code/);
  // The secret reached the mock in the query and, base64-encoded, in the header: the journal shows neither.
  const journalText = JSON.stringify(exchange);
  for (const leak of [APPS.web.secret, Buffer.from(`${APPS.web.appid}:${APPS.web.secret}`).toString('base64')]) expect(journalText).not.toContain(leak);
  await page.close();
});
