import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import type { CDPSession, Frame, Page } from 'puppeteer-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { HttpClient } from '../core/http-client.ts';
import { startConsole, type StartedConsole } from '../console/app.ts';
import { sendAliyunCode } from '../console/test-support.ts';
import { launchBrowser, type LaunchedBrowser } from './browser.ts';
import { startSandbox, type Sandbox } from './sandbox.ts';

/**
 * What a newcomer sees on each screen of the sandbox, in a real Chromium: the UI speaks Chinese,
 * the emoji persona renders, the layout holds, and the browser's own requests (favicon, …) are
 * answered like a web server answers them and kept out of the journals.
 */

const BIN = join(__dirname, '..', 'bin', 'wxmock.mjs');
const WAIT = { timeout: 15_000 };
const tid = (id: string) => `[data-testid="${id}"]`;

let browser: LaunchedBrowser;
let s: Sandbox;
let con: StartedConsole;
let loginUrl: string;

beforeAll(async () => {
  browser = await launchBrowser();
  s = await startSandbox({ browser: browser.browser });
  con = await startConsole({ wechatUrl: s.wechatUrl, smsUrl: s.smsUrl });
  loginUrl = new URL(s.target.loginPageUrl).origin;
});
// Faults one test queued must not meet the next test's logins.
beforeEach(async () => {
  await s.wechat.http.delete('/__mock/faults');
});
afterAll(async () => {
  await con?.stop();
  await s?.close();
  await browser?.close();
});

/** A fresh browser profile per test: its own cookies, its own favicon fetches. */
async function newPage(): Promise<Page> {
  return s.newPage();
}

/** Polls until `fn` gives something truthy (no fixed sleeps). */
async function until<T>(what: string, fn: () => Promise<T> | T, timeoutMs = WAIT.timeout): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Resolves with the answer to the browser's own /favicon.ico request for `origin`. */
function faviconAnswer(page: Page, origin: string): Promise<{ status: number; type: string }> {
  return new Promise((resolve) => {
    page.on('requestfinished', (req) => {
      if (req.url() !== `${origin}/favicon.ico`) return;
      const res = req.response();
      resolve({ status: res?.status() ?? 0, type: res?.headers()['content-type'] ?? '' });
    });
  });
}

/** A web QR login of `persona` up to the point the browser is back on the login system. */
async function wechatLogin(page: Page, persona: string): Promise<void> {
  await s.target.pages.openLogin(page);
  await s.target.pages.startWechatLogin(page);
  const back = page.waitForNavigation(WAIT);
  await s.user(persona).confirmInPage(page);
  await back;
}

describe("the browser's own requests", () => {
  it('favicon, robots.txt and apple-touch-icon are answered like a web server answers them, on every service, not as API errors', async () => {
    for (const base of [loginUrl, s.wechatUrl, s.smsUrl, con.url]) {
      const http = new HttpClient(base);
      const icon = await http.get('/favicon.ico');
      expect(icon.status, base).toBe(200);
      expect(icon.headers.get('content-type'), base).toBe('image/png');
      expect([...icon.bytes.subarray(1, 4)].map((b) => String.fromCharCode(b)).join('')).toBe('PNG');
      const robots = await http.get('/robots.txt');
      expect(robots.status, base).toBe(200);
      expect(robots.raw).toContain('User-agent: *');
      for (const path of ['/apple-touch-icon.png', '/apple-touch-icon-precomposed.png', '/apple-touch-icon-120x120.png']) {
        const touch = await http.get(path);
        expect(touch.status, `${base}${path}`).toBe(404);
        expect(touch.raw).not.toMatch(/errcode|Code|error/);
      }
    }
    const browserOwn = /favicon|apple-touch-icon|robots\.txt/;
    expect((await s.wechat.journal({ limit: 500 })).filter((e) => browserOwn.test(e.path))).toEqual([]);
    expect((await s.sms.journal({})).filter((e) => browserOwn.test(e.path))).toEqual([]);
  });

  it("no favicon rows in the journals after opening the login page, the QR page, the mock's own page and the console", async () => {
    const page = await newPage();
    const loginIcon = faviconAnswer(page, loginUrl);
    await s.target.pages.openLogin(page);
    expect(await loginIcon).toEqual({ status: 200, type: 'image/png' });
    const qrIcon = faviconAnswer(page, s.wechatUrl);
    await s.target.pages.startWechatLogin(page);
    expect(await qrIcon).toEqual({ status: 200, type: 'image/png' });

    const other = await newPage();
    const consoleIcon = faviconAnswer(other, con.url);
    await other.goto(`${con.url}/#journal`);
    expect(await consoleIcon).toEqual({ status: 200, type: 'image/png' });
    const smsIcon = faviconAnswer(other, s.smsUrl);
    await other.goto(`${s.smsUrl}/`);
    expect(await smsIcon).toEqual({ status: 200, type: 'image/png' });

    // The QR page's own request is in the journal, so the journal did record this browser's visit.
    const rows = await s.wechat.journal({ limit: 500 });
    expect(rows.some((e) => e.path === '/connect/qrconnect')).toBe(true);
    expect(rows.filter((e) => e.path.includes('favicon'))).toEqual([]);
    expect((await s.sms.journal({})).filter((e) => e.path.includes('favicon'))).toEqual([]);
    // The console's journal panel, as a person reads it: no favicon row either.
    await other.goto(`${con.url}/#journal`);
    await other.waitForSelector(tid('journal-table'), WAIT);
    expect(await other.$$eval(tid('journal-endpoint'), (els) => els.map((e) => e.textContent ?? '').filter((t) => t.includes('favicon')))).toEqual([]);
  });
});

