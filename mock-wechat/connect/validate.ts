import type { WechatCtx } from '../context.ts';
import type { App } from '../world/types.ts';

/**
 * The page-level errors of open.weixin.qq.com's authorize pages (/connect/qrconnect and
 * /connect/oauth2/authorize): the heading is always "该链接无法访问". The codes are those of the
 * Official Account web-authorization doc (10003 redirect_uri, 10005 scope, 10010-10012 missing
 * parameters, 10016 not an Official Account appid; docs/mock-wechat.md#validation-and-error-pages);
 * for qrconnect they are unconfirmed (docs/wire/wechat.md#the-qr-login-page). 10016 for an appid WeChat does not know is this mock's choice.
 */
const PAGE_ERRORS = {
  appidMissing: { code: 10012, reason: 'AppID 参数错误', detail: 'appid 不能为空' },
  appidUnknown: { code: 10016, reason: 'AppID 参数错误', detail: '该 AppID 不存在' },
  appidNotOfficial: { code: 10016, reason: 'AppID 参数错误', detail: '不支持微信开放平台的Appid，请使用公众号Appid' },
  scopeMissing: { code: 10010, reason: 'Scope 参数错误或没有 Scope 权限', detail: 'scope 不能为空' },
  scopeDenied: { code: 10005, reason: 'Scope 参数错误或没有 Scope 权限', detail: '网站应用只能使用 snsapi_login' },
  scopeNotOfficial: { code: 10005, reason: 'Scope 参数错误或没有 Scope 权限', detail: '此公众号并没有这些scope的权限' },
  redirectMissing: { code: 10011, reason: 'redirect_uri 参数错误', detail: 'redirect_uri 不能为空' },
  redirectMismatch: { code: 10003, reason: 'redirect_uri 参数错误', detail: 'redirect_uri 域名与后台配置不一致' },
  responseType: { code: 10008, reason: '请求参数格式错误', detail: 'response_type 只能为 code' },
} as const;

export type PageErrorInfo = (typeof PAGE_ERRORS)[keyof typeof PAGE_ERRORS];

/** A refused authorize request, thrown by the checks below; the app's error handler shows the error page for it. */
export class PageError extends Error {
  constructor(readonly info: PageErrorInfo) {
    super(`${info.code} ${info.detail}`);
  }
}

export interface QrconnectRequest {
  app: App;
  redirectUri: string;
  scope: string;
  state: string;
  /** opened by wxLogin.js in an iframe */
  embedded: boolean;
  /** wxLogin.js self_redirect=true: the iframe itself goes to redirect_uri, not the top window */
  selfRedirect: boolean;
  /** wxLogin.js style: colour of the text under the QR */
  style: 'black' | 'white';
  /** wxLogin.js href: the site's own CSS for the embedded page */
  href: string | null;
}

