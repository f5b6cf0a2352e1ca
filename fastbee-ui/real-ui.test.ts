import type { BrowserContext, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../harness/sandbox.ts';
import { FastbeeDefect } from '../harness/targets/fastbee-defects.ts';
import { FastbeeWatch } from '../harness/targets/fastbee-watch.ts';
import { fastbeeUiDist, fastbeeUiMissing } from './fixture.ts';

// FastBee's real web UI (the fixture's production build) in real Chromium, reference-login behind
// its /prod-api/: one sandbox and one browser for the file. The tests share one browser profile so
// the UI's 6 MB of scripts load from its cache after the first test; each starts without cookies.
const missing = fastbeeUiMissing();

describe.skipIf(!!missing)(`FastBee's real web UI on wxmock${missing ? ` (skipped: ${missing})` : ''}`, () => {
  let s: Sandbox;
  let ui: string;
  let context: BrowserContext;
  beforeAll(async () => {
    s = await startSandbox({ target: 'fastbee', fastbeeUi: fastbeeUiDist(), browser: true });
    ui = new URL(s.target.loginPageUrl).origin;
    context = await s.browser!.createBrowserContext();
  }, 60_000);
  afterAll(() => s?.close());

  /** A new tab signed out: no Admin-Token, no OAuth browser cookie. */
  async function newPage(): Promise<Page> {
    const page = await context.newPage();
    const cookies = await page.cookies(ui);
    if (cookies.length) await page.deleteCookie(...cookies.map((c) => ({ name: c.name, url: ui })));
    return page;
  }

  const watch = (page: Page) => FastbeeWatch.of(page, ui);
  /** Every page of a test: no call the UI made went unanswered, no error toast but the expected ones. */
  async function expectClean(page: Page, expectedErrors: RegExp[] = []) {
    const w = await watch(page);
    expect(w.calls.filter((c) => c.status >= 400).map((c) => `${c.method} ${c.path} → ${c.status}`)).toEqual([]);
    const errors = w.errorToasts().map((t) => t.text);
    expect(errors.filter((t) => !expectedErrors.some((re) => re.test(t)))).toEqual([]);
    expect(errors.length).toBe(expectedErrors.length);
  }
  async function wechatLogin(page: Page, persona: string) {
    await s.target.pages.openLogin(page);
    await s.target.pages.startWechatLogin(page);
    const back = page.waitForNavigation({ waitUntil: 'domcontentloaded', timeout: 15_000 });
    await s.user(persona).confirmInPage(page);
    await back;
  }
  /** The persona's WeChat bound to an account through the API, as a first login + bind would. */
  async function bindTo(persona: string, username: string, password: string) {
    const api = s.target.api.newBrowser();
    const render = await api.renderWebLogin();
    await s.wechat.http.get(render.qrconnectUrl!);
    const back = new URL((await s.user(persona).confirm(render.appid!)).redirectUrl!);
    const { outcome } = await api.callback({ code: back.searchParams.get('code')!, state: back.searchParams.get('state')! });
    expect(outcome.kind).toBe('bindId');
    expect((await api.bindLogin({ bindId: (outcome as { bindId: string }).bindId, username, password })).code).toBe(200);
  }

  it('password login (with the image captcha on) and logout', async () => {
    const page = await newPage();
    await s.target.api.http.request('PATCH', '/__mock/config', { body: { captchaEnabled: true } });
    try {
      await s.target.pages.openLogin(page);
      // The captcha is a raster image the browser draws (FastBee prefixes it with data:image/gif).
      const size = await page.waitForFunction(
        () => {
          const img = [...document.querySelectorAll('img')].find((i) => i.src.startsWith('data:image/gif;base64,'));
          return img?.complete && img.naturalWidth > 0 ? [img.naturalWidth, img.naturalHeight] : undefined;
        },
        { timeout: 10_000 },
      );
      expect(await size.jsonValue()).toEqual([160, 60]);
      await s.target.pages.passwordLogin(page, 'admin', 'admin123');
    } finally {
      await s.target.api.http.request('PATCH', '/__mock/config', { body: { captchaEnabled: false } });
    }
    expect(new URL(page.url()).pathname).toBe('/index');
    expect(await s.target.pages.loggedInUser(page)).toBe('admin');
    await s.target.pages.logout(page);
    expect(new URL(page.url()).pathname).toBe('/login');
    expect(await s.target.pages.loggedInUser(page, 500)).toBeUndefined();
    await expectClean(page);
  });

  it('WeChat QR login comes back to FastBee with ?bindId=; binding there is FastBee defect (a)', async () => {
    const page = await newPage();
    await wechatLogin(page, 'wangwu');
    expect(new URL(page.url()).searchParams.get('bindId')).toMatch(/^[0-9a-f]{32}$/);
    expect(new URL(page.url()).origin).toBe(ui);
    expect(await s.target.pages.isOnBindPage(page)).toBe(true);
    await expect(s.target.pages.bindExisting(page, 'admin', 'admin123')).rejects.toMatchObject({ name: 'FastbeeDefect', id: 'a', file: 'src/views/login.vue' });
    await expectClean(page);
  });

  it("a bound persona's WeChat login (?loginId=) lands on the index signed in", async () => {
    await bindTo('zhangsan', 'admin', 'admin123');
    const page = await newPage();
    await wechatLogin(page, 'zhangsan');
    expect(await s.target.pages.loggedInUser(page)).toBe('admin');
    expect(new URL(page.url()).pathname).toBe('/index');
    expect(await s.target.pages.isOnBindPage(page, 500)).toBe(false);
    await expectClean(page);
  });

  it('a callback error (?errorId=) shows its message', async () => {
    await s.wechat.fault({ endpoint: '/sns/oauth2/access_token', errcode: -1 });
    const page = await newPage();
    await wechatLogin(page, 'zhaoliu');
    expect(new URL(page.url()).searchParams.get('errorId')).toBeTruthy();
    expect(await s.target.pages.errorMessage(page)).toMatch(/^system error/);
    await expectClean(page, [/^\[500\] system error/]);
  });

  it('the register page without WeChat registers through /iot/tool/register; the new account signs in', async () => {
    const page = await newPage();
    await watch(page);
    await page.goto(`${ui}/register`, { waitUntil: 'domcontentloaded' });
    for (const [placeholder, value] of [
      ['请输入您的账号', 'newbie01'],
      ['请输入您的手机号码', '13600136002'],
      ['请输入您的密码', 'Newbie-01'],
      ['请输入您的确认密码', 'Newbie-01'],
    ]) {
      await (await page.waitForSelector(`input[placeholder="${placeholder}"]`, { visible: true }))!.type(value!);
    }
    await page.click('.el-checkbox .el-checkbox__inner');
    await page.click('button.el-button--primary');
    const ok = await page.waitForSelector('.el-message-box__btns .el-button--primary', { visible: true });
    expect(await page.$eval('.el-message-box__message', (m) => (m as HTMLElement).innerText)).toContain('newbie01');
    await ok!.click();
    await page.waitForSelector('.other-login .icon', { visible: true });
    await s.target.pages.passwordLogin(page, 'newbie01', 'Newbie-01');
    expect(await s.target.pages.loggedInUser(page)).toBe('newbie01');
    expect((await watch(page)).calls.some((c) => c.method === 'POST' && c.path === '/iot/tool/register' && c.body?.code === 200)).toBe(true);
    await expectClean(page);
  });

  it('the user centre shows the binding, unbinds with the password (a wrong one: FastBee defect (e)), binds again by QR (then FastBee defect (c))', async () => {
    expect((await s.target.api.http.post('/iot/tool/register', { username: 'centre01', password: 'Centre-01', phonenumber: '13600136001' })).body.code).toBe(
      200,
    );
    await bindTo('lisi', 'centre01', 'Centre-01');
    const page = await newPage();
    await s.target.pages.openLogin(page);
    await s.target.pages.passwordLogin(page, 'centre01', 'Centre-01');
    await s.target.pages.openUserCentre(page);
    expect(await s.target.pages.wechatBound(page)).toBe(true);
    // A wrong password: refused, and FastBee's handler of the refusal throws (defect e).
    await expect(s.target.pages.unbindWechat(page, 'not-the-password')).rejects.toMatchObject({
      id: 'e',
      observed: expect.stringContaining('密码错误，请重新输入'),
    });
    expect(await s.target.pages.wechatBound(page)).toBe(true);
    expect(await s.target.pages.unbindWechat(page, 'Centre-01')).toBe('解绑成功');
    expect(await s.target.pages.wechatBound(page)).toBe(false);

    await s.target.pages.startWechatBind(page);
    await s.user('lisi').confirm(s.target.apps.webBind);
    const result = await s.target.pages.wechatBindResult(page).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(result).toBeInstanceOf(FastbeeDefect);
    expect(result).toMatchObject({ id: 'c', file: 'src/views/system/user/profile/index.vue' });
    expect((result as FastbeeDefect).observed).toContain('绑定成功');
    expect(new URL(page.url()).searchParams.get('wxBindMsgId')).toBeTruthy();
    expect(await s.target.pages.wechatBound(page)).toBe(true);
    await expectClean(page, [/^\[500\] 密码错误，请重新输入$/]);
  });
});