describe('the emoji persona 赵六🌸', () => {
  it('renders with an emoji font in the console (or doctor says which font to install)', async () => {
    const doctor = (() => {
      try {
        return execFileSync(process.execPath, [BIN, 'doctor'], { encoding: 'utf8' });
      } catch (e) {
        return String((e as { stdout?: string }).stdout ?? '');
      }
    })();
    if (!/^ok +emoji font/m.test(doctor)) {
      // No emoji font on this machine: the page cannot draw 🌸, and doctor must say so and how to fix it.
      expect(doctor).toMatch(/^MISS +emoji font/m);
      expect(doctor).toContain('sudo apt-get install -y fonts-noto-color-emoji');
      return;
    }
    const page = await newPage();
    await page.goto(`${con.url}/#personas`);
    const nickname = `${tid('persona-row')}[data-id="zhaoliu"] ${tid('persona-nickname')}`;
    await page.waitForSelector(nickname, WAIT);
    expect(await page.$eval(nickname, (el) => el.textContent)).toBe('赵六🌸');
    // Which fonts Chromium drew the nickname with: the emoji must come from an emoji font, not a fallback box.
    const cdp: CDPSession = await page.createCDPSession();
    await cdp.send('DOM.enable');
    await cdp.send('CSS.enable');
    const { root } = await cdp.send('DOM.getDocument', { depth: -1 });
    const { nodeId } = await cdp.send('DOM.querySelector', { nodeId: root.nodeId, selector: nickname });
    const { fonts } = await cdp.send('CSS.getPlatformFontsForNode', { nodeId });
    expect(fonts.find((f) => /emoji/i.test(f.familyName))?.glyphCount, JSON.stringify(fonts)).toBeGreaterThanOrEqual(1);
  });

  it('every page names emoji fonts in its font stack, before the generic family', async () => {
    const page = await newPage();
    const stacks: Record<string, string> = {};
    const stackOf = async (p: Page | Frame) => p.$eval('body', (b) => getComputedStyle(b).fontFamily);
    await s.target.pages.openLogin(page);
    stacks.login = await stackOf(page);
    await s.target.pages.startWechatLogin(page);
    stacks.qr = await stackOf(page);
    await page.goto(`${con.url}/`);
    stacks.console = await stackOf(page);
    for (const [where, stack] of Object.entries(stacks)) {
      expect(stack, where).toMatch(/"Noto Color Emoji"/);
      expect(stack.indexOf('Noto Color Emoji'), where).toBeLessThan(stack.lastIndexOf('sans-serif'));
    }
  });
});

/**
 * Words a person reads on the page under `root` that are English: what is shown in code or
 * monospace (ids, paths, wire data) and identifiers (CamelCase, snake_case, with digits, URLs)
 * do not count; `allowed` are the proper names and field names the UI may use.
 */
async function englishWords(p: Page | Frame, root: string, allowed: string[]): Promise<string[]> {
  const words = await p.$$eval(root, (roots) => {
    const out: string[] = [];
    const skip = 'script, style, pre, code, .mono, datalist';
    const visible = (el: Element) => (el as HTMLElement).getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden';
    for (const r of roots) {
      const walker = document.createTreeWalker(r, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        const el = n.parentElement!;
        if (el.closest(skip)) continue;
        // A select's options are read when it opens; other hidden text is not on screen.
        if (!(el.closest('select') ? visible(el.closest('select')!) : visible(el))) continue;
        out.push(n.textContent ?? '');
      }
      for (const input of r.querySelectorAll('input[placeholder], textarea[placeholder]'))
        if (visible(input) && !input.closest(skip)) out.push(input.getAttribute('placeholder')!);
    }
    return out.join(' ');
  });
  const allow = new Set(allowed.map((w) => w.toLowerCase()));
  return (
    words
      .split(/[\s\u3000-\u303f\uff00-\uffef“”‘’·…、—–]+/)
      .map((t) => t.replace(/^[^A-Za-z0-9]+|[^A-Za-z0-9]+$/g, ''))
      .filter((t) => /[A-Za-z]{2,}/.test(t))
      // Identifiers name things: paths, URLs, snake_case, CamelCase, anything with a digit.
      .filter((t) => !/[0-9_/=:.@]/.test(t) && !/[a-z][A-Z]/.test(t))
      .filter((t) => !allow.has(t.toLowerCase()))
  );
}

