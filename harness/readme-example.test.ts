// The complete example of README.md ("Test your own flows with the harness"), kept runnable.
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startSandbox, type Sandbox } from './index.ts';

let s: Sandbox;
beforeAll(async () => { s = await startSandbox({ browser: true }); });
afterAll(() => s.close());

test('an unbound WeChat user binds the admin account, then signs in directly', async () => {
  // In a real browser: the login page, "WeChat login", the persona confirms in the dev panel.
  const page = await s.newPage();
  await s.target.pages.openLogin(page);
  await s.target.pages.startWechatLogin(page);
  const back = page.waitForNavigation();
  await s.user('wangwu').confirmInPage(page);
  await back;
  expect(await s.target.pages.isOnBindPage(page)).toBe(true);
  await s.target.pages.bindExisting(page, 'admin', 'admin123');
  expect(await s.target.pages.loggedInUser(page)).toBe('admin');

  // Without a browser: the same person in the mobile app is now signed in at once (same unionid).
  const { result } = await s.mobileApp().login('wangwu');
  expect(result?.data.token).toBeTruthy();

  // SMS: the target sends a code; the inbox has it.
  const since = new Date().toISOString();
  await s.target.api.sendSmsLoginCode('15888888888');
  const code = await s.sms.waitForCode('15888888888', { since });
  expect((await s.target.api.smsLogin({ phonenumber: '15888888888', smsCode: code })).code).toBe(200);
});
