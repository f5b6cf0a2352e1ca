import { Hono } from 'hono';
import type { WechatCtx } from '../context.ts';

/** Control of QR sessions: list, scan, confirm, cancel (by uuid or "latest" for an appid). */
export function qrControlRoutes(_ctx: WechatCtx): Hono {
  return new Hono();
}
