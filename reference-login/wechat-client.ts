import type { Kv } from './kv.ts';

export type WxOk = Record<string, unknown>;
export type WxFail = { errcode?: number; errmsg: string };
export type WxResult = { ok: true; body: WxOk } | ({ ok: false } & WxFail);

const TIMEOUT_MS = 10_000;

function trimBase(u: string): string {
  return u.replace(/\/+$/, '');
}

/**
 * The calls FastBee makes to WeChat (JustAuth for web login, hand-written HTTP for the rest), sent
 * to configurable bases instead of the hard-coded https hosts, so they reach mock-wechat.
 */
export class WechatClient {
  private readonly api: string;
  private readonly open: string;
  /** App token fetches in flight, per appid. */
  private readonly tokenFetches = new Map<string, Promise<{ ok: true; token: string } | ({ ok: false } & WxFail)>>();

  constructor(
    apiBase: string,
    openBase: string,
    private readonly kv: Kv,
  ) {
    this.api = trimBase(apiBase);
    this.open = trimBase(openBase);
  }

  get openBase(): string {
    return this.open;
  }

  /** The page the browser is sent to for web QR login (JustAuth omits #wechat_redirect). */
  qrconnectUrl(appid: string, redirectUri: string, state: string): string {
    const q = new URLSearchParams({ response_type: 'code', appid, redirect_uri: redirectUri, scope: 'snsapi_login', state });
    return `${this.open}/connect/qrconnect?${q}`;
  }

  private async call(path: string, query: Record<string, string>, init?: { body: string }): Promise<WxResult> {
    const url = `${this.api}${path}?${new URLSearchParams(query)}`;
    let res: Response;
    try {
      res = await fetch(
        url,
        init
          ? { method: 'POST', body: init.body, headers: { 'content-type': 'application/json' }, signal: AbortSignal.timeout(TIMEOUT_MS) }
          : { signal: AbortSignal.timeout(TIMEOUT_MS) },
      );
    } catch (e) {
      return { ok: false, errmsg: `WeChat API unreachable: ${(e as Error).message}` };
    }
    const text = await res.text().catch(() => '');
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      return { ok: false, errmsg: `WeChat API answered HTTP ${res.status} without JSON` };
    }
    if (!body || typeof body !== 'object') return { ok: false, errmsg: 'WeChat API answered an unexpected body' };
    const b = body as WxOk;
    // JustAuth and FastBee treat any errcode key on these endpoints as failure; getuserphonenumber's errcode 0 is success.
    if (b.errcode !== undefined && Number(b.errcode) !== 0) return { ok: false, errcode: Number(b.errcode), errmsg: String(b.errmsg ?? '') };
    if (!res.ok) return { ok: false, errmsg: `WeChat API answered HTTP ${res.status}` };
    return { ok: true, body: b };
  }

  /** Code → user access token (web and mobile apps). */
  oauthAccessToken(appid: string, secret: string, code: string): Promise<WxResult> {
    return this.call('/sns/oauth2/access_token', { code, appid, secret, grant_type: 'authorization_code' });
  }

  userinfo(accessToken: string, openid: string): Promise<WxResult> {
    return this.call('/sns/userinfo', { access_token: accessToken, openid, lang: 'zh_CN' });
  }

  jscode2session(appid: string, secret: string, jsCode: string): Promise<WxResult> {
    return this.call('/sns/jscode2session', { appid, secret, js_code: jsCode, grant_type: 'authorization_code' });
  }

  /**
   * The app access token, cached as FastBee's newer edition does (wechat_get_accessToken:<appid>,
   * at most 1 h). Concurrent misses share one fetch: each /cgi-bin/token call cuts the previous
   * token's life to 5 minutes, so parallel fetches could leave a doomed token in the cache.
   */
  appAccessToken(appid: string, secret: string, fresh = false): Promise<{ ok: true; token: string } | ({ ok: false } & WxFail)> {
    if (!fresh) {
      const cached = this.kv.get<{ access_token: string }>(`wechat_get_accessToken:${appid}`);
      if (cached?.access_token) return Promise.resolve({ ok: true, token: cached.access_token });
    }
    let fetching = this.tokenFetches.get(appid);
    if (!fetching) {
      fetching = this.fetchAppToken(appid, secret).finally(() => this.tokenFetches.delete(appid));
      this.tokenFetches.set(appid, fetching);
    }
    return fetching;
  }

  private async fetchAppToken(appid: string, secret: string): Promise<{ ok: true; token: string } | ({ ok: false } & WxFail)> {
    const key = `wechat_get_accessToken:${appid}`;
    const r = await this.call('/cgi-bin/token', { grant_type: 'client_credential', appid, secret });
    if (!r.ok) return r;
    const token = typeof r.body.access_token === 'string' ? r.body.access_token : '';
    if (!token) return { ok: false, errmsg: 'empty access_token' };
    // Stop using it five minutes before WeChat does.
    const ttl = Math.min(3600, Math.max(60, Number(r.body.expires_in ?? 7200) - 300));
    this.kv.set(key, { access_token: token }, ttl);
    return { ok: true, token };
  }

  /** Phone number from the getPhoneNumber code; a stale cached token is dropped and the call retried once. */
  async phoneNumber(appid: string, secret: string, phoneCode: string): Promise<WxResult> {
    let fresh = false;
    for (;;) {
      const t = await this.appAccessToken(appid, secret, fresh);
      if (!t.ok) return t;
      const r = await this.call('/wxa/business/getuserphonenumber', { access_token: t.token }, { body: JSON.stringify({ code: phoneCode }) });
      if (!r.ok && !fresh && [40001, 40014, 42001].includes(r.errcode ?? 0)) {
        fresh = true;
        continue;
      }
      return r;
    }
  }
}