/** Proper names, product names and field names of the wire formats the Chinese UI may show as they are. */
const ALLOWED = [
  'wxmock',
  'WeChat',
  'FastBee',
  'HBuilder',
  'appid',
  'openid',
  'unionid',
  'secret',
  'SMS',
  'QR',
  'HTTP',
  'JSON',
  'API',
  'id',
  'key',
  'code',
  'token',
  'errcode',
  'errmsg',
  'Code',
  'Message',
  'ms',
  'mock-wechat',
  'mock-sms',
  'custom',
  'standard',
];

/** ALLOWED plus the ids of the world and what personas say of themselves (their profile, as WeChat would send it): data, not UI text. */
let wordsAllowed: string[];
beforeAll(async () => {
  const world = (await s.wechat.http.get<{ personas: Record<string, string>[]; apps: { key: string }[]; accounts: { id: string }[] }>('/__mock/world')).body;
  wordsAllowed = [
    ...ALLOWED,
    ...world.apps.map((a) => a.key),
    ...world.accounts.map((a) => a.id),
    ...world.personas.flatMap((p) => [p.id!, p.country!, p.province!, p.city!]),
  ];
});

describe('no English in the Chinese UI, except proper names and ids (the bind page: under layout)', () => {
  it('the QR page and its dev panel, before and after a scan from the panel', async () => {
    const page = await newPage();
    await s.target.pages.openLogin(page);
    await s.target.pages.startWechatLogin(page);
    expect(await englishWords(page, 'body', wordsAllowed)).toEqual([]);
    await page.click(tid('dev-scan'));
    const message = await until('the dev panel answer', () =>
      page.$eval(tid('dev-message'), (el) => (el.textContent && el.textContent !== '…' ? el.textContent : '')),
    );
    expect(message).toBe('已扫码：张三（zhangsan）');
    expect(await englishWords(page, tid('dev-panel'), wordsAllowed)).toEqual([]);
    // An answer the panel cannot act on (the code expired meanwhile) is explained in Chinese too.
    await s.wechat.advanceClock(10 * 60);
    try {
      await page.click(tid('dev-scan'));
      const refused = await until('the refusal', () =>
        page.$eval(tid('dev-message'), (el) => (el.textContent && el.textContent !== '…' && !el.textContent.startsWith('已扫码') ? el.textContent : '')),
      );
      expect(refused).toMatch(/^二维码已失效/);
      expect(await englishWords(page, tid('dev-panel'), wordsAllowed)).toEqual([]);
    } finally {
      await s.wechat.advanceClock(-10 * 60);
    }
  });

  it('every console panel, with a QR session, journal rows, an SMS and a fault in it', async () => {
    await s.wechat.http.get(
      `/connect/qrconnect?appid=wx3a1c5e7f9b2d4680&redirect_uri=${encodeURIComponent(`${loginUrl}/auth/callback/wechat_open_web`)}&response_type=code&scope=snsapi_login&state=words`,
    );
    await s.wechat.http.get(
      '/sns/oauth2/access_token?appid=wx3a1c5e7f9b2d4680&secret=6f1e2d3c4b5a69788796a5b4c3d2e1f0&code=nope&grant_type=authorization_code',
    );
    await sendAliyunCode(s.smsUrl, '13800138000', '482913');
    await s.wechat.fault({ endpoint: '/sns/userinfo', errcode: -1, times: 1 });
    const page = await newPage();
    const ready: Record<string, string> = {
      personas: 'persona-row',
      apps: 'app-row',
      qr: 'qr-row',
      journal: 'journal-outcome',
      sms: 'sms-row',
      system: 'fault-row',
    };
    for (const [panel, row] of Object.entries(ready)) {
      await page.goto(`${con.url}/#${panel}`);
      await page.waitForSelector(tid(row), WAIT);
      expect(await englishWords(page, `header.topbar, nav.tabs, ${tid(`panel-${panel}`)}`, wordsAllowed), panel).toEqual([]);
    }
  });
});

