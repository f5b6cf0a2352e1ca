import type { AjaxResult, FastbeeApi } from './targets/fastbee-api.ts';
import type { WechatControl } from './wechat-control.ts';

/**
 * A mobile app with the WeChat OpenSDK: asks WeChat for authorization (SendAuth) as a persona and
 * forwards what it gets to the login system's /wechat/mobileLogin.
 */
export class MobileApp {
  constructor(
    readonly appid: string,
    private readonly wechat: WechatControl,
    private readonly api: FastbeeApi,
  ) {}

  /** SendAuth.Resp for a persona: errCode 0 with a code, -2 cancelled, -4 denied. */
  authorize(persona: string, opts: { result?: 'ok' | 'cancel' | 'deny'; state?: string; uniLogin?: boolean } = {}) {
    return this.wechat.sdkAuth({ appid: this.appid, persona, state: opts.state ?? 'wxmock', result: opts.result, exchange: opts.uniLogin });
  }

  /**
   * The whole popup login. With `uniLogin` the device exchanges the code itself (uni.login without
   * onlyAuthorize) and the app sends the accessToken/openId/unionId form instead of the code.
   */
  async login(persona: string, opts: { uniLogin?: boolean } = {}): Promise<{ resp: Awaited<ReturnType<MobileApp['authorize']>>; result?: AjaxResult }> {
    const resp = await this.authorize(persona, opts);
    if (resp.errCode !== 0) return { resp };
    if (opts.uniLogin && resp.authResult) {
      const a = resp.authResult as Record<string, string | number>;
      return {
        resp,
        result: await this.api.mobileLogin({
          accessToken: String(a.access_token),
          openId: String(a.openid),
          unionId: String(a.unionid ?? ''),
          refreshToken: String(a.refresh_token),
          expiresIn: Number(a.expires_in),
        }),
      };
    }
    return { resp, result: await this.api.mobileLogin({ code: resp.code }) };
  }
}
