/**
 * Screenshots of every console panel for docs/console.md: starts both mocks and the console
 * in-process, plays some traffic (a QR login, a mini program phone number, an app login, SMS
 * through both official SDKs, a fault), and writes docs/console/<panel>.png.
 *
 *   npx tsx scripts/console-screenshots.ts      (or: npm run docs:screenshots)
 */
import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'puppeteer-core';
import { startConsole } from '../console/app.ts';
import { exchangeWebCode, MINI_APPID, MINI_SECRET, openQrLogin, sendAliyunCode, sendTencentCode } from '../console/test-support.ts';
import { launchBrowser } from '../harness/browser.ts';
import { WechatControl } from '../harness/wechat-control.ts';
import { startMockSms } from '../mock-sms/app.ts';
import { startMockWechat } from '../mock-wechat/app.ts';

// The Tencent SDK would send loopback calls through a proxy from the environment.
for (const v of ['http_proxy', 'https_proxy', 'HTTP_PROXY', 'HTTPS_PROXY']) delete process.env[v];

const OUT = resolve(dirname(fileURLToPath(import.meta.url)), '../docs/console');

/** Where the reference login system of `wxmock start` takes WeChat logins back. */
const CALLBACK = 'http://127.0.0.1:7700/auth/callback/wechat_open_web';

async function playTraffic(wechatUrl: string, smsUrl: string): Promise<void> {
  const wx = new WechatControl(wechatUrl);
  // Website QR logins: one confirmed and exchanged, one scanned, one still waiting.
  const done = await openQrLogin(wechatUrl, 'login-1', CALLBACK);
  const { code } = await wx.qr('confirm', { uuid: done, persona: 'zhangsan' });
  const token = (await exchangeWebCode(wechatUrl, code!)) as { access_token?: string; openid?: string };
  await fetch(`${wechatUrl}/sns/userinfo?access_token=${token.access_token}&openid=${token.openid}`);
  await exchangeWebCode(wechatUrl, code!); // reused code: 40163
  await wx.qr('scan', { uuid: await openQrLogin(wechatUrl, 'login-2', CALLBACK), persona: 'lisi' });
  await openQrLogin(wechatUrl, 'login-3', CALLBACK);
  // A mini program reads a phone number (billed), an app on the HBuilderX standard base logs in.
  const appToken = (await (await fetch(`${wechatUrl}/cgi-bin/token?grant_type=client_credential&appid=${MINI_APPID}&secret=${MINI_SECRET}`)).json()) as {
    access_token: string;
  };
  const jsCode = await wx.miniLogin('mini', 'zhaoliu');
  await fetch(`${wechatUrl}/sns/jscode2session?appid=${MINI_APPID}&secret=${MINI_SECRET}&js_code=${jsCode}&grant_type=authorization_code`);
  const phoneCode = (await wx.miniPhone('mini', 'zhaoliu')).code;
  await fetch(`${wechatUrl}/wxa/business/getuserphonenumber?access_token=${appToken.access_token}`, {
    method: 'POST',
    body: JSON.stringify({ code: phoneCode }),
  });
  await wx.sdkAuth({ appid: 'mobile-standard', persona: 'wangwu', state: 'app', scope: 'snsapi_userinfo' });
  // SMS through both official SDKs.
  await sendAliyunCode(smsUrl, '13800138000', '482913');
  await sendTencentCode(smsUrl, '+8613900139000', '730516');
  await sendAliyunCode(smsUrl, '13700137000', '265087');
  // Queued faults, for the faults panel.
  await wx.fault({ endpoint: '/sns/oauth2/access_token', errcode: -1, times: 2 });
  await fetch(`${smsUrl}/__mock/faults`, {
    method: 'POST',
    body: JSON.stringify({ endpoint: 'sendsms', provider: 'aliyun', code: 'isv.BUSINESS_LIMIT_CONTROL', message: '触发分钟级流控Permits:1' }),
  });
  await fetch(`${smsUrl}/__mock/clock`, { method: 'POST', body: JSON.stringify({ advanceSeconds: 3600 }) });
}

/** Each panel, what to wait for before the shot, and what to do first (open a detail, reveal a secret). */
const SHOTS: { panel: string; ready: string; prepare?: (page: Page) => Promise<void> }[] = [
  { panel: 'personas', ready: '[data-testid="persona-row"]' },
  {
    panel: 'apps',
    ready: '[data-testid="app-billing"]',
    prepare: async (page) => page.click('[data-testid="app-row"][data-key="web"] [data-testid="app-secret-reveal"]'),
  },
  { panel: 'qr', ready: '[data-testid="qr-row"]' },
  {
    panel: 'journal',
    ready: '[data-testid="journal-row"]',
    prepare: async (page) => {
      await page.click('[data-testid="journal-row"][data-endpoint="/sns/oauth2/access_token"]');
      await page.waitForSelector('[data-testid="journal-detail"]');
    },
  },
  { panel: 'sms', ready: '[data-testid="sms-row"]' },
  { panel: 'system', ready: '[data-testid="fault-row"]' },
];

async function main(): Promise<void> {
  mkdirSync(OUT, { recursive: true });
  const wechat = await startMockWechat();
  const sms = await startMockSms();
  const con = await startConsole({ wechatUrl: wechat.url, smsUrl: sms.url });
  const browser = await launchBrowser();
  try {
    await playTraffic(wechat.url, sms.url);
    const page = await browser.browser.newPage();
    await page.setViewport({ width: 1360, height: 900 });
    for (const shot of SHOTS) {
      await page.goto(`${con.url}/#${shot.panel}`);
      await page.waitForSelector(shot.ready, { timeout: 15_000 });
      await page.waitForSelector('[data-testid="mock-status-sms"][data-ok="true"]', { timeout: 15_000 });
      await shot.prepare?.(page);
      // Fonts settle before the shot, so CJK text is not caught mid-load.
      await page.evaluate(() => document.fonts.ready.then(() => undefined));
      const file = join(OUT, `${shot.panel}.png`);
      await page.screenshot({ path: file as `${string}.png`, fullPage: true });
      console.log(`wrote ${file}`);
    }
  } finally {
    await browser.close();
    await con.stop();
    await sms.stop();
    await wechat.stop();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
