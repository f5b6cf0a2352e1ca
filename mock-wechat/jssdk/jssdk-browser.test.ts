import { createRequire } from 'node:module';
import { Hono } from 'hono';
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listen, type RunningServer } from '../../core/serve.ts';
import { launchBrowser, type LaunchedBrowser } from '../../harness/browser.ts';
import { WechatBrowser } from '../../harness/wechat-browser.ts';
import { startMockWechat, type StartedMockWechat } from '../app.ts';
import { APPS, Wx } from '../test-support.ts';

/**
 * An H5 page's wx.config in real Chromium. The page's server signs the way a backend does: the
 * unmodified co-wechat-api (its prefix pointed at the mock) fetches the app token and the
 * jsapi_ticket from the mock and computes the signature over the page's URL; the page loads
 * jweixin from the mock and reports what wx.ready / wx.error said.
 */
const require = createRequire(import.meta.url);
interface JsConfig {
  appId: string;
  timestamp: string;
  nonceStr: string;
  signature: string;
  debug?: boolean;
  jsApiList: string[];
}
interface CoWechatApi {
  prefix: string;
  getJsConfig(p: { url: string; debug?: boolean; jsApiList: string[] }): Promise<JsConfig>;
}
const API = require('co-wechat-api') as new (appid: string, secret: string) => CoWechatApi;

const WAIT = { timeout: 15_000 };
let mock: StartedMockWechat;
let wx: Wx;
let site: RunningServer;
let browser: LaunchedBrowser;
let page: Page;
/** The page's server: one client for the whole file, so its ticket cache lives as a real backend's does. */
let api: CoWechatApi;

/**
 * /h5: the page. `tamper=1` breaks the signature, `signed=<url>` signs another URL than the page's,
 * `debug=1` turns on wx.config's debug mode.
 */
function h5Site() {
  const app = new Hono();
  app.get('/h5', async (c) => {
    const pageUrl = c.req.url.split('#')[0]!;
    const config = await api.getJsConfig({
      url: c.req.query('signed') ?? pageUrl,
      debug: c.req.query('debug') === '1',
      jsApiList: ['updateAppMessageShareData'],
    });
    if (c.req.query('tamper') === '1') config.signature = config.signature.replace(/^./, (ch) => (ch === '0' ? '1' : '0'));
    return c.html(`<!DOCTYPE html><html><head><meta charset="utf-8"><title>H5</title></head><body>
<script src="${mock.url}/open/js/jweixin-1.6.0.js"></script>
<script>
  wx.config(${JSON.stringify(config)});
  wx.ready(function () {
    document.body.setAttribute('data-wx', 'ready');
    wx.updateAppMessageShareData({ title: 't', desc: 'd', link: location.href, imgUrl: '', success: function (r) { document.body.setAttribute('data-share', r.errMsg); } });
    wx.onMenuShareQQ({ fail: function (r) { document.body.setAttribute('data-qq', r.errMsg); } });
  });
  wx.error(function (res) { document.body.setAttribute('data-wx', 'error'); document.body.setAttribute('data-err', res.errMsg); });
</script></body></html>`);
  });
  return app;
}

/** Opens the page and waits for wx.ready or wx.error. */
async function open(url: string): Promise<{ wx: string | null; err: string | null; share: string | null; qq: string | null }> {
  await page.goto(url);
  await page.waitForSelector('body[data-wx]', WAIT);
  return page.evaluate(() => ({
    wx: document.body.getAttribute('data-wx'),
    err: document.body.getAttribute('data-err'),
    share: document.body.getAttribute('data-share'),
    qq: document.body.getAttribute('data-qq'),
  }));
}

beforeAll(async () => {
  mock = await startMockWechat();
  wx = new Wx(mock.url);
  api = new API(APPS.official.appid, APPS.official.secret);
  api.prefix = `${mock.url}/cgi-bin/`;
  site = await listen(h5Site().fetch);
  browser = await launchBrowser();
  page = (await WechatBrowser.open(await browser.browser.newPage(), { wechatOrigins: [mock.url], persona: 'zhangsan' })).page;
});
afterAll(async () => {
  await browser?.close();
  await site?.close();
  await mock?.stop();
});

describe('wx.config in Chromium', () => {
  it("fires wx.ready for a signature the page's server made from the mock's jsapi_ticket; APIs in jsApiList answer ok, the rest permission denied", async () => {
    const r = await open(`${site.url}/h5?from=menu#/home`);
    expect(r).toEqual({ wx: 'ready', err: null, share: 'updateAppMessageShareData:ok', qq: 'onMenuShareQQ:permission denied' });
    // The page's server asked the mock for the ticket; the page's check is in the journal too.
    const tickets = (await wx.get('/__mock/journal?path=/cgi-bin/ticket/getticket')).body;
    expect(tickets.entries).toHaveLength(1);
    const checks = (await wx.get(`/__mock/journal?path=/jsapi/preverify&appid=${APPS.official.appid}`)).body;
    expect(checks.entries[0].request.body).toContain(`url=${encodeURIComponent(`${site.url}/h5?from=menu`)}`);
  });

  it('fires wx.error with "config:invalid signature" for a wrong signature, and for a signature over another URL', async () => {
    expect(await open(`${site.url}/h5?tamper=1`)).toMatchObject({ wx: 'error', err: 'config:invalid signature' });
    expect(await open(`${site.url}/h5?shared=1&signed=${encodeURIComponent(`${site.url}/h5`)}`)).toMatchObject({
      wx: 'error',
      err: 'config:invalid signature',
    });
  });

  it('fires wx.error with "config:invalid url domain" on a host that is not the app\'s JS接口安全域名', async () => {
    const localhost = site.url.replace('127.0.0.1', 'localhost');
    expect(await open(`${localhost}/h5`)).toMatchObject({ wx: 'error', err: 'config:invalid url domain' });
  });

  it('alerts each result in debug mode, as WeChat does', async () => {
    const alerts: string[] = [];
    const onDialog = (d: { message(): string; accept(): Promise<void> }) => {
      alerts.push(d.message());
      void d.accept();
    };
    page.on('dialog', onDialog);
    try {
      expect((await open(`${site.url}/h5?debug=1`)).wx).toBe('ready');
      expect(alerts.slice(0, 2)).toEqual(['{"errMsg":"config:ok"}', '{"errMsg":"updateAppMessageShareData:ok"}']);
    } finally {
      page.off('dialog', onDialog);
    }
  });

  it('fires wx.error with "config:invalid signature" once the ticket the server cached has expired (mock clock moved on)', async () => {
    await wx.advance(7201);
    const warnings: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'warn') warnings.push(m.text());
    });
    expect(await open(`${site.url}/h5`)).toMatchObject({ wx: 'error', err: 'config:invalid signature' });
    // The sandbox says why on the console; WeChat's own text stays as it is.
    expect(warnings.join('\n')).toMatch(/\[wxmock\] wx\.config: signed with a jsapi_ticket that expired/);
  });
});
