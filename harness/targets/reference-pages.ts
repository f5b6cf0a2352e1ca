import type { Page } from 'puppeteer-core';
import type { TargetPages } from './adapter.ts';

const tid = (id: string) => `[data-testid="${id}"]`;

async function textOf(page: Page, id: string, timeoutMs: number): Promise<string | undefined> {
  try {
    const el = await page.waitForSelector(tid(id), { timeout: timeoutMs, visible: true });
    const text = (await el!.evaluate((n) => (n as HTMLElement).innerText)).trim();
    return text || undefined;
  } catch {
    return undefined;
  }
}

async function fill(page: Page, id: string, value: string): Promise<void> {
  await page.waitForSelector(tid(id), { visible: true, timeout: 10_000 });
  await page.click(tid(id), { count: 3 });
  await page.type(tid(id), value);
}

/** The reference login system's pages, driven by their data-testid attributes. */
export function referencePages(baseUrl: string): TargetPages {
  return {
    async openLogin(page) {
      await page.goto(`${baseUrl}/login`, { waitUntil: 'domcontentloaded' });
      await page.waitForSelector(tid('wechat-login'), { timeout: 10_000 });
    },
    async startWechatLogin(page) {
      await Promise.all([page.waitForNavigation({ waitUntil: 'domcontentloaded', timeout: 15_000 }), page.click(tid('wechat-login'))]);
      await page.waitForSelector('[data-testid=qr-image]', { timeout: 10_000 });
    },
    async bindExisting(page, username, password) {
      await fill(page, 'bind-existing-username', username);
      await fill(page, 'bind-existing-password', password);
      await Promise.all([page.waitForNavigation({ waitUntil: 'domcontentloaded', timeout: 15_000 }).catch(() => undefined), page.click(tid('bind-existing-submit'))]);
    },
    async registerAndBind(page, account) {
      await fill(page, 'bind-register-username', account.username);
      await fill(page, 'bind-register-password', account.password);
      if (account.phone) await fill(page, 'bind-register-phone', account.phone);
      await Promise.all([page.waitForNavigation({ waitUntil: 'domcontentloaded', timeout: 15_000 }).catch(() => undefined), page.click(tid('bind-register-submit'))]);
    },
    loggedInUser: (page, timeoutMs = 10_000) => textOf(page, 'current-user', timeoutMs),
    async isOnBindPage(page, timeoutMs = 10_000) {
      return !!(await page.waitForSelector(tid('bind-panel'), { timeout: timeoutMs, visible: true }).catch(() => null));
    },
    errorMessage: (page, timeoutMs = 10_000) => textOf(page, 'error-message', timeoutMs),
    async logout(page) {
      await Promise.all([page.waitForNavigation({ waitUntil: 'domcontentloaded', timeout: 15_000 }), page.click(tid('logout'))]);
    },
    async smsLogin(page, phone, readCode) {
      await page.click(tid('tab-sms'));
      await fill(page, 'sms-phone', phone);
      await page.click(tid('sms-send'));
      await fill(page, 'sms-code', await readCode());
      await Promise.all([page.waitForNavigation({ waitUntil: 'domcontentloaded', timeout: 15_000 }).catch(() => undefined), page.click(tid('sms-submit'))]);
    },
  };
}
