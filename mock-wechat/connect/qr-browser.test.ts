import { Hono } from 'hono';
import jsqr from 'jsqr';
import { PNG } from 'pngjs';
import type { Page } from 'puppeteer-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { HttpClient } from '../../core/http-client.ts';
import { listen, type RunningServer } from '../../core/serve.ts';
import { launchBrowser, type LaunchedBrowser } from '../../harness/browser.ts';
import { startMockWechat, type StartedMockWechat } from '../app.ts';

const WEB = 'wx3a1c5e7f9b2d4680';
const WEB_SECRET = '6f1e2d3c4b5a69788796a5b4c3d2e1f0';
const WAIT = { timeout: 15_000 };

let mock: StartedMockWechat;
let http: HttpClient;
let site: RunningServer;
let browser: LaunchedBrowser;
/** What the login system's callback received, in order. */
let callbacks: { code: string | null; state: string | null }[] = [];
let page: Page;

/** A stand-in login system: a callback that records code and state, and a page that embeds the QR with wxLogin.js. */
function loginSystem(mockUrl: () => string) {
  const app = new Hono();
  app.get('/callback', (c) => {
    callbacks.push({ code: c.req.query('code') ?? null, state: c.req.query('state') ?? null });
    return c.html('<!DOCTYPE html><p id="callback-done">callback received</p>');
  });
  app.get('/embed', (c) => {
    const options = {
      id: 'login_container',
      appid: WEB,
      scope: 'snsapi_login',
      redirect_uri: encodeURIComponent(`${site.url}/callback`),
      state: 'embed-state',
      style: 'black',
      self_redirect: c.req.query('self') === '1',
    };
    return c.html(`<!DOCTYPE html><html><body><h1>Site login</h1><div id="login_container"></div>
<script src="${mockUrl()}/connect/zh_CN/htmledition/js/wxLogin.js"></script>
<script>new WxLogin(${JSON.stringify(options)});</script></body></html>`);
  });
  return app;
}

function qrconnect(state: string): string {
  return `${mock.url}/connect/qrconnect?appid=${WEB}&redirect_uri=${encodeURIComponent(`${site.url}/callback`)}&response_type=code&scope=snsapi_login&state=${encodeURIComponent(state)}#wechat_redirect`;
}

async function exchange(code: string): Promise<Record<string, unknown>> {
  return (await http.get(`/sns/oauth2/access_token?appid=${WEB}&secret=${WEB_SECRET}&code=${code}&grant_type=authorization_code`)).body;
}

function openidOf(persona: string): string {
  return mock.ctx.world.openidFor(mock.ctx.world.getPersona(persona)!, WEB);
}

async function qrStatus(p: Page): Promise<string | null> {
  return p.$eval('[data-testid=qr-status]', (el) => el.getAttribute('data-status'));
}

/** Reads the QR code off the page's image, as a phone camera would. */
async function scanQr(p: Page): Promise<string> {
  const src = await p.$eval('[data-testid=qr-image]', (el) => (el as HTMLImageElement).src);
  const img = PNG.sync.read((await http.get(src)).bytes);
  const decoded = jsqr.default(new Uint8ClampedArray(img.data.buffer, img.data.byteOffset, img.data.length), img.width, img.height);
  expect(decoded).not.toBeNull();
  return decoded!.data;
}

beforeAll(async () => {
  mock = await startMockWechat();
  http = new HttpClient(mock.url);
  site = await listen(loginSystem(() => mock.url).fetch);
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await site?.close();
  await mock?.stop();
});
beforeEach(async () => {
  callbacks = [];
  await http.post('/__mock/reset');
  page = await browser.browser.newPage();
});
afterEach(async () => {
  await page.close();
});

