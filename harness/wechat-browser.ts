import type { Page } from 'puppeteer-core';
import { PERSONA_COOKIE } from '../mock-wechat/connect/wechat-browser.ts';

/**
 * The User-Agent of WeChat 8.0 for Android (its XWEB in-app browser). The mock recognises WeChat
 * by "MicroMessenger" alone, as sites do; the rest is what a real phone sends, so a site's own
 * detection (Android vs iOS, WeChat version) sees something plausible (docs/mock-wechat.md#the-browsers-wechat-user).
 */
export const WECHAT_USER_AGENT =
  'Mozilla/5.0 (Linux; Android 13; Pixel 7 Build/TQ3A.230805.001; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/116.0.0.0 Mobile Safari/537.36 XWEB/1160065 MMWEBSDK/20231202 MMWEBID/2247 MicroMessenger/8.0.47.2560(0x28002F30) WeChat/arm64 Weixin NetType/WIFI Language/zh_CN ABI/arm64';

/**
 * A browser tab that browses as WeChat's in-app browser, signed in to WeChat as a persona: the
 * Official Account's snsapi_base login goes through without a page, snsapi_userinfo shows its
 * consent page with that persona chosen. The persona is a cookie on the mock's origins (its own
 * URL, and open.weixin.qq.com when the browser goes through the sandbox's proxy).
 */
export class WechatBrowser {
  constructor(
    readonly page: Page,
    private readonly wechatOrigins: string[],
  ) {}

  /** Gives `page` WeChat's User-Agent and, when given, the persona signed in to its WeChat. */
  static async open(page: Page, opts: { wechatOrigins: string[]; persona?: string }): Promise<WechatBrowser> {
    await page.setUserAgent(WECHAT_USER_AGENT);
    const b = new WechatBrowser(page, opts.wechatOrigins);
    if (opts.persona) await b.signIn(opts.persona);
    return b;
  }

  /** The WeChat of this browser is now the persona's (host-only cookies, as the mock itself sets them). */
  async signIn(persona: string): Promise<void> {
    await this.page.setCookie(...this.wechatOrigins.map((url) => ({ name: PERSONA_COOKIE, value: persona, url, path: '/', sameSite: 'Lax' as const })));
  }

  /** No one is known to be signed in: snsapi_base then asks the dev panel once. */
  async signOut(): Promise<void> {
    for (const url of this.wechatOrigins) await this.page.deleteCookie({ name: PERSONA_COOKIE, url });
  }

  /** Who the mock takes this browser's WeChat user to be (the cookie on the first origin). */
  async persona(): Promise<string | undefined> {
    const [first] = this.wechatOrigins;
    return (await this.page.cookies(first!)).find((c) => c.name === PERSONA_COOKIE)?.value;
  }
}
