import type { Context } from 'hono';
import { getCookie } from 'hono/cookie';
import type { WechatCtx } from '../context.ts';

/**
 * How the mock knows it is inside WeChat's own browser, and who is signed in to that WeChat
 * (docs/mock-wechat.md#the-browsers-wechat-user). WeChat's in-app browser names itself with
 * "MicroMessenger" in its User-Agent; in a desktop browser the sandbox's dev panel (or a test)
 * sets cookies on the mock's origin instead.
 */
export const IN_WECHAT_COOKIE = 'wxmock_in_wechat';
/** The persona signed in to this browser's WeChat: snsapi_base answers for it without a page. */
export const PERSONA_COOKIE = 'wxmock_persona';

export function hasWechatUserAgent(userAgent: string | undefined): boolean {
  return /MicroMessenger/i.test(userAgent ?? '');
}

/** Inside WeChat: its User-Agent, the dev panel's "continue in this browser", or the outsideWechat option. */
export function inWechat(ctx: WechatCtx, c: Context): boolean {
  return hasWechatUserAgent(c.req.header('user-agent')) || getCookie(c, IN_WECHAT_COOKIE) === '1' || ctx.options.get().outsideWechat === 'continue';
}

/** The persona this browser's WeChat is signed in as, when it names one the world has. */
export function browserPersona(ctx: WechatCtx, c: Context): string | undefined {
  const id = getCookie(c, PERSONA_COOKIE);
  return id && ctx.world.getPersona(id) ? id : undefined;
}
