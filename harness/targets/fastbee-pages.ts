import type { Page } from 'puppeteer-core';
import type { TargetPages } from './adapter.ts';

/**
 * FastBee's Vue frontend (specs/fastbee.md §12): Element UI inputs found by their placeholders,
 * the WeChat icon in .other-login, errors as Element toasts. The token lands in cookie Admin-Token.
 */
export function fastbeePages(frontendUrl: string): TargetPages {
  const input = (placeholder: string) => `input[placeholder="${placeholder}"]`;
  const fill = async (page: Page, placeholder: string, value: string) => {
    await page.waitForSelector(input(placeholder), { visible: true, timeout: 10_000 });
    await page.click(input(placeholder), { count: 3 });
    await page.type(input(placeholder), value);
  };
  const clickButton = async (page: Page, text: string) => {
    const handle = await page.waitForFunction((t) => [...document.querySelectorAll('button')].find((b) => b.innerText.replace(/\s/g, '') === t), { timeout: 10_000 }, text);
    await (handle.asElement() as import('puppeteer-core').ElementHandle<Element>).click();
  };
  const toast = async (page: Page, timeoutMs: number) => {
    const el = await page.waitForSelector('.el-message--error', { timeout: timeoutMs }).catch(() => null);
    return el ? (await el.evaluate((n) => (n as HTMLElement).innerText)).trim() : undefined;
  };
  return {
    async openLogin(page) {
      await page.goto(`${frontendUrl}/login`, { waitUntil: 'networkidle2' });
    },
    async startWechatLogin(page) {
      await Promise.all([page.waitForNavigation({ timeout: 15_000 }), page.click('.other-login svg, .other-login [icon-class=wechat]')]);
    },
    async bindExisting(page, username, password) {
      await fill(page, '请输入您的账号', username);
      await fill(page, '请输入您的密码', password);
      // FastBee's page may keep the plain 登录 button on ?bindId= (spec §12); either calls a login.
      await clickButton(page, '绑定并登录').catch(() => clickButton(page, '登录'));
    },
    async registerAndBind(page, account) {
      const url = new URL(page.url());
      await page.goto(`${frontendUrl}/register${url.search}`, { waitUntil: 'networkidle2' });
      await fill(page, '请输入您的账号', account.username);
      if (account.phone) await fill(page, '请输入您的手机号码', account.phone);
      await fill(page, '请输入您的密码', account.password);
      await fill(page, '请输入您的确认密码', account.password);
      await clickButton(page, '注册');
    },
    async loggedInUser(page, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        const cookies = await page.cookies();
        if (cookies.some((c) => c.name === 'Admin-Token') && !page.url().includes('/login')) {
          const name = await page.$eval('.user-name, .avatar-wrapper .user-name', (n) => (n as HTMLElement).innerText.trim()).catch(() => undefined);
          return name ?? 'signed-in';
        }
        await new Promise((r) => setTimeout(r, 100));
      }
      return undefined;
    },
    async isOnBindPage(page, timeoutMs = 10_000) {
      return !!(await page.waitForSelector('.alert-box-wrap', { timeout: timeoutMs }).catch(() => null));
    },
    errorMessage: (page, timeoutMs = 10_000) => toast(page, timeoutMs),
    async logout(page) {
      await page.deleteCookie({ name: 'Admin-Token' });
      await page.goto(`${frontendUrl}/login`, { waitUntil: 'networkidle2' });
    },
    async smsLogin() {
      throw new Error('FastBee open-source login.vue has no SMS form (spec §10): drive /auth/sms/login through the API');
    },
  };
}
