export type AppType = 'web' | 'mobile' | 'miniprogram' | 'official';
export type MobileBase = 'custom' | 'standard';

/** An Open Platform account: the namespace of unionids. */
export interface Account {
  id: string;
  name: string;
}

export interface App {
  appid: string;
  /** short human name used in config and the console, e.g. "web", "mini" */
  key: string;
  name: string;
  type: AppType;
  secret: string;
  /** Open Platform account the app is bound to; null = unbound (no unionid) */
  account: string | null;
  /** web apps: the "授权回调域"; redirect_uri's host must be it or under it */
  callbackDomain: string | null;
  /** mobile apps: "standard" = HBuilderX standard base, logins come from DCloud's app */
  base: MobileBase | null;
  /** mini programs: free getuserphonenumber calls, then price per call (CNY) */
  phoneFreeQuota: number;
  phonePrice: number;
  /** mini programs: total button taps allowed before errno 1400001; null = unlimited */
  phoneCallLimit: number | null;
  /** /cgi-bin/token callers outside this list get 40164; null = no whitelist */
  ipWhitelist: string[] | null;
}

/** A WeChat user. */
export interface Persona {
  id: string;
  nickname: string;
  /** 1 male, 2 female, 0 unknown */
  sex: number;
  province: string;
  city: string;
  country: string;
  language: string;
  /** avatar URL; null = a qlogo-shaped URL derived from the id */
  avatar: string | null;
  /** phone number without country code, e.g. 13800138000; null = no phone bound */
  phone: string | null;
  countryCode: string;
  /** a high-risk account: jscode2session answers 40226 */
  risky: boolean;
  /** pinned ids, e.g. pasted from a production bug report */
  openids: Record<string, string>;
  unionids: Record<string, string>;
}

/** Every id a persona has: an openid per app (with the app whose login hands it out), a unionid per account. */
export interface Identities {
  persona: string;
  openids: { appid: string; key: string; type: AppType; openid: string; loginAppid: string }[];
  unionids: { account: string; unionid: string }[];
}

export interface WorldConfig {
  seed?: string;
  accounts?: Account[];
  apps?: (Partial<App> & Pick<App, 'appid' | 'type'>)[];
  personas?: (Partial<Persona> & Pick<Persona, 'id'>)[];
}
