import { getSetting, putSetting, type Db } from '../core/db.ts';
import { ReadCache } from '../core/read-cache.ts';

/** Behaviour switches, mostly where the evidence is thin (docs/wire/wechat.md#where-the-evidence-is-thin). Persisted with the state. */
export interface WechatOptions {
  /** Content-Type of /sns/* answers: "text" = text/plain as captured (default), "json" = application/json; encoding=utf-8 */
  snsContentType: 'json' | 'text';
  /** what the QR page and the Official Account consent page do when the user refuses: "redirect" to redirect_uri?state= (older docs) or "none" */
  refusal: 'redirect' | 'none';
  /**
   * /connect/oauth2/authorize in a browser without "MicroMessenger" in its User-Agent: "refuse" shows
   * WeChat's "请在微信客户端打开链接" page (as WeChat does), "continue" carries on as if inside WeChat
   */
  outsideWechat: 'refuse' | 'continue';
  /** errcode for a code past its lifetime: 40029 (likely real) or 42003 "code expired" */
  expiredCodeErrcode: 40029 | 42003;
  /** userinfo profile: "current" = sex 0 and empty region (2021+), "legacy" = the persona's real values */
  userinfo: 'current' | 'legacy';
  avatarBase: string;
  webCodeTtlSeconds: number;
  /** codes from the Official Account's /connect/oauth2/authorize (5 minutes per its doc) */
  oauthCodeTtlSeconds: number;
  jsCodeTtlSeconds: number;
  phoneCodeTtlSeconds: number;
  snsTokenTtlSeconds: number;
  refreshTokenTtlDays: number;
  appTokenTtlSeconds: number;
  /** jsapi_ticket lifetime (/cgi-bin/ticket/getticket) */
  jsapiTicketTtlSeconds: number;
  qrTtlSeconds: number;
}

const defaultOptions: WechatOptions = {
  snsContentType: 'text',
  refusal: 'redirect',
  outsideWechat: 'refuse',
  expiredCodeErrcode: 40029,
  userinfo: 'current',
  avatarBase: 'https://thirdwx.qlogo.cn',
  webCodeTtlSeconds: 600,
  oauthCodeTtlSeconds: 300,
  jsCodeTtlSeconds: 300,
  phoneCodeTtlSeconds: 300,
  snsTokenTtlSeconds: 7200,
  refreshTokenTtlDays: 30,
  appTokenTtlSeconds: 7200,
  jsapiTicketTtlSeconds: 7200,
  qrTtlSeconds: 300,
};

/** Upper bounds of the number options: ten years, so expiry times stay real dates. */
const MAX_SECONDS = 10 * 365 * 86_400;
const MAX: Partial<Record<keyof WechatOptions, number>> = { refreshTokenTtlDays: 3650 };

const ENUMS: Partial<Record<keyof WechatOptions, readonly unknown[]>> = {
  snsContentType: ['json', 'text'],
  refusal: ['redirect', 'none'],
  outsideWechat: ['refuse', 'continue'],
  expiredCodeErrcode: [40029, 42003],
  userinfo: ['current', 'legacy'],
};

export class Options {
  /** The options as last read: every API call asks for them. */
  private readonly cache: ReadCache;

  constructor(private readonly db: Db) {
    this.cache = new ReadCache(db, ['settings']);
  }

  get(): WechatOptions {
    return this.cache.get('options', () => this.read())!;
  }

  /**
   * Validates and stores a partial change; returns an error text or undefined. Only options set
   * explicitly are stored, so the others follow the defaults of the running version.
   */
  patch(change: Record<string, unknown>): string | undefined {
    const next = { ...this.get() } as Record<string, unknown>;
    for (const [k, v] of Object.entries(change)) {
      if (!(k in defaultOptions)) return `unknown option ${k}`;
      const allowed = ENUMS[k as keyof WechatOptions];
      if (allowed && !allowed.includes(v)) return `${k} must be one of ${allowed.join(', ')}`;
      const d = defaultOptions[k as keyof WechatOptions];
      const max = MAX[k as keyof WechatOptions] ?? MAX_SECONDS;
      if (typeof d === 'number' && !(typeof v === 'number' && Number.isFinite(v) && v > 0 && v <= max)) return `${k} must be a positive number up to ${max}`;
      if (typeof d === 'string' && typeof v !== 'string') return `${k} must be a string`;
      next[k] = v;
    }
    putSetting(this.db, 'wechat.options', JSON.stringify({ ...this.stored(), ...change }));
    return undefined;
  }

  private stored(): Record<string, unknown> {
    const raw = getSetting(this.db, 'wechat.options');
    return raw ? JSON.parse(raw) : {};
  }

  private read(): WechatOptions {
    return { ...defaultOptions, ...this.stored() };
  }
}
