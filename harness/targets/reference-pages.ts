import type { ElementHandle, Page } from 'puppeteer-core';
import { pollUntil } from '../http.ts';
import type { TargetPages } from './adapter.ts';

const tid = (id: string) => `[data-testid="${id}"]`;

/**
 * The text of an element once it shows. Pages of a login flow navigate on their own (?loginId= signs
 * in and moves on), which destroys the context a wait runs in: such a wait is started again.
 */
async function whenVisible<T>(page: Page, id: string, timeoutMs: number, read: (el: ElementHandle<Element>) => Promise<T>): Promise<T | undefined> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const el = await page.waitForSelector(tid(id), { timeout: Math.max(1, deadline - Date.now()), visible: true });
      return await read(el!);
    } catch (e) {
      if (!/context was destroyed|detached|navigat/i.test((e as Error).message)) return undefined;
    }
  }
  return undefined;
}

async function textOf(page: Page, id: string, timeoutMs: number): Promise<string | undefined> {
  const text = await whenVisible(page, id, timeoutMs, async (el) => (await el.evaluate((n) => (n as HTMLElement).innerText)).trim());
  return text || undefined;
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
    async passwordLogin(page, username, password) {
      await fill(page, 'login-username', username);
      await fill(page, 'login-password', password);
      await Promise.all([page.waitForNavigation({ waitUntil: 'domcontentloaded', timeout: 15_000 }), page.click(tid('login-submit'))]);
    },
    async startWechatLogin(page) {
      await Promise.all([page.waitForNavigation({ waitUntil: 'domcontentloaded', timeout: 15_000 }), page.click(tid('wechat-login'))]);
      await page.waitForSelector('[data-testid=qr-image]', { timeout: 10_000 });
    },
    async bindExisting(page, username, password) {
      await fill(page, 'bind-existing-username', username);
      await fill(page, 'bind-existing-password', password);
      await Promise.all([
        page.waitForNavigation({ waitUntil: 'domcontentloaded', timeout: 15_000 }).catch(() => undefined),
        page.click(tid('bind-existing-submit')),
      ]);
    },
    async registerAndBind(page, account) {
      await fill(page, 'bind-register-username', account.username);
      await fill(page, 'bind-register-password', account.password);
      if (account.phone) await fill(page, 'bind-register-phone', account.phone);
      await Promise.all([
        page.waitForNavigation({ waitUntil: 'domcontentloaded', timeout: 15_000 }).catch(() => undefined),
        page.click(tid('bind-register-submit')),
      ]);
    },
    loggedInUser: (page, timeoutMs = 10_000) => textOf(page, 'current-user', timeoutMs),
    async isOnBindPage(page, timeoutMs = 10_000) {
      return (await whenVisible(page, 'bind-panel', timeoutMs, async () => true)) ?? false;
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
    async openUserCentre(page) {
      await page.goto(`${baseUrl}/user/profile`, { waitUntil: 'domcontentloaded' });
      await page.waitForSelector(tid('wx-bind-status'), { timeout: 10_000 });
    },
    async wechatBound(page, timeoutMs = 10_000) {
      return (await textOf(page, 'wx-bind-status', timeoutMs)) === '已绑定';
    },
    async startWechatBind(page) {
      await page.click(tid('wx-bind-button'));
      const frame = await (await page.waitForSelector('#weixinLogin iframe', { timeout: 10_000 }))!.contentFrame();
      await frame.waitForSelector('[data-testid=qr-image]', { timeout: 10_000 });
    },
    async wechatBindResult(page, timeoutMs = 15_000) {
      // The old page shows no message; the one WeChat's redirect loads shows the result.
      const text = await textOf(page, 'profile-message', timeoutMs);
      if (!text) throw new Error('the user centre showed no bind result');
      return text;
    },
    async unbindWechat(page, password) {
      await page.click(tid('wx-unbind-button'));
      await fill(page, 'unbind-password', password);
      // The message line may still show the bind result: wait for the one the unbind answer writes.
      await page.$eval(tid('profile-message'), (el) => {
        el.textContent = '';
      });
      await page.click(tid('unbind-submit'));
      return pollUntil('the unbind result', () => textOf(page, 'profile-message', 1_000));
    },
  };
}
