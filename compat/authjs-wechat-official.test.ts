import { expect, test } from 'vitest';
import type { Sandbox } from '../harness/index.ts';
import { APPS, Wx } from '../mock-wechat/test-support.ts';
import { useAuthjsSite, type AuthjsSite } from './authjs-support.ts';

/**
 * Auth.js (@auth/core) with its WeChat provider at its default platformType, "OfficialAccount":
 * the Official Account's web authorization (/connect/oauth2/authorize, scope snsapi_userinfo)
 * inside WeChat's browser. Only the provider's three URLs point at the sandbox; every request of
 * the browser goes through Auth() behind a plain HTTP listener (authjs-support.ts); the browser is real Chromium with
 * WeChat's User-Agent (s.wechatBrowser), and the persona allows on the mock's consent page.
 */
let s: Sandbox;
let site: AuthjsSite;

useAuthjsSite({ app: APPS.official, authorizePath: '/connect/oauth2/authorize' }, (sandbox, authjs) => {
  s = sandbox;
  site = authjs;
});

test("signs a persona in through the Official Account's consent page; the session carries the Official Account's openid and the account's unionid", async () => {
  const wechat = await s.wechatBrowser('lisi');
  const page = wechat.page;
  await site.signIn(page);
  // The provider's default: /connect/oauth2/authorize with scope snsapi_userinfo.
  const authorize = new URL(page.url());
  expect(`${authorize.origin}${authorize.pathname}`).toBe(`${s.wechatUrl}/connect/oauth2/authorize`);
  expect(authorize.searchParams.get('scope')).toBe('snsapi_userinfo');
  expect(authorize.searchParams.get('appid')).toBe(APPS.official.appid);
  await page.waitForSelector('[data-testid=oauth-consent]');
  expect(await page.$eval('[data-testid=dev-persona]', (el) => (el as HTMLSelectElement).value)).toBe('lisi');

  // 允许, as the person inside WeChat taps it.
  await page.click('[data-testid=oauth-allow]');
  await site.landed(page, s);

  const session = await site.session(page);
  expect(session).toMatchObject({
    user: { name: '李四', image: expect.stringMatching(/^https:\/\/thirdwx\.qlogo\.cn\/mmopen\//) },
    openid: await s.wechat.openid('lisi', 'official'),
    unionid: await s.wechat.unionid('lisi'),
    scope: 'snsapi_userinfo',
  });
  // The same person's unionid on the website app: one Open Platform account, one unionid.
  const webCode = await s.wechat.code('web', 'lisi');
  const web = (await new Wx(s.wechatUrl).exchange(APPS.web, webCode)).body;
  expect(session.unionid).toBe(web.unionid);
  expect(session.openid).not.toBe(web.openid);

  // The authorize call is in the journal under the app and the persona.
  const authorizeCalls = await s.wechat.journal({ path: '/connect/oauth2/authorize', persona: 'lisi' });
  expect(authorizeCalls.map((e) => e.method)).toEqual(['POST']);
  await page.close();
});