describe('web QR login in Chromium', () => {
  it('dev panel: pick a persona, confirm -> the browser lands on redirect_uri with code and state; the code gives that persona', async () => {
    await page.goto(qrconnect('st-dev 测试&x'), { waitUntil: 'domcontentloaded' });
    expect(await page.$eval('[data-testid=dev-panel]', (el) => el.textContent)).toContain('wxmock');
    expect(await qrStatus(page)).toBe('waiting');

    await page.select('[data-testid=dev-persona]', 'lisi');
    await page.click('[data-testid=dev-scan]');
    await page.waitForFunction(() => document.querySelector('[data-testid=qr-status]')?.getAttribute('data-status') === 'scanned', WAIT);
    expect(await page.$eval('[data-testid=qr-status]', (el) => el.textContent)).toBe('扫描成功');

    await Promise.all([page.waitForNavigation(WAIT), page.click('[data-testid=dev-confirm]')]);
    const landed = new URL(page.url());
    expect(`${landed.origin}${landed.pathname}`).toBe(`${site.url}/callback`);
    expect(landed.searchParams.get('state')).toBe('st-dev 测试&x');
    expect(callbacks).toEqual([{ code: landed.searchParams.get('code'), state: 'st-dev 测试&x' }]);

    const token = await exchange(callbacks[0]!.code!);
    expect(token.errcode).toBeUndefined();
    expect(token.openid).toBe(openidOf('lisi'));
  });

  it('phone: the confirm URL read off the QR, opened in another browser context, completes the login', async () => {
    await page.goto(qrconnect('st-phone'), { waitUntil: 'domcontentloaded' });
    const confirmUrl = await scanQr(page);
    expect(confirmUrl).toMatch(new RegExp(`^${mock.url}/connect/confirm\\?uuid=[A-Za-z0-9]{16}$`));

    const phoneContext = await browser.browser.createBrowserContext();
    try {
      const phone = await phoneContext.newPage();
      await phone.setViewport({ width: 390, height: 844, isMobile: true, hasTouch: true });
      await phone.goto(confirmUrl, { waitUntil: 'domcontentloaded' });
      expect(await phone.$eval('[data-testid=confirm-app]', (el) => el.textContent)).toBe('网站应用（扫码登录）');
      // Opening the URL is the scan: the desktop page notices.
      await page.waitForFunction(() => document.querySelector('[data-testid=qr-status]')?.getAttribute('data-status') === 'scanned', WAIT);

      await phone.select('[data-testid=confirm-persona]', 'zhaoliu');
      await Promise.all([page.waitForNavigation(WAIT), Promise.all([phone.waitForNavigation(WAIT), phone.click('[data-testid=confirm-allow]')])]);
      expect(await phone.$eval('[data-testid=confirm-result]', (el) => el.getAttribute('data-result'))).toBe('allowed');
    } finally {
      await phoneContext.close();
    }
    expect(callbacks).toHaveLength(1);
    expect(callbacks[0]!.state).toBe('st-phone');
    expect((await exchange(callbacks[0]!.code!)).openid).toBe(openidOf('zhaoliu'));
  });

  it('refusal (refusal: "redirect", the default): 拒绝 on the phone lands on redirect_uri with state only', async () => {
    await page.goto(qrconnect('st-refuse'), { waitUntil: 'domcontentloaded' });
    const phone = await browser.browser.newPage();
    try {
      await phone.goto(await scanQr(page), { waitUntil: 'domcontentloaded' });
      await Promise.all([page.waitForNavigation(WAIT), phone.click('[data-testid=confirm-deny]')]);
    } finally {
      await phone.close();
    }
    const landed = new URL(page.url());
    expect(landed.pathname).toBe('/callback');
    expect([...landed.searchParams.keys()]).toEqual(['state']);
    expect(callbacks).toEqual([{ code: null, state: 'st-refuse' }]);
  });

  it('refusal (refusal: "none"): the page stays and says the login was cancelled', async () => {
    const r = await http.patch('/__mock/options', { refusal: 'none' });
    expect(r.status).toBe(200);
    await page.goto(qrconnect('st-none'), { waitUntil: 'domcontentloaded' });
    await page.click('[data-testid=dev-cancel]');
    await page.waitForFunction(() => document.querySelector('[data-testid=qr-status]')?.getAttribute('data-status') === 'cancelled', WAIT);
    expect(await page.$eval('[data-testid=qr-status]', (el) => el.textContent)).toBe('你已取消此次登录');
    expect(new URL(page.url()).pathname).toBe('/connect/qrconnect');
    expect(callbacks).toEqual([]);
  });

  it('expiry: the page shows the QR code expired with a refresh link that gives a new QR code', async () => {
    const r = await http.patch('/__mock/options', { qrTtlSeconds: 1 });
    expect(r.status).toBe(200);
    await page.goto(qrconnect('st-expire'), { waitUntil: 'domcontentloaded' });
    const firstQr = await page.$eval('[data-testid=qr-image]', (el) => el.getAttribute('src'));
    await page.waitForFunction(() => document.querySelector('[data-testid=qr-status]')?.getAttribute('data-status') === 'expired', WAIT);
    expect(await page.$eval('[data-testid=qr-status]', (el) => el.textContent)).toBe('二维码已失效');
    expect(await page.$eval('[data-testid=qr-refresh]', (el) => (el as HTMLAnchorElement).hidden)).toBe(false);

    await http.patch('/__mock/options', { qrTtlSeconds: 300 });
    await Promise.all([page.waitForNavigation(WAIT), page.click('[data-testid=qr-refresh]')]);
    expect(await page.$eval('[data-testid=qr-image]', (el) => el.getAttribute('src'))).not.toBe(firstQr);
    expect(await qrStatus(page)).toBe('waiting');
  });

  it('wxLogin.js on another origin: the iframe QR page sends the top window to redirect_uri on confirm', async () => {
    await page.goto(`${site.url}/embed`, { waitUntil: 'domcontentloaded' });
    const frameHandle = await page.waitForSelector('#login_container iframe', WAIT);
    const frame = await frameHandle!.contentFrame();
    expect(new URL(frame.url()).origin).toBe(mock.url);
    expect(frame.url()).toContain('login_type=jssdk');
    await frame.waitForSelector('[data-testid=dev-confirm]', WAIT);
    await frame.select('[data-testid=dev-persona]', 'wangwu');
    await Promise.all([page.waitForNavigation(WAIT), frame.click('[data-testid=dev-confirm]')]);
    const landed = new URL(page.url());
    expect(`${landed.origin}${landed.pathname}`).toBe(`${site.url}/callback`);
    expect(callbacks).toHaveLength(1);
    expect(callbacks[0]!.state).toBe('embed-state');
    expect((await exchange(callbacks[0]!.code!)).openid).toBe(openidOf('wangwu'));
  });

  it('wxLogin.js with self_redirect: true: the iframe itself goes to redirect_uri, the site page stays', async () => {
    await page.goto(`${site.url}/embed?self=1`, { waitUntil: 'domcontentloaded' });
    const frame = await (await page.waitForSelector('#login_container iframe', WAIT))!.contentFrame();
    expect(frame.url()).toContain('self_redirect=true');
    await frame.waitForSelector('[data-testid=dev-confirm]', WAIT);
    await frame.select('[data-testid=dev-persona]', 'zhangsan');
    await Promise.all([frame.waitForNavigation(WAIT), frame.click('[data-testid=dev-confirm]')]);
    expect(new URL(frame.url()).pathname).toBe('/callback');
    expect(new URL(page.url()).pathname).toBe('/embed');
    expect(callbacks).toHaveLength(1);
    expect((await exchange(callbacks[0]!.code!)).openid).toBe(openidOf('zhangsan'));
  });
});
