import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { SendSmsRequest } from '@alicloud/dysmsapi20170525';
import type { Page } from 'puppeteer-core';
import { HttpClient } from '../core/http-client.ts';
import { launchBrowser, type LaunchedBrowser } from '../harness/browser.ts';
import { WechatControl } from '../harness/wechat-control.ts';
import { SmsInbox } from '../harness/sms-inbox.ts';
import { startMockWechat, type StartedMockWechat } from '../mock-wechat/app.ts';
import { startMockSms, type StartedMockSms } from '../mock-sms/app.ts';
import { aliyunClient, tencentClient } from '../mock-sms/test-support.ts';
import { startConsole, type StartedConsole } from './app.ts';

/** Helpers for the console's tests: both mocks and the console in-process, and a real Chromium. */

export const WEB_APPID = 'wx3a1c5e7f9b2d4680';
export const WEB_SECRET = '6f1e2d3c4b5a69788796a5b4c3d2e1f0';
export const MINI_APPID = 'wx3a1c5e7f9b2d4683';
export const MINI_SECRET = '9c4d5e6f708192a3b4c5d6e7f8091a2b';

/** How long a page may take to show a change: the console promises ~2 s; the rest is slack for a busy machine. */
export const SHOWS_WITHIN = { timeout: 10_000 };

export interface ConsoleWorld {
  wechat: StartedMockWechat;
  sms: StartedMockSms;
  console: StartedConsole;
  browser: LaunchedBrowser;
  /** typed control clients, straight to the mocks (not through the console) */
  wechatControl: WechatControl;
  smsInbox: SmsInbox;
  /** Opens the console on one panel, once its first read has drawn; marks the window so a reload would show. */
  open(panel: string): Promise<Page>;
  /** Both mocks back to their defaults. */
  reset(): Promise<void>;
  stop(): Promise<void>;
}

export async function startConsoleWorld(opts: { pollMs?: number } = {}): Promise<ConsoleWorld> {
  const wechat = await startMockWechat();
  const sms = await startMockSms();
  const con = await startConsole({ wechatUrl: wechat.url, smsUrl: sms.url, pollMs: opts.pollMs });
  const browser = await launchBrowser();
  return {
    wechat,
    sms,
    console: con,
    browser,
    wechatControl: new WechatControl(wechat.url),
    smsInbox: new SmsInbox(sms.url),
    async open(panel) {
      const page = await browser.browser.newPage();
      page.on('dialog', (d) => void d.accept());
      page.on('pageerror', (e) => console.error(`console page error: ${(e as Error).message}`));
      await page.goto(`${con.url}/#${panel}`);
      await page.waitForSelector(`body[data-active-panel="${panel}"]`, SHOWS_WITHIN);
      await page.evaluate(() => {
        (window as unknown as { sameDocument: boolean }).sameDocument = true;
      });
      return page;
    },
    async reset() {
      await new HttpClient(wechat.url).post('/__mock/reset');
      await new HttpClient(sms.url).post('/__mock/reset');
    },
    async stop() {
      await browser.close();
      await con.stop();
      await sms.stop();
      await wechat.stop();
    },
  };
}

/** True when the page was never reloaded since open() (a reload drops the window's marker). */
export async function notReloaded(page: Page): Promise<boolean> {
  return page.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument === true);
}

export const byTestId = (id: string, extra = '') => `[data-testid="${id}"]${extra}`;

/** Replaces a field's value the way a person does: select all, type. */
export async function setField(page: Page, selector: string, value: string): Promise<void> {
  await page.$eval(selector, (el) => {
    (el as HTMLInputElement).value = '';
  });
  if (value) await page.type(selector, value);
}

/** The trimmed text of the first element matching `selector`, or null. */
export async function textOf(page: Page, selector: string): Promise<string | null> {
  return page.$eval(selector, (el) => el.textContent?.trim() ?? '').catch(() => null);
}

