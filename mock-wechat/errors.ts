import { randomBytes } from 'node:crypto';

/**
 * The one errcode table of mock-wechat. `comma` says whether the real errmsg puts a comma
 * before " rid:" (it varies by message on the real service; samples in docs/wire/wechat.md#errmsg-and-its-rid).
 */
export const WX_ERRORS = {
  [-1]: { errmsg: 'system error', comma: true },
  40001: { errmsg: 'invalid credential, access_token is invalid or not latest', comma: false },
  40002: { errmsg: 'invalid grant_type', comma: true },
  40003: { errmsg: 'invalid openid', comma: true },
  40013: { errmsg: 'invalid appid', comma: true },
  40014: { errmsg: 'invalid access_token', comma: true },
  40029: { errmsg: 'invalid code', comma: true },
  40030: { errmsg: 'invalid refresh_token', comma: true },
  40125: { errmsg: 'invalid appsecret', comma: true },
  40163: { errmsg: 'code been used', comma: true },
  40164: { errmsg: 'invalid ip', comma: false },
  40226: { errmsg: 'code blocked', comma: true },
  41001: { errmsg: 'access_token missing', comma: false },
  41002: { errmsg: 'appid missing', comma: false },
  41003: { errmsg: 'refresh_token missing', comma: false },
  41004: { errmsg: 'appsecret missing', comma: false },
  41008: { errmsg: 'missing code', comma: true },
  41009: { errmsg: 'missing openid', comma: true },
  42001: { errmsg: 'access_token expired', comma: false },
  42002: { errmsg: 'refresh_token expired', comma: true },
  42003: { errmsg: 'code expired', comma: true },
  42007: { errmsg: 'access_token and refresh_token exception', comma: true },
  44002: { errmsg: 'empty post data', comma: true },
  45009: { errmsg: 'reach max api daily quota limit', comma: true },
  45011: { errmsg: 'api minute-quota reach limit mustslower retry next minute', comma: true },
  47001: { errmsg: 'data format error', comma: true },
  40097: { errmsg: 'invalid args', comma: true },
  48001: { errmsg: 'api unauthorized', comma: true },
  87008: { errmsg: 'invalid sig_method', comma: true },
  87009: { errmsg: 'invalid signature', comma: true },
} as const satisfies Record<number, { errmsg: string; comma: boolean }>;

export interface WxErrorBody {
  errcode: number;
  errmsg: string;
}

/** A request id as the real service prints it: hex(unix seconds)-8hex-8hex. */
export function rid(nowMs: number): string {
  const t = Math.floor(nowMs / 1000)
    .toString(16)
    .padStart(8, '0')
    .slice(-8);
  return `${t}-${randomBytes(4).toString('hex')}-${randomBytes(4).toString('hex')}`;
}

/** How an errmsg is written: `detail` replaces the base text, `hint` adds a hint, `errmsg` is taken verbatim (an injected fault's). */
export interface WxErrorOptions {
  detail?: string;
  hint?: boolean;
  errmsg?: string;
}

/**
 * A WeChat error answer, thrown by a handler or a helper below it (authenticateApp, userToken, …);
 * the app's error handler writes it as api.weixin.qq.com does (api/respond.ts). Only error paths throw.
 */
export class WxError extends Error {
  constructor(
    readonly errcode: number,
    readonly opts: WxErrorOptions = {},
  ) {
    super(`errcode ${errcode}`);
  }
}

/**
 * The error body for `errcode`. `detail` replaces the base text (e.g. 40164 names the caller's IP);
 * `hint` adds the " hint: [..]" part some endpoints (getuserphonenumber) print before the rid.
 */
export function wxError(errcode: number, nowMs: number, opts: WxErrorOptions = {}): WxErrorBody {
  const known = (WX_ERRORS as Record<number, { errmsg: string; comma: boolean }>)[errcode];
  if (opts.errmsg) return { errcode, errmsg: opts.errmsg };
  const base = opts.detail ?? known?.errmsg ?? 'system error';
  // 12 bytes make the 16 characters of the captured hints, e.g. [WiEBWV0sf-Te2URA].
  const hint = opts.hint ? ` hint: [${randomBytes(12).toString('base64url')}]` : '';
  const sep = known?.comma === false || hint ? ' ' : ', ';
  return { errcode, errmsg: `${base}${hint}${sep}rid: ${rid(nowMs)}` };
}
