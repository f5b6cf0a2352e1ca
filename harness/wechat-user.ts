import type { Page } from 'puppeteer-core';
import { pollUntil } from './http.ts';
import type { QrSessionView, WechatControl } from './wechat-control.ts';

/**
 * A person with WeChat on their phone: scans the QR code a login page shows and confirms or
 * refuses. Without a page it acts on the newest open QR session of the app through the control API.
 */
export class WechatUser {
  constructor(
    readonly persona: string,
    private readonly wechat: WechatControl,
  ) {}

  /** Waits for a QR session of `appid` to be open (the page has rendered), then returns it. */
  async findQrSession(appid: string, timeoutMs = 10_000): Promise<QrSessionView> {
    return pollUntil(
      `a QR session for ${appid}`,
      async () => (await this.wechat.qrSessions(appid)).find((s) => s.status === 'waiting' || s.status === 'scanned'),
      { timeoutMs },
    );
  }

  async scan(appid: string) {
    return this.wechat.qr('scan', { appid, persona: this.persona });
  }

  /** Scans and confirms: the login page then goes to redirect_uri?code=&state=. */
  async confirm(appid: string, uuid?: string) {
    return this.wechat.qr('confirm', { appid, uuid, persona: this.persona });
  }

  async cancel(appid: string, uuid?: string) {
    return this.wechat.qr('cancel', { appid, uuid });
  }

  /**
   * The same, the way a person without a phone does it: the sandbox's dev panel on the QR page, or
   * on the Official Account's consent page (/connect/oauth2/authorize), which then goes to redirect_uri.
   */
  async confirmInPage(page: Page): Promise<void> {
    await page.waitForSelector('[data-testid=dev-persona]', { timeout: 10_000 });
    await page.select('[data-testid=dev-persona]', this.persona);
    await page.click('[data-testid=dev-confirm]');
  }

  /** 取消 on the QR page's dev panel, 拒绝 on the consent page's. */
  async cancelInPage(page: Page): Promise<void> {
    await page.waitForSelector('[data-testid=dev-cancel]', { timeout: 10_000 });
    await page.click('[data-testid=dev-cancel]');
  }
}
