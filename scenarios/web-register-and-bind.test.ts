import { expect } from 'vitest';
import { scenario } from '../harness/scenario.ts';
import { browserWechatLogin, tokenFrom, userOf, webLoginViaApi } from './support.ts';

// Manual: first WeChat login → "register and bind" a new account → the WeChat login then signs
// that new account in directly.
scenario(
  'web QR register-and-bind, then log in again with WeChat',
  async (s) => {
    const page = await s.page();
    await browserWechatLogin(s, page, 'zhaoliu');
    await s.step('the bind page offers register-and-bind', async () => {
      expect(await s.target.pages.isOnBindPage(page)).toBe(true);
    });
    await s.step('register zhaoliu2026 and bind', () =>
      s.target.pages.registerAndBind(page, { username: 'zhaoliu2026', password: 'Zl-2026-pass', phone: '13700137001' }),
    );
    await s.step('signed in as the new account', async () => {
      expect(await s.target.pages.loggedInUser(page)).toBe('zhaoliu2026');
    });
    await s.step('a new WeChat login of zhaoliu signs zhaoliu2026 in directly', async () => {
      const { outcome } = await webLoginViaApi(s, 'zhaoliu');
      expect((await userOf(s, await tokenFrom(s, outcome))).userName).toBe('zhaoliu2026');
    });
    await s.step('the new account also signs in with its password', async () => {
      const r = await s.target.api.login({ username: 'zhaoliu2026', password: 'Zl-2026-pass' });
      expect(r.code, JSON.stringify(r)).toBe(200);
    });
  },
  { browser: true },
);
