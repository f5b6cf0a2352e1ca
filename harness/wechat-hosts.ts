import type { HTTPRequest, Page } from 'puppeteer-core';

/** Where WeChat's web login lives for a browser: wxLogin.js and the QR page it frames. */
export const WECHAT_WEB_HOSTS = ['res.wx.qq.com', 'open.weixin.qq.com', 'long.open.weixin.qq.com'];

/** Headers the answer must not repeat: fetch has already undone the transfer and content coding. */
const DROP = new Set(['content-encoding', 'content-length', 'transfer-encoding', 'connection']);

/**
 * Answers this page's requests to WeChat's web hosts from mock-wechat, frames included, for pages
 * whose code names those hosts outright (FastBee's user centre loads
 * https://res.wx.qq.com/connect/zh_CN/htmledition/js/wxLogin.js). Every other request goes out as
 * it is. Request interception turns the page's cache off while it is on; the returned function
 * turns it off again.
 */
export async function routeWechatHosts(page: Page, wechatUrl: string): Promise<() => Promise<void>> {
  const handler = async (req: HTTPRequest) => {
    if (req.isInterceptResolutionHandled()) return;
    let u: URL;
    try {
      u = new URL(req.url());
    } catch {
      return req.continue();
    }
    if (!WECHAT_WEB_HOSTS.includes(u.hostname)) return req.continue();
    try {
      const headers = Object.fromEntries(Object.entries(req.headers()).filter(([k]) => k !== 'host'));
      const r = await fetch(`${wechatUrl}${u.pathname}${u.search}`, { method: req.method(), headers, body: req.postData(), redirect: 'manual' });
      const out: Record<string, string> = {};
      r.headers.forEach((v, k) => {
        if (!DROP.has(k)) out[k] = v;
      });
      await req.respond({ status: r.status, headers: out, body: Buffer.from(await r.arrayBuffer()) });
    } catch {
      await req.abort('connectionrefused').catch(() => undefined);
    }
  };
  await page.setRequestInterception(true);
  page.on('request', handler);
  return async () => {
    page.off('request', handler);
    await page.setRequestInterception(false).catch(() => undefined);
  };
}
