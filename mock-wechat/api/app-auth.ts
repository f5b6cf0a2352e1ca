import type { Context } from 'hono';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { WechatCtx } from '../context.ts';
import type { App, AppType } from '../world/types.ts';
import type { WxParams } from './params.ts';
import { wxFail } from './respond.ts';

/**
 * The appid + secret checks every credentialed endpoint starts with, in WeChat's order:
 * 41002 appid missing, 40013 unknown appid (or an app of the wrong kind), 41004 secret missing,
 * 40125 wrong secret. Returns the app, or the error response to send.
 */
export function authenticateApp(
  ctx: WechatCtx,
  c: Context,
  creds: { appid: string; secret: string },
  opts: { types?: AppType[]; sns?: boolean; checkIp?: boolean } = {},
): App | Response {
  if (!creds.appid) return wxFail(ctx, c, 41002, opts);
  const app = ctx.world.appByAppid(creds.appid);
  if (!app || (opts.types && !opts.types.includes(app.type))) return wxFail(ctx, c, 40013, opts);
  if (!creds.secret) return wxFail(ctx, c, 41004, opts);
  if (creds.secret !== app.secret) return wxFail(ctx, c, 40125, opts);
  if (opts.checkIp && app.ipWhitelist) {
    const ip = clientIp(c);
    if (!app.ipWhitelist.includes(ip)) return wxFail(ctx, c, 40164, { ...opts, detail: `invalid ip ${ip} ipv6 ::ffff:${ip}, not in whitelist` });
  }
  return app;
}

/**
 * The app an app-level (cgi-bin) access_token belongs to: 41001 missing, 40001 unknown or
 * superseded, 42001 expired. Returns the app, or the error response to send.
 */
export function appFromToken(ctx: WechatCtx, c: Context, token: string): App | Response {
  if (!token) return wxFail(ctx, c, 41001);
  const t = ctx.grants.appTokenState(token);
  if (!t || t.state === 'superseded') return wxFail(ctx, c, 40001);
  if (t.state === 'expired') return wxFail(ctx, c, 42001);
  return ctx.world.appByAppid(t.row.appid) ?? wxFail(ctx, c, 40001);
}

/** appid and secret as the call sent them (query or form body); a Basic authorization header is not read. */
export function credsOf(p: WxParams): { appid: string; secret: string } {
  return { appid: p.get('appid'), secret: p.get('secret') };
}

function clientIp(c: Context): string {
  try {
    const addr = getConnInfo(c).remote.address ?? '';
    return addr.replace(/^::ffff:/, '');
  } catch {
    return '';
  }
}