/** "127.0.0.1:8080", "https://a.example.com/" or "[::1]" -> the bare, lower-case host. */
export function bareHost(domain: string): string {
  let d = domain
    .trim()
    .toLowerCase()
    .replace(/^[a-z][a-z0-9+.-]*:\/\//, '')
    .replace(/[/?#].*$/, '');
  if (d.startsWith('[')) return d.slice(1, d.indexOf(']') > 0 ? d.indexOf(']') : undefined);
  if (d.split(':').length === 2) d = d.slice(0, d.indexOf(':'));
  return d.replace(/\.$/, '');
}

/** The 授权回调域 rule: redirect_uri's host is the domain or one of its subdomains; ports do not count. */
export function hostAllowed(redirectHost: string, callbackDomain: string | null): boolean {
  if (!callbackDomain) return false;
  const host = bareHost(redirectHost);
  const domain = bareHost(callbackDomain);
  return !!domain && (host === domain || host.endsWith(`.${domain}`));
}

/**
 * The Official Account's 网页授权域名 (and JS接口安全域名) rule: the page's host is exactly the
 * configured domain, no subdomains; ports do not count.
 */
export function hostIsDomain(host: string, domain: string | null): boolean {
  return !!domain && !!bareHost(domain) && bareHost(host) === bareHost(domain);
}

function checkRedirect(raw: string, app: App, allowed: (host: string, domain: string | null) => boolean = hostAllowed): PageErrorInfo | undefined {
  if (!raw) return PAGE_ERRORS.redirectMissing;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return PAGE_ERRORS.redirectMismatch;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return PAGE_ERRORS.redirectMismatch;
  return allowed(url.hostname, app.callbackDomain) ? undefined : PAGE_ERRORS.redirectMismatch;
}

function safeHref(href: string): string | null {
  return /^(https?:\/\/|data:text\/css[;,])/i.test(href) ? href : null;
}

/**
 * Checks the authorize parameters in WeChat's order: appid, scope, redirect_uri; throws the PageError
 * of the first that is wrong. `query` reads a
 * decoded parameter, first value winning; an unencoded redirect_uri (JustAuth) arrives intact
 * unless it carries its own "&" parameters, which leak into the outer query as on real WeChat.
 */
export function validateQrconnect(ctx: WechatCtx, query: (name: string) => string): QrconnectRequest {
  const appid = query('appid');
  if (!appid) throw new PageError(PAGE_ERRORS.appidMissing);
  const app = ctx.world.appByAppid(appid);
  if (!app) throw new PageError(PAGE_ERRORS.appidUnknown);
  // An Official Account's (or any non-website) appid on qrconnect reads as a missing snsapi_login permission.
  if (app.type !== 'web') throw new PageError(PAGE_ERRORS.scopeDenied);
  const scope = query('scope');
  if (!scope) throw new PageError(PAGE_ERRORS.scopeMissing);
  if (scope !== 'snsapi_login') throw new PageError(PAGE_ERRORS.scopeDenied);
  const redirectUri = query('redirect_uri');
  const bad = checkRedirect(redirectUri, app);
  if (bad) throw new PageError(bad);
  const responseType = query('response_type');
  if (responseType && responseType !== 'code') throw new PageError(PAGE_ERRORS.responseType);
  const embedded = query('login_type') === 'jssdk';
  return {
    app,
    redirectUri,
    scope,
    state: query('state'),
    embedded,
    selfRedirect: embedded && query('self_redirect') === 'true',
    style: query('style') === 'white' ? 'white' : 'black',
    href: embedded && query('href') ? safeHref(query('href')) : null,
  };
}

/** The scopes of the Official Account's web authorization. */
export type OauthScope = 'snsapi_base' | 'snsapi_userinfo';

export interface AuthorizeRequest {
  app: App;
  redirectUri: string;
  scope: OauthScope;
  state: string;
}

/**
 * Checks /connect/oauth2/authorize in the same order as qrconnect (throwing the same way): appid (an Official Account's),
 * scope (snsapi_base or snsapi_userinfo), redirect_uri (exactly the 网页授权域名's host), then
 * response_type. Extra parameters (connect_redirect=1 from WxJava, forcePopup, …) are ignored.
 */
export function validateAuthorize(ctx: WechatCtx, query: (name: string) => string): AuthorizeRequest {
  const appid = query('appid');
  if (!appid) throw new PageError(PAGE_ERRORS.appidMissing);
  const app = ctx.world.appByAppid(appid);
  if (!app) throw new PageError(PAGE_ERRORS.appidUnknown);
  if (app.type !== 'official') throw new PageError(PAGE_ERRORS.appidNotOfficial);
  const scope = query('scope');
  if (!scope) throw new PageError(PAGE_ERRORS.scopeMissing);
  if (scope !== 'snsapi_base' && scope !== 'snsapi_userinfo') throw new PageError(PAGE_ERRORS.scopeNotOfficial);
  const redirectUri = query('redirect_uri');
  const bad = checkRedirect(redirectUri, app, hostIsDomain);
  if (bad) throw new PageError(bad);
  const responseType = query('response_type');
  if (responseType && responseType !== 'code') throw new PageError(PAGE_ERRORS.responseType);
  return { app, redirectUri, scope, state: query('state') };
}
