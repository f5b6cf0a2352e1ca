import { Hono } from 'hono';
import type { WechatCtx } from '../context.ts';

/** open.weixin.qq.com pages: /connect/qrconnect, its QR image, long-poll and the phone confirm page. */
export function connectRoutes(_ctx: WechatCtx): Hono {
  return new Hono();
}
