import { HttpClient, type HttpResponse } from '../../core/http-client.ts';

/** RuoYi's AjaxResult: {code, msg} plus token / data / any extra keys. */
export interface AjaxResult {
  code: number;
  msg: string;
  token?: string;
  // biome-ignore lint/suspicious/noExplicitAny: FastBee puts answers of every shape here; each caller reads the one its endpoint gives
  data?: any;
  [key: string]: unknown;
}

/** /iot/platform/list: RuoYi's table page of the platform rows. */
export type PlatformList = AjaxResult & { rows: ({ platform: string } & Record<string, unknown>)[]; total: number };

/** Where the WeChat callback sent the browser, in FastBee's terms. */
export type CallbackOutcome =
  | { kind: 'loginId'; loginId: string; location: string }
  | { kind: 'bindId'; bindId: string; location: string }
  | { kind: 'errorId'; errorId: string; location: string }
  | { kind: 'other'; location: string | undefined; status: number };

export function classifyRedirect(location: string | undefined, status: number): CallbackOutcome {
  if (!location) return { kind: 'other', location, status };
  const u = new URL(location, 'http://x');
  for (const kind of ['loginId', 'bindId', 'errorId'] as const) {
    const v = u.searchParams.get(kind);
    if (v) return { kind, [kind]: v, location } as CallbackOutcome;
  }
  return { kind: 'other', location, status };
}

/**
 * FastBee's third-party-login HTTP API (docs/wire/fastbee.md#endpoint-table), spoken by both the reference
 * login system and a real FastBee backend. One instance is one browser: it keeps cookies, so a
 * target that binds the OAuth state to the browser sees the same browser at render and callback.
 */
export class FastbeeApi {
  readonly http: HttpClient;

  constructor(
    readonly apiUrl: string,
    http?: HttpClient,
  ) {
    this.http = http ?? new HttpClient(apiUrl, { headers: { language: 'zh-CN' }, cookies: true });
  }

  /** Another browser: same API, fresh cookies. */
  newBrowser(): FastbeeApi {
    return new FastbeeApi(this.apiUrl, this.http.withCookies());
  }

  // ---- web QR login

  /** GET /auth/render/{source}: the redirect to qrconnect, and the state in it. */
  async renderWebLogin(
    source = 'wechat_open_web',
  ): Promise<{ response: HttpResponse; qrconnectUrl?: string; state?: string; appid?: string; redirectUri?: string }> {
    const response = await this.http.get(`/auth/render/${source}`);
    if (!response.location) return { response };
    const u = new URL(response.location);
    return {
      response,
      qrconnectUrl: response.location,
      state: u.searchParams.get('state') ?? undefined,
      appid: u.searchParams.get('appid') ?? undefined,
      redirectUri: u.searchParams.get('redirect_uri') ?? undefined,
    };
  }

  /** GET /auth/callback/{source}?code&state: where the target sends the browser next. */
  async callback(params: { code?: string; state?: string }, source = 'wechat_open_web'): Promise<{ response: HttpResponse; outcome: CallbackOutcome }> {
    const q = new URLSearchParams(Object.entries(params).filter(([, v]) => v !== undefined) as [string, string][]);
    const response = await this.http.get(`/auth/callback/${source}?${q}`);
    return { response, outcome: classifyRedirect(response.location, response.status) };
  }

  async loginById(loginId: string) {
    return (await this.http.get<AjaxResult>(`/auth/login/${loginId}`)).body;
  }
  async checkBindId(bindId: string) {
    return (await this.http.get<AjaxResult>(`/auth/checkBindId/${bindId}`)).body;
  }
  async errorMessage(errorId: string) {
    return (await this.http.get<AjaxResult>(`/auth/getErrorMsg/${errorId}`)).body;
  }
  async bindLogin(body: { bindId: string; username: string; password: string; code?: string; uuid?: string }) {
    return (await this.http.post<AjaxResult>('/auth/bind/login', body)).body;
  }
  async bindRegister(body: { bindId: string; username: string; password: string; phonenumber?: string; code?: string; uuid?: string }) {
    return (await this.http.post<AjaxResult>('/auth/bind/register', body)).body;
  }

  // ---- app logins

  async mobileLogin(body: { code?: string; accessToken?: string; openId?: string; unionId?: string; refreshToken?: string; expiresIn?: number }) {
    return (await this.http.post<AjaxResult>('/wechat/mobileLogin', body)).body;
  }
  async miniLogin(body: { phoneCode?: string; code?: string }) {
    return (await this.http.post<AjaxResult>('/wechat/miniLogin', body)).body;
  }

  // ---- password and SMS

  async captchaImage() {
    return (await this.http.get<AjaxResult & { captchaEnabled?: boolean; uuid?: string; img?: string }>('/captchaImage')).body;
  }
  async login(body: { username: string; password: string; code?: string; uuid?: string }) {
    return (await this.http.post<AjaxResult>('/login', body)).body;
  }
  async sendSmsLoginCode(phoneNumber: string) {
    return (await this.http.get<AjaxResult>(`/notify/smsLoginCaptcha?phoneNumber=${encodeURIComponent(phoneNumber)}`)).body;
  }
  async smsLogin(body: { phonenumber: string; smsCode: string; sourceType?: number }) {
    return (await this.http.post<AjaxResult>('/auth/sms/login', body)).body;
  }

  // ---- user centre

  async profile(token: string) {
    return (await this.http.get<AjaxResult>('/system/user/profile', { token })).body;
  }
  async wxBindQr(token: string) {
    return (await this.http.get<AjaxResult>('/wechat/getWxBindQr', { token })).body;
  }
  async wxBindCallback(params: { code?: string; state?: string; wxBindId: string }) {
    const q = new URLSearchParams(Object.entries(params).filter(([, v]) => v !== undefined) as [string, string][]);
    const response = await this.http.get(`/wechat/wxBind/callback?${q}`);
    return { response, wxBindMsgId: response.location ? (new URL(response.location, 'http://x').searchParams.get('wxBindMsgId') ?? undefined) : undefined };
  }
  async wxBindMsg(token: string, wxBindMsgId: string) {
    return (await this.http.get<AjaxResult>(`/wechat/getWxBindMsg?wxBindMsgId=${encodeURIComponent(wxBindMsgId)}`, { token })).body;
  }
  async appBind(token: string, body: { sourceClient: string; openId?: string; unionId?: string; code?: string }) {
    return (await this.http.post<AjaxResult>('/wechat/bind', body, { token })).body;
  }
  async cancelBind(token: string, body: { verifyType?: number; password?: string; userPhone?: string; smsCode?: string }) {
    return (await this.http.post<AjaxResult>('/wechat/cancelBind', body, { token })).body;
  }

  // ---- admin

  async platforms(token: string) {
    return (await this.http.get<PlatformList>('/iot/platform/list', { token })).body;
  }
}
