export const SMS_PROVIDERS = ['aliyun', 'tencent'] as const;
export type SmsProviderOption = (typeof SMS_PROVIDERS)[number];

export interface ReferenceLoginOptions {
  /** SQLite file, or ":memory:" (the default, for tests) */
  dbFile?: string;
  /** where api.weixin.qq.com calls go (mock-wechat's URL) */
  wechatApiBase: string;
  /** where the browser is sent for open.weixin.qq.com pages (mock-wechat's URL as the browser reaches it) */
  wechatOpenBase: string;
  /** the SMS gateway both providers are sent to: "127.0.0.1:7702" or a URL (mock-sms) */
  smsEndpoint: string;
  /** the login system's own origin as browsers reach it; the listening URL otherwise */
  publicUrl?: string;
  /** sys.account.captchaEnabled (default false) */
  captchaEnabled?: boolean;
  /** which seeded SMS channel the captcha template uses (default aliyun) */
  smsProvider?: SmsProviderOption;
  /** origins besides the own one that platform URIs may redirect to (an external frontend) */
  allowedRedirectOrigins?: string[];
  /**
   * Where FastBee's web UI is served in front of this login system, forwarding /prod-api/* here
   * (`wxmock start --fastbee-ui`): the WeChat web platform rows point at it and it may be redirected to.
   */
  fastbeeUiUrl?: string;
  /** required on /__mock/ when set (non-loopback binds) */
  controlToken?: string;
  /** HS512 key for the JWT; a random one is made per database otherwise */
  tokenSecret?: string;
}