/** Polls `fn` until it returns something truthy, or throws after the deadline (no fixed sleeps). */
export async function eventually<T>(what: string, fn: () => T | Promise<T>, timeoutMs = 10_000): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v as NonNullable<T>;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? `: ${(last as Error).message}` : ''}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Opens the web app's QR login page as a browser would (that creates the QR session) and returns the session's uuid. */
export async function openQrLogin(wechatUrl: string, state: string, redirectUri = 'http://127.0.0.1:9/callback'): Promise<string> {
  const http = new HttpClient(wechatUrl);
  const html = (
    await http.get(`/connect/qrconnect?appid=${WEB_APPID}&redirect_uri=${encodeURIComponent(redirectUri)}&response_type=code&scope=snsapi_login&state=${state}`)
  ).raw;
  const sessions = (await http.get<{ sessions: { uuid: string; state: string }[] }>('/__mock/qr/sessions')).body;
  const s = sessions.sessions.find((x) => x.state === state);
  if (!s) throw new Error(`no QR session after opening qrconnect: ${html.slice(0, 200)}`);
  return s.uuid;
}

/** A website login's server side: code → access_token, as a login system does it. */
export async function exchangeWebCode(wechatUrl: string, code: string): Promise<{ openid?: string; unionid?: string; errcode?: number }> {
  return (await new HttpClient(wechatUrl).get(`/sns/oauth2/access_token?appid=${WEB_APPID}&secret=${WEB_SECRET}&code=${code}&grant_type=authorization_code`))
    .body;
}

/** A verification SMS through the official Aliyun SDK, as a login backend sends it. */
export async function sendAliyunCode(smsUrl: string, phone: string, code: string): Promise<void> {
  const res = await aliyunClient(smsUrl).sendSms(
    new SendSmsRequest({ phoneNumbers: phone, signName: 'wxmock', templateCode: 'SMS_460000001', templateParam: JSON.stringify({ code }) }),
  );
  if (res.body?.code !== 'OK') throw new Error(`Aliyun SendSms: ${JSON.stringify(res.body)}`);
}

/** A verification SMS through the official Tencent Cloud SDK. */
export async function sendTencentCode(smsUrl: string, phone: string, code: string): Promise<void> {
  const res = await tencentClient(smsUrl).SendSms({
    PhoneNumberSet: [phone],
    SmsSdkAppId: '1400000001',
    SignName: 'wxmock',
    TemplateId: '1000001',
    TemplateParamSet: [code],
  });
  if (res.SendStatusSet?.[0]?.Code !== 'Ok') throw new Error(`Tencent SendSms: ${JSON.stringify(res)}`);
}

/** The console world of a panel test file and the page of the test running now (usePanel). */
export interface PanelUnderTest {
  readonly world: ConsoleWorld;
  readonly page: Page;
}

/**
 * The hooks every panel test file shares: one console world for the file, both mocks reset and the
 * panel opened (and drawn: `readySelector` shows) before each test, the page closed after it.
 * The handle gives the world and the current page to the tests.
 */
export function usePanel(panel: string, readySelector: string, opts: { setup?: (world: ConsoleWorld) => Promise<void> } = {}): PanelUnderTest {
  let world: ConsoleWorld | undefined;
  let page: Page | undefined;
  beforeAll(async () => {
    world = await startConsoleWorld();
    await opts.setup?.(world);
  });
  afterAll(async () => {
    await world?.stop();
  });
  beforeEach(async () => {
    await world!.reset();
    page = await world!.open(panel);
    await page.waitForSelector(readySelector, SHOWS_WITHIN);
  });
  afterEach(async () => {
    await page?.close();
  });
  return {
    get world() {
      if (!world) throw new Error('usePanel: the world is not started yet (use it inside a test)');
      return world;
    },
    get page() {
      if (!page) throw new Error('usePanel: no page yet (use it inside a test)');
      return page;
    },
  };
}
