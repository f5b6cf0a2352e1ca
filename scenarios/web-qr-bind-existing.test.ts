import { expect } from 'vitest';
import { scenario } from '../harness/scenario.ts';
import { browserWechatLogin } from './support.ts';

// Manual: "WeChat QR login" → first login of an unbound WeChat → "bind existing account" → signed in;
// the next WeChat login of the same person goes straight in.
scenario(
  'web QR first login, bind an existing account, then direct login',
  async (s) => {
    const page = await s.page();
    await browserWechatLogin(s, page, 'wangwu');
    await s.step('the target shows its bind page (unbound WeChat)', async () => {
      expect(await s.target.pages.isOnBindPage(page)).toBe(true);
    });
    await s.step('bind the existing admin account with its password', () =>
      s.target.pages.bindExisting(page, s.target.admin.username, s.target.admin.password),
    );
    await s.step('signed in as admin', async () => {
      expect(await s.target.pages.loggedInUser(page)).toBe(s.target.admin.username);
    });
    await s.step('log out', () => s.target.pages.logout(page));
    await browserWechatLogin(s, page, 'wangwu');
    await s.step('the second WeChat login goes straight in', async () => {
      expect(await s.target.pages.loggedInUser(page)).toBe(s.target.admin.username);
    });
  },
  { browser: true },
);
