import { createHash, timingSafeEqual } from 'node:crypto';
import type { WechatCtx } from '../context.ts';
import { hostIsDomain } from '../connect/validate.ts';

/**
 * What wx.config reports (res.errMsg), the one table of the JS-SDK's answers
 * (docs/mock-wechat.md#js-sdk): "config:ok", or the failure texts of the JS-SDK doc's appendix.
 */
export const CONFIG_RESULTS = {
  ok: 'config:ok',
  invalidSignature: 'config:invalid signature',
  invalidUrlDomain: 'config:invalid url domain',
  /** the appId is unknown or no Official Account's: wording unconfirmed */
  invalidAppid: 'config:invalid appid',
} as const;

/** The JS-SDK signature: sha1 over jsapi_ticket, noncestr, timestamp and url, in that order, values as given. */
export function jsapiSignature(ticket: string, nonceStr: string, timestamp: string, url: string): string {
  return createHash('sha1').update(`jsapi_ticket=${ticket}&noncestr=${nonceStr}&timestamp=${timestamp}&url=${url}`).digest('hex');
}

export interface ConfigCheck {
  appId: string;
  timestamp: string;
  nonceStr: string;
  signature: string;
  /** the page's URL without its #fragment */
  url: string;
}

/** The verdict, and for the sandbox's console a hint the real service never gives. */
export interface ConfigVerdict {
  errMsg: string;
  sandboxHint?: string;
}

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * What WeChat's client checks when a page calls wx.config: an Official Account's appId, a page on
 * its JS接口安全域名, a signature made with its current jsapi_ticket over this page's URL.
 */
export function checkConfig(ctx: WechatCtx, input: ConfigCheck): ConfigVerdict {
  const app = input.appId ? ctx.world.appByAppid(input.appId) : undefined;
  if (app?.type !== 'official')
    return { errMsg: CONFIG_RESULTS.invalidAppid, sandboxHint: `appId ${input.appId || '(missing)'} is no Official Account of this sandbox` };
  let page: URL | undefined;
  try {
    page = new URL(input.url);
  } catch {
    page = undefined;
  }
  if (!page || (page.protocol !== 'http:' && page.protocol !== 'https:') || !hostIsDomain(page.hostname, app.callbackDomain)) {
    return {
      errMsg: CONFIG_RESULTS.invalidUrlDomain,
      sandboxHint: `the page's host ${page?.hostname ?? '(none)'} is not the app's JS接口安全域名 ${app.callbackDomain ?? '(none set)'}`,
    };
  }
  const now = ctx.clock.now();
  // Compared as given: sha1 gives lower-case hex, as the doc's sample and every library write it.
  const signature = input.signature;
  for (const t of ctx.tickets.all(app.appid, 'jsapi')) {
    if (!sameText(jsapiSignature(t.ticket, input.nonceStr, input.timestamp, input.url), signature)) continue;
    if (now < t.expires_at) return { errMsg: CONFIG_RESULTS.ok };
    return {
      errMsg: CONFIG_RESULTS.invalidSignature,
      sandboxHint: `signed with a jsapi_ticket that expired at ${new Date(t.expires_at).toISOString()}: fetch a new one from /cgi-bin/ticket/getticket`,
    };
  }
  return {
    errMsg: CONFIG_RESULTS.invalidSignature,
    sandboxHint: `no jsapi_ticket of ${app.appid} gives this signature over jsapi_ticket, noncestr=${input.nonceStr}, timestamp=${input.timestamp}, url=${input.url}`,
  };
}