async function rect(p: Page, selector: string): Promise<{ left: number; right: number; top: number; bottom: number }> {
  return p.$eval(selector, (el) => {
    const r = el.getBoundingClientRect();
    return { left: Math.round(r.left), right: Math.round(r.right), top: Math.round(r.top), bottom: Math.round(r.bottom) };
  });
}

const overlap = (a: Awaited<ReturnType<typeof rect>>, b: Awaited<ReturnType<typeof rect>>) =>
  a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;

describe('layout', () => {
  it('the bind page with an error: the error box has the width of the bind card (and of the login card on the login page), and no English', async () => {
    const page = await newPage();
    await wechatLogin(page, 'lisi');
    await page.waitForSelector(`${tid('bind-panel')}:not([hidden])`, WAIT);
    await page.type(tid('bind-existing-username'), 'admin');
    await page.type(tid('bind-existing-password'), 'not-the-password');
    await page.click(tid('bind-existing-submit'));
    await page.waitForSelector(`${tid('error-message')}:not([hidden])`, WAIT);
    const [box, card] = [await rect(page, tid('error-message')), await rect(page, `${tid('bind-panel')} .card`)];
    expect([box.left, box.right]).toEqual([card.left, card.right]);
    expect(await englishWords(page, 'body', wordsAllowed)).toEqual([]);

    await page.goto(`${loginUrl}/login`);
    await page.type(tid('login-username'), 'admin');
    await page.type(tid('login-password'), 'not-the-password');
    await page.click(tid('login-submit'));
    await page.waitForSelector(`${tid('error-message')}:not([hidden])`, WAIT);
    const [loginBox, loginCard] = [await rect(page, tid('error-message')), await rect(page, tid('login-card'))];
    expect([loginBox.left, loginBox.right]).toEqual([loginCard.left, loginCard.right]);
  });

  it('解绑成功 goes away once the bind QR code opens', async () => {
    const page = await newPage();
    await wechatLogin(page, 'zhaoliu');
    await s.target.pages.bindExisting(page, 'admin', 'admin123');
    expect(await s.target.pages.loggedInUser(page)).toBe('admin');
    await page.goto(`${loginUrl}/user/profile`);
    await page.click(tid('wx-unbind-button'));
    await page.type(tid('unbind-password'), 'admin123');
    await page.click(tid('unbind-submit'));
    await until('解绑成功', () => page.$eval(tid('profile-message'), (el) => !(el as HTMLElement).hidden && el.textContent === '解绑成功'));
    await page.click(tid('wx-bind-button'));
    await page.waitForSelector(`${tid('wx-qr')}:not([hidden]) iframe`, WAIT);
    expect(await page.$eval(tid('profile-message'), (el) => (el as HTMLElement).hidden)).toBe(true);
  });

  it("the console's 已添加故障 message leaves the 重置与导出 card readable", async () => {
    const page = await newPage();
    for (const width of [1280, 1000]) {
      await page.setViewport({ width, height: 720 });
      await page.goto(`${con.url}/#system`);
      await page.waitForSelector(tid('fault-form'), WAIT);
      await page.type(tid('fault-endpoint'), '/sns/oauth2/access_token');
      await page.type(tid('fault-code'), '40029');
      await page.click(tid('fault-add'));
      await page.waitForSelector(`${tid('console-message')}:not([hidden])`, WAIT);
      expect(await page.$eval(tid('console-message'), (el) => el.textContent)).toContain('已添加故障');
      const card = `${tid('panel-system')} .card:has(${tid('reset-all')})`;
      await page.$eval(card, (el) => el.scrollIntoView({ block: 'end' }));
      expect(overlap(await rect(page, tid('console-message')), await rect(page, card)), `width ${width}`).toBe(false);
    }
  });
});

describe('the login page after a WeChat error', () => {
  it("says in Chinese what went wrong, with WeChat's own errmsg beneath it", async () => {
    await s.wechat.fault({ endpoint: '/sns/oauth2/access_token', errcode: -1, times: 1 });
    const page = await newPage();
    await wechatLogin(page, 'zhangsan');
    const box = tid('error-message');
    await page.waitForSelector(`${box}:not([hidden])`, WAIT);
    const text = await until('the error text', () => page.$eval(box, (el) => (el as HTMLElement).innerText.trim()));
    expect(text).toMatch(/^微信登录失败：微信系统繁忙，请稍后再试/);
    expect(text).toMatch(/system error, rid: [0-9a-f]{8}-/);
    expect(await englishWords(page, 'body', ALLOWED)).toEqual([]);
  });
});
