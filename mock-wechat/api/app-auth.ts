import type { Context } from 'hono';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { WechatCtx } from '../context.ts';
import type { App, AppType } from '../world/types.ts';
import type { WxParams } from './params.ts';
import { WxError } from '../errors.ts';

/**
 * The appid + secret checks every credentialed endpoint starts with, in WeChat's order:
 * 41002 appid missing, 40013 unknown appid (or an app of the wrong kind), 41004 secret missing,
 * 40125 wrong secret. Returns the app; throws the WxError of the first check that fails.
 */
export function authenticateApp(
  ctx: WechatCtx,
  c: Context,
  creds: { appid: string; secret: string },
  opts: { types?: AppType[]; checkIp?: boolean } = {},
): App {
  if (!creds.appid) throw new WxError(41002);
  const app = ctx.world.appByAppid(creds.appid);
  if (!app || (opts.types && !opts.types.includes(app.type))) throw new WxError(40013);
  if (!creds.secret) throw new WxError(41004);
  if (creds.secret !== app.secret) throw new WxError(40125);
  if (opts.checkIp && app.ipWhitelist) {
    const ip = clientIp(c);
    if (!app.ipWhitelist.includes(ip)) throw new WxError(40164, { detail: `invalid ip ${ip} ipv6 ::ffff:${ip}, not in whitelist` });
  }
  return app;
}

/**
 * The app an app-level (cgi-bin) access_token belongs to: 41001 missing, 40001 unknown or
 * superseded, 42001 expired. Returns the app; throws the WxError otherwise.
 */
export function appFromToken(ctx: WechatCtx, token: string): App {
  if (!token) throw new WxError(41001);
  const t = ctx.grants.appTokenState(token);
  if (!t || t.state === 'superseded') throw new WxError(40001);
  if (t.state === 'expired') throw new WxError(42001);
  const app = ctx.world.appByAppid(t.row.appid);
  if (!app) throw new WxError(40001);
  return app;
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
