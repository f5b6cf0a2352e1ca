import { Hono } from 'hono';
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { listen, type RunningServer } from '../../core/serve.ts';
import { launchBrowser, type LaunchedBrowser } from '../../harness/browser.ts';
import { pollUntil } from '../../harness/http.ts';
import { WechatBrowser, WECHAT_USER_AGENT } from '../../harness/wechat-browser.ts';
import { WechatControl } from '../../harness/wechat-control.ts';
import { WechatUser } from '../../harness/wechat-user.ts';
import { startMockWechat, type StartedMockWechat } from '../app.ts';
import { APPS, Wx } from '../test-support.ts';

/** The Official Account's web authorization in real Chromium, against a stand-in site that starts it. */
const WAIT = { timeout: 15_000 };
const OFFICIAL = APPS.official;

let mock: StartedMockWechat;
let site: RunningServer;
let browser: LaunchedBrowser;
let control: WechatControl;
let callbacks: { code: string | null; state: string | null }[] = [];
const pages: Page[] = [];

/** A login system's two routes: /start sends the browser to WeChat, /callback receives code and state. */
function loginSystem() {
  const app = new Hono();
  app.get('/start', (c) => {
    const q = new URLSearchParams({
      appid: OFFICIAL.appid,
      redirect_uri: `${site.url}/callback`,
      response_type: 'code',
      scope: c.req.query('scope') ?? 'snsapi_userinfo',
      state: c.req.query('state') ?? 'h5',
    });
    return c.redirect(`${mock.url}/connect/oauth2/authorize?${q}#wechat_redirect`, 302);
  });
  app.get('/callback', (c) => {
    callbacks.push({ code: c.req.query('code') ?? null, state: c.req.query('state') ?? null });
    return c.html('<!DOCTYPE html><p id="callback-done">callback received</p>');
  });
  return app;
}

async function newPage(): Promise<Page> {
  const context = await browser.browser.createBrowserContext();
  const page = await context.newPage();
  pages.push(page);
  return page;
}

async function exchange(code: string): Promise<Record<string, unknown>> {
  return (await new Wx(mock.url).exchange(OFFICIAL, code)).body;
}

const openidOf = (persona: string, appid = OFFICIAL.appid) => mock.ctx.world.openidFor(mock.ctx.world.getPersona(persona)!, appid);
const onCallback = (page: Page) => page.waitForSelector('#callback-done', WAIT);

beforeAll(async () => {
  mock = await startMockWechat();
  site = await listen(loginSystem().fetch);
  browser = await launchBrowser();
  control = new WechatControl(mock.url);
});
afterAll(async () => {
  await browser?.close();
  await site?.close();
  await mock?.stop();
});
beforeEach(() => {
  callbacks = [];
});

describe("inside WeChat's browser (WechatBrowser)", () => {
  it("snsapi_base goes straight back to the site with a code for the browser's persona: no page in between", async () => {
    const wechat = await WechatBrowser.open(await newPage(), { wechatOrigins: [mock.url], persona: 'lisi' });
    expect(await wechat.page.evaluate(() => navigator.userAgent)).toBe(WECHAT_USER_AGENT);
    const shown: string[] = [];
    wechat.page.on('response', (r) => {
      if (r.url().startsWith(mock.url) && r.status() === 200) shown.push(r.url());
    });
    await wechat.page.goto(`${site.url}/start?scope=snsapi_base&state=silent`);
    await onCallback(wechat.page);
    expect(shown).toEqual([]);
    expect(callbacks).toEqual([{ code: expect.stringMatching(/^[A-Za-z0-9]{32}$/), state: 'silent' }]);
    expect(await exchange(callbacks[0]!.code!)).toMatchObject({ openid: openidOf('lisi'), scope: 'snsapi_base' });
  });

  it("snsapi_userinfo shows the consent page with the persona chosen; the harness's WechatUser allows through the dev panel", async () => {
    const wechat = await WechatBrowser.open(await newPage(), { wechatOrigins: [mock.url] });
    await wechat.page.goto(`${site.url}/start?state=consent`);
    await wechat.page.waitForSelector('[data-testid=oauth-consent]', WAIT);
    expect(await wechat.page.$eval('[data-testid=oauth-app]', (el) => el.textContent)).toBe('公众号（网页授权）');
    await Promise.all([onCallback(wechat.page), new WechatUser('wangwu', control).confirmInPage(wechat.page)]);
    const token = await exchange(callbacks[0]!.code!);
    expect(token).toMatchObject({
      openid: openidOf('wangwu'),
      scope: 'snsapi_userinfo',
      unionid: mock.ctx.world.unionidForAccount(mock.ctx.world.getPersona('wangwu')!, 'default'),
    });
    // The browser's WeChat is wangwu's from now on: snsapi_base needs no page, and the consent page chooses wangwu.
    expect(await wechat.persona()).toBe('wangwu');
    await wechat.page.goto(`${site.url}/start?state=consent`);
    await wechat.page.waitForSelector('[data-testid=oauth-consent]', WAIT);
    expect(await wechat.page.$eval('[data-testid=dev-persona]', (el) => (el as HTMLSelectElement).value)).toBe('wangwu');
  });

  it('拒绝 sends the browser back with state and no code', async () => {
    const wechat = await WechatBrowser.open(await newPage(), { wechatOrigins: [mock.url], persona: 'zhangsan' });
    await wechat.page.goto(`${site.url}/start?state=refused`);
    await wechat.page.waitForSelector('[data-testid=oauth-deny]', WAIT);
    await Promise.all([onCallback(wechat.page), wechat.page.click('[data-testid=oauth-deny]')]);
    expect(callbacks).toEqual([{ code: null, state: 'refused' }]);
  });
});

describe('in a desktop browser', () => {
  it('shows "请在微信客户端打开链接"; the dev panel\'s button goes on as inside WeChat, and the WeChat-style 允许 signs the chosen persona in', async () => {
    const page = await newPage();
    await page.goto(`${site.url}/start?state=desktop`);
    await page.waitForSelector('[data-testid=oauth-outside-wechat]', WAIT);
    expect(await page.evaluate(() => document.body.innerText)).toContain('请在微信客户端打开链接');
    expect(callbacks).toEqual([]);

    await Promise.all([page.waitForNavigation(WAIT), page.click('[data-testid=dev-continue]')]);
    await page.waitForSelector('[data-testid=oauth-consent]', WAIT);
    await page.select('[data-testid=dev-persona]', 'zhaoliu');
    await Promise.all([onCallback(page), page.click('[data-testid=oauth-allow]')]);
    const token = await exchange(callbacks[0]!.code!);
    expect(token).toMatchObject({ openid: openidOf('zhaoliu'), scope: 'snsapi_userinfo' });
    // The same person on the website app (QR login) has the same unionid.
    const webCode = await control.code('web', 'zhaoliu');
    const web = (await new Wx(mock.url).exchange(APPS.web, webCode)).body;
    expect(token.unionid).toBe(web.unionid);

    // Still this browser, snsapi_base: silent now, for the persona it chose.
    await page.goto(`${site.url}/start?scope=snsapi_base&state=again`);
    await onCallback(page);
    await pollUntil('the second callback', async () => (callbacks.length === 2 ? true : undefined));
    expect(await exchange(callbacks[1]!.code!)).toMatchObject({ openid: openidOf('zhaoliu'), scope: 'snsapi_base' });
  });
});
