import type { Context } from 'hono';
import type { WechatCtx } from '../context.ts';
import type { QrSession } from '../qr-sessions.ts';

/** The base URL people reach this mock at: the configured public URL, else the request's own origin. */
export function mockBase(ctx: WechatCtx, c: Context): string {
  return (ctx.publicUrl() || new URL(c.req.url).origin).replace(/\/+$/, '');
}

/** What the QR code encodes: the phone's confirm page. */
export function confirmUrl(base: string, uuid: string): string {
  return `${base}/connect/confirm?uuid=${encodeURIComponent(uuid)}`;
}

/** The authorize URL a login system would have opened for this session (for people reading the control API). */
export function qrconnectUrl(base: string, s: Pick<QrSession, 'appid' | 'redirectUri' | 'scope' | 'state'>): string {
  const q = new URLSearchParams({ appid: s.appid, redirect_uri: s.redirectUri, response_type: 'code', scope: s.scope, state: s.state });
  return `${base}/connect/qrconnect?${q}#wechat_redirect`;
}

/**
 * redirect_uri with parameters appended the way WeChat does: "?" or "&" depending on whether it
 * already has a query, and before any "#fragment". Values are percent-encoded so the login system
 * decodes exactly what was given (state is echoed unchanged).
 */
export function callbackUrl(redirectUri: string, params: [string, string][]): string {
  const hashAt = redirectUri.indexOf('#');
  const fragment = hashAt >= 0 ? redirectUri.slice(hashAt) : '';
  const base = hashAt >= 0 ? redirectUri.slice(0, hashAt) : redirectUri;
  const query = params.map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&');
  const joiner = !base.includes('?') ? '?' : /[?&]$/.test(base) ? '' : '&';
  return `${base}${joiner}${query}${fragment}`;
}

/** Where the browser goes when a session ends: with code on confirm; with state only on refusal (when so configured). */
export function sessionRedirect(ctx: WechatCtx, s: QrSession): string | null {
  if (s.status === 'confirmed' && s.code)
    return callbackUrl(s.redirectUri, [
      ['code', s.code],
      ['state', s.state],
    ]);
  if (s.status === 'cancelled' && ctx.options.get().refusal === 'redirect') return callbackUrl(s.redirectUri, [['state', s.state]]);
  return null;
}
