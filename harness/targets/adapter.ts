import type { Page } from 'puppeteer-core';
import type { FastbeeApi } from './fastbee-api.ts';

/** Which apps of the mock's world the target is configured with (appids or app keys). */
export interface TargetApps {
  web: string;
  webBind: string;
  mobile: string;
  mini: string;
}

/** How a login system's pages are driven in a browser. */
export interface TargetPages {
  /** opens the login page */
  openLogin(page: Page): Promise<void>;
  /** on the login page: signs in with the password; resolves once the signed-in view shows */
  passwordLogin(page: Page, username: string, password: string): Promise<void>;
  /** clicks the WeChat login button; resolves once the browser shows the WeChat QR page */
  startWechatLogin(page: Page): Promise<void>;
  /** on the bind page: bind an existing account */
  bindExisting(page: Page, username: string, password: string): Promise<void>;
  /** on the bind page: register a new account and bind it */
  registerAndBind(page: Page, account: { username: string; password: string; phone?: string }): Promise<void>;
  /** the signed-in user's user name, waiting up to `timeoutMs` for the signed-in view; undefined when not signed in */
  loggedInUser(page: Page, timeoutMs?: number): Promise<string | undefined>;
  /** true once the bind page is shown */
  isOnBindPage(page: Page, timeoutMs?: number): Promise<boolean>;
  /** the error text the page shows, waiting up to `timeoutMs` */
  errorMessage(page: Page, timeoutMs?: number): Promise<string | undefined>;
  logout(page: Page): Promise<void>;
  /** SMS tab: enter the phone, request a code, get it with `readCode`, sign in */
  smsLogin(page: Page, phone: string, readCode: () => Promise<string>): Promise<void>;
  /** opens the user centre (signed in) */
  openUserCentre(page: Page): Promise<void>;
  /** the user centre's WeChat row: true when it says bound */
  wechatBound(page: Page, timeoutMs?: number): Promise<boolean>;
  /** user centre: starts binding WeChat; resolves once the bind QR code shows (the persona then confirms it) */
  startWechatBind(page: Page): Promise<void>;
  /** after the persona confirmed the bind QR: back on the user centre, the result message it shows */
  wechatBindResult(page: Page, timeoutMs?: number): Promise<string>;
  /** user centre: unbinds WeChat after entering the account password; the message the page shows */
  unbindWechat(page: Page, password: string): Promise<string>;
}

/**
 * A login system under test. API-level steps go through `api` (FastBee's HTTP API, which the
 * reference login system speaks too); browser steps through `pages`.
 */
export interface TargetAdapter {
  name: string;
  api: FastbeeApi;
  /** the login page a person opens */
  loginPageUrl: string;
  apps: TargetApps;
  admin: { username: string; password: string };
  pages: TargetPages;
  /** moves the target's own clock (SMS code and one-time id lifetimes), when it has one */
  advanceClock?(seconds: number): Promise<void>;
  close?(): Promise<void>;
}
