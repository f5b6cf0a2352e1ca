import type { Frame, Page } from 'puppeteer-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { hostileRedirects, SAFE_REDIRECTS } from '../../core/local-path-cases.ts';
import { launchBrowser, type LaunchedBrowser } from '../../harness/browser.ts';
import { startLoginWorld, type LoginWorld } from '../test-support.ts';

const WAIT = { timeout: 15_000 };

let browser: LaunchedBrowser;
let w: LoginWorld;
let page: Page;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});
beforeEach(async () => {
  w = await startLoginWorld();
  const context = await browser.browser.createBrowserContext();
  page = await context.newPage();
});
afterEach(async () => {
  await page
    ?.browserContext()
    .close()
    .catch(() => undefined);
  await w.stop();
});

const sel = (id: string) => `[data-testid="${id}"]`;

async function text(p: Page | Frame, id: string): Promise<string> {
  return p.$eval(sel(id), (el) => (el.textContent ?? '').trim());
}

/** Waits until an element is shown and its text satisfies `ok`. */
async function waitText(p: Page, id: string, ok: (t: string) => boolean): Promise<string> {
  const deadline = Date.now() + WAIT.timeout;
  for (;;) {
    const t = await p.$eval(sel(id), (el) => ((el as HTMLElement).hidden ? '' : (el.textContent ?? '').trim())).catch(() => '');
    if (ok(t)) return t;
    if (Date.now() > deadline) throw new Error(`${id}: text "${t}" never matched`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** On the mock's QR page (top window or WxLogin iframe): pick the persona in the dev panel and confirm. */
async function confirmOnQrPage(frame: Page | Frame, persona: string): Promise<void> {
  await frame.waitForSelector(sel('dev-persona'), WAIT);
  await frame.select(sel('dev-persona'), persona);
  await frame.click(sel('dev-confirm'));
}

/** Clicks the WeChat login button and confirms as persona; resolves once the browser is back on the login system. */
async function wechatLogin(persona: string): Promise<void> {
  await page.goto(`${w.url}/login`);
  await Promise.all([page.waitForNavigation(WAIT), page.click(sel('wechat-login'))]);
  expect(page.url().startsWith(`${w.wechat.url}/connect/qrconnect?`)).toBe(true);
  await Promise.all([page.waitForNavigation(WAIT), confirmOnQrPage(page, persona)]);
  expect(page.url().startsWith(w.url)).toBe(true);
}

describe('web QR login in Chromium', () => {
  it('unbound persona → bind page → bind existing account → logged in; the second WeChat login goes straight in', async () => {
    await wechatLogin('wangwu');
    expect(page.url()).toMatch(new RegExp(`^${w.url}/login\\?bindId=[0-9a-f]{32}$`));
    await page.waitForSelector(`${sel('bind-panel')}:not([hidden])`, WAIT);
    await page.type(sel('bind-existing-username'), 'admin');
    await page.type(sel('bind-existing-password'), 'admin123');
    await Promise.all([page.waitForNavigation(WAIT), page.click(sel('bind-existing-submit'))]);
    expect(page.url()).toBe(`${w.url}/`);
    expect(await text(page, 'current-user')).toBe('admin');
    expect(await text(page, 'current-nick')).toBe('管理员');

    await Promise.all([page.waitForNavigation(WAIT), page.click(sel('logout'))]);
    expect(page.url()).toBe(`${w.url}/login`);
    expect((await page.cookies()).find((c) => c.name === 'Admin-Token')).toBeUndefined();

    await wechatLogin('wangwu');
    // /login?loginId=… signs in by itself and moves on to the home page.
    await page.waitForFunction((u) => location.href === u, WAIT, `${w.url}/`);
    await page.waitForSelector(sel('current-user'), WAIT);
    expect(await text(page, 'current-user')).toBe('admin');
  });

  it('register-and-bind from the bind page creates the account and logs it in', async () => {
    await wechatLogin('lisi');
    await page.waitForSelector(`${sel('bind-panel')}:not([hidden])`, WAIT);
    await page.type(sel('bind-register-username'), 'lisi');
    await page.type(sel('bind-register-password'), 'secret12');
    await page.type(sel('bind-register-phone'), '13900139000');
    await Promise.all([page.waitForNavigation(WAIT), page.click(sel('bind-register-submit'))]);
    expect(await text(page, 'current-user')).toBe('lisi');
  });

  it("a WeChat error comes back as ?errorId= and is shown in error-message, in Chinese with WeChat's errmsg beneath", async () => {
    await w.wechatControl('/faults', { endpoint: '/sns/oauth2/access_token', errcode: 40029, times: 1 });
    await wechatLogin('zhangsan');
    expect(page.url()).toMatch(/\/login\?errorId=/);
    const shown = await waitText(page, 'error-message', (t) => t.length > 0);
    expect(shown).toMatch(/^微信登录失败：微信授权码无效或已过期，请重新扫码登录/);
    expect(await text(page, 'error-message')).toMatch(/原始信息：invalid code, rid: /);
  });

  it('a used bindId shows an error instead of the bind panel', async () => {
    await wechatLogin('wangwu');
    const bindUrl = page.url();
    const bindId = new URL(bindUrl).searchParams.get('bindId');
    expect((await w.browser().post('/auth/bind/login', { username: 'admin', password: 'admin123', bindId })).body.code).toBe(200);
    await page.goto(bindUrl);
    expect(await waitText(page, 'error-message', (t) => t.length > 0)).toBe('绑定信息已失效，请重新使用微信登录');
    expect(await page.$eval(sel('bind-panel'), (el) => (el as HTMLElement).hidden)).toBe(true);
  });
});

describe('password and SMS login in Chromium', () => {
  it('a wrong password shows the message; the right one logs in', async () => {
    await page.goto(`${w.url}/login`);
    await page.type(sel('login-username'), 'admin');
    await page.type(sel('login-password'), 'wrong-pass');
    await page.click(sel('login-submit'));
    expect(await waitText(page, 'error-message', (t) => t.length > 0)).toBe('用户不存在/密码错误');
    await page.$eval(sel('login-password'), (el) => {
      (el as HTMLInputElement).value = '';
    });
    await page.type(sel('login-password'), 'admin123');
    await Promise.all([page.waitForNavigation(WAIT), page.click(sel('login-submit'))]);
    expect(await text(page, 'current-user')).toBe('admin');
  });

  it("?redirect= with a control character goes nowhere but the own origin: the page's localPath in Chromium, then a real password login", async () => {
    await page.goto(`${w.url}/login?redirect=${encodeURIComponent('/\t/evil.example/')}`);
    const hostile = hostileRedirects();
    const got = await page.evaluate(
      (values: string[]) => values.map((v) => (window as unknown as { localPath(p: string): string }).localPath(v)),
      hostile.map((c) => c.value),
    );
    expect(hostile.map((c, i) => (got[i] === '/' ? '' : `${c.label} ${JSON.stringify(c.value)} -> ${JSON.stringify(got[i])}`)).filter(Boolean)).toEqual([]);
    const safe = await page.evaluate(
      (values: string[]) => values.map((v) => (window as unknown as { localPath(p: string): string }).localPath(v)),
      SAFE_REDIRECTS.map((c) => c.value),
    );
    expect(safe).toEqual(SAFE_REDIRECTS.map((c) => c.becomes));
    await page.type(sel('login-username'), 'admin');
    await page.type(sel('login-password'), 'admin123');
    await Promise.all([page.waitForNavigation(WAIT), page.click(sel('login-submit'))]);
    expect(page.url()).toBe(`${w.url}/`);
    expect(await text(page, 'current-user')).toBe('admin');
  });

  it('the captcha, when enabled, is shown and required', async () => {
    await w.browser().request('PATCH', '/__mock/config', { body: { captchaEnabled: true } });
    await page.goto(`${w.url}/login`);
    await page.waitForFunction(
      () => (document.querySelector('[data-testid="captcha-image"]') as HTMLImageElement | null)?.src.startsWith('data:image/png'),
      WAIT,
    );
    const uuid = ((await w.login.ctx.db.prepare("SELECT key FROM kv WHERE key LIKE 'captcha_codes:%'").pluck().get()) as string).split(':')[1];
    const answer = (await w.browser().get(`/__mock/captcha/${uuid}`)).body.answer;
    await page.type(sel('login-username'), 'admin');
    await page.type(sel('login-password'), 'admin123');
    await page.type(sel('login-captcha'), answer);
    await Promise.all([page.waitForNavigation(WAIT), page.click(sel('login-submit'))]);
    expect(await text(page, 'current-user')).toBe('admin');
  });

  it('SMS tab: send a code, read it from mock-sms, log in (new phone → new account)', async () => {
    await page.goto(`${w.url}/login`);
    await page.click(sel('tab-sms'));
    await page.type(sel('sms-phone'), '13700137000');
    await page.click(sel('sms-send'));
    expect(await waitText(page, 'error-message', (t) => t.length > 0)).toContain('验证码已发送');
    // the page said "sent" only after mock-sms accepted it, so the inbox has it now
    const code = await w.smsCode('13700137000');
    expect(code).toMatch(/^\d{6}$/);
    await page.type(sel('sms-code'), code!);
    await Promise.all([page.waitForNavigation(WAIT), page.click(sel('sms-submit'))]);
    expect(await text(page, 'current-user')).toBe('13700137000');
  });
});

describe('user centre in Chromium', () => {
  it('binds WeChat through the WxLogin QR iframe, then unbinds with the password', async () => {
    await page.goto(`${w.url}/login`);
    await page.type(sel('login-username'), 'admin');
    await page.type(sel('login-password'), 'admin123');
    await Promise.all([page.waitForNavigation(WAIT), page.click(sel('login-submit'))]);
    await Promise.all([page.waitForNavigation(WAIT), page.click(sel('profile-link'))]);
    expect(await text(page, 'wx-bind-status')).toBe('未绑定');

    await page.click(sel('wx-bind-button'));
    const iframe = await page.waitForSelector('#weixinLogin iframe', WAIT);
    const frame = (await iframe!.contentFrame())!;
    await Promise.all([page.waitForNavigation(WAIT), confirmOnQrPage(frame, 'zhaoliu')]);
    expect(page.url().startsWith(`${w.url}/user/profile`)).toBe(true);
    expect(await waitText(page, 'profile-message', (t) => t.length > 0)).toBe('绑定成功');
    expect(await text(page, 'wx-bind-status')).toBe('已绑定');

    await page.click(sel('wx-unbind-button'));
    await page.type(sel('unbind-password'), 'wrong-pass');
    await page.click(sel('unbind-submit'));
    expect(await waitText(page, 'profile-message', (t) => t.includes('密码'))).toBe('密码错误，请重新输入');
    await page.$eval(sel('unbind-password'), (el) => {
      (el as HTMLInputElement).value = '';
    });
    await page.type(sel('unbind-password'), 'admin123');
    await page.click(sel('unbind-submit'));
    expect(await waitText(page, 'profile-message', (t) => t === '解绑成功')).toBe('解绑成功');
    expect(await text(page, 'wx-bind-status')).toBe('未绑定');
  });
});
