import type { ElementHandle, Page } from 'puppeteer-core';
import { HttpClient } from '../../core/http-client.ts';
import { pollUntil } from '../http.ts';
import { routeWechatHosts } from '../wechat-hosts.ts';
import type { TargetPages } from './adapter.ts';
import { FastbeeDefect } from './fastbee-defects.ts';
import { FastbeeWatch, pollFor, type UiCall } from './fastbee-watch.ts';

export interface FastbeePagesOptions {
  /** FastBee's API as the browser reaches it (default <frontend>/prod-api) */
  apiUrl?: string;
  /** mock-wechat's URL: the user centre's wxLogin.js, which FastBee loads from res.wx.qq.com, is answered from it */
  wechatUrl?: string;
  /** reads the answer of an image captcha (reference-login: /__mock/captcha/{uuid}); without it a shown captcha fails the step */
  captchaAnswer?: (uuid: string) => Promise<string>;
}

/** The zh-CN texts of FastBee's pages the driver finds things by (src/lang/zh-CN). */
const TEXT = {
  account: '请输入您的账号',
  password: '请输入您的密码',
  confirmPassword: '请输入您的确认密码',
  phone: '请输入您的手机号码',
  captcha: '请输入验证码',
  login: '登录',
  bindLogin: '绑定并登录',
  register: '注册',
  logout: '退出登录',
  bound: '已绑定',
  unbound: '未绑定',
};
/** request.js's toasts for a failed HTTP exchange (not a message of the backend). */
const TRANSPORT = /^(系统接口\d{3}异常|后端接口连接异常|系统接口请求超时)$/;
/** request.js shows a backend error as "[code] msg". */
const plain = (text: string) => text.replace(/^\[\d+\]\s*/, '');
const input = (placeholder: string) => `input[placeholder="${placeholder}"]`;

/** `path` is `p`, or `p` followed by a query or a sub-path. */
const isPath = (call: UiCall, p: string) => call.path === p || call.path.startsWith(`${p}?`) || call.path.startsWith(`${p}/`);

async function fill(page: Page, placeholder: string, value: string): Promise<void> {
  const el = await page.waitForSelector(input(placeholder), { visible: true, timeout: 10_000 });
  await el!.click({ count: 3 });
  await el!.type(value);
}

/** A visible button whose text, spaces removed, is one of `texts` (FastBee writes "注 册"). */
async function button(page: Page, texts: string[], timeoutMs = 10_000): Promise<{ el: ElementHandle<Element>; text: string }> {
  const handle = await page.waitForFunction(
    (wanted: string[]) => [...document.querySelectorAll('button')].find((b) => wanted.includes(b.innerText.replace(/\s/g, '')) && b.offsetParent !== null),
    { timeout: timeoutMs },
    texts,
  );
  const el = handle.asElement() as ElementHandle<Element>;
  return { el, text: await el.evaluate((b) => (b as HTMLElement).innerText.replace(/\s/g, '')) };
}

/** The user centre's WeChat row (profile/index.vue: 已绑定，点击解绑 / 未绑定，点击绑定). */
async function wechatRow(page: Page, timeoutMs = 10_000): Promise<ElementHandle<Element>> {
  const handle = await page.waitForFunction(
    () => [...document.querySelectorAll('.list-group-item .pull-right')].find((d) => /已绑定|未绑定/.test((d as HTMLElement).innerText)),
    { timeout: timeoutMs },
  );
  return handle.asElement() as ElementHandle<Element>;
}

/**
 * FastBee's Vue web UI (vue/ of kerwincui/FastBee), driven on its real DOM: inputs by their zh-CN
 * placeholders (the language cookie is set first), outcomes read from what the page calls and
 * shows (FastbeeWatch). Where FastBee's own code keeps a flow from working, the step fails with a
 * FastbeeDefect naming the defect and its file.
 */
export function fastbeePages(frontendUrl: string, opts: FastbeePagesOptions = {}): TargetPages & { watch(page: Page): Promise<FastbeeWatch> } {
  const ui = new URL(frontendUrl).origin;
  const apiUrl = opts.apiUrl ?? `${ui}/prod-api`;
  const watch = (page: Page) => FastbeeWatch.of(page, ui);
  /** per page: where a bind started, and how to stop answering WeChat's hosts */
  const binds = new WeakMap<Page, { mark: number; unroute?: () => Promise<void> }>();

  const path = (page: Page) => new URL(page.url()).pathname;

  /** The captcha as the page shows it once /captchaImage has answered: on (an image) or off (no field). */
  async function fillCaptcha(page: Page, w: FastbeeWatch): Promise<boolean> {
    const shown = await page.waitForFunction(
      (ph: string) => {
        const field = document.querySelector(`input[placeholder="${ph}"]`) as HTMLElement | null;
        if (!field || field.offsetParent === null) return 'off';
        const img = [...document.querySelectorAll('img')].find((i) => i.src.startsWith('data:image'));
        return img ? 'on' : undefined;
      },
      { timeout: 10_000 },
      TEXT.captcha,
    );
    if ((await shown.jsonValue()) !== 'on') return false;
    if (!opts.captchaAnswer)
      throw new Error(
        'FastBee shows an image captcha and this driver cannot read it: give fastbeePages a captchaAnswer, or switch sys.account.captchaEnabled off',
      );
    const uuid = await pollUntil('the captcha uuid', async () => w.captchaUuid, { timeoutMs: 10_000 });
    await fill(page, TEXT.captcha, await opts.captchaAnswer(uuid));
    return true;
  }

  /** The first call after `mark` matching one of `paths` (method + path), with its answer read. */
  async function callAfter(w: FastbeeWatch, mark: number, method: string, paths: string[], timeoutMs = 10_000): Promise<UiCall | undefined> {
    const call = await pollFor(() => w.calls.find((c) => c.seq > mark && c.method === method && paths.some((p) => isPath(c, p))), timeoutMs);
    if (call && call.status === 200) await pollFor(() => call.body, 5_000);
    return call;
  }

  /** The layout of a signed-in page: the navbar's avatar (the store has fetched getInfo and the routes). */
  async function signedInView(page: Page, timeoutMs = 15_000): Promise<void> {
    await page.waitForSelector('.navbar .avatar-wrapper', { visible: true, timeout: timeoutMs });
  }

  /** Until Element UI's dialogs and their overlay have faded out: a click meant for the page would land on them. */
  async function noDialog(page: Page): Promise<void> {
    await page.waitForFunction(
      () => !document.querySelector('.v-modal') && [...document.querySelectorAll('.el-dialog__wrapper')].every((d) => getComputedStyle(d).display === 'none'),
      { timeout: 10_000 },
    );
  }

  /** Toasts after `mark` that are messages (not request.js's transport errors), waited for up to `timeoutMs`. */
  async function toastAfter(w: FastbeeWatch, mark: number, kinds: string[], timeoutMs = 10_000) {
    return pollFor(() => w.toasts.find((t) => t.seq > mark && kinds.includes(t.kind) && !TRANSPORT.test(t.text)), timeoutMs);
  }

  /** A page error after `mark` matching `re`, given a second to arrive (the browser reports it after the toast). */
  const errorAfter = (w: FastbeeWatch, mark: number, re: RegExp) => pollFor(() => w.errorsSince(mark).find((e) => re.test(e.message)), 1_000);

  const pages = {
    watch,

    async openLogin(page: Page) {
      await watch(page);
      await page.goto(`${ui}/login`, { waitUntil: 'domcontentloaded' });
      await page.waitForSelector(input(TEXT.account), { visible: true, timeout: 15_000 });
      await page.waitForSelector('.other-login .icon', { visible: true, timeout: 10_000 });
    },

    async passwordLogin(page: Page, username: string, password: string) {
      const w = await watch(page);
      await fill(page, TEXT.account, username);
      await fill(page, TEXT.password, password);
      await fillCaptcha(page, w);
      const mark = w.mark();
      await (await button(page, [TEXT.login])).el.click();
      const call = await callAfter(w, mark, 'POST', ['/login']);
      if (!call) throw new Error('the 登录 button made no /login call (a form field the page finds invalid?)');
      if (call.body?.code !== 200) throw new Error(`login refused: ${call.body?.msg ?? `HTTP ${call.status}`}`);
      await signedInView(page);
    },

    async startWechatLogin(page: Page) {
      await watch(page);
      await Promise.all([page.waitForNavigation({ waitUntil: 'domcontentloaded', timeout: 15_000 }), page.click('.other-login .icon')]);
      await page.waitForSelector('[data-testid=qr-image]', { timeout: 10_000 });
    },

    async isOnBindPage(page: Page, timeoutMs = 10_000) {
      const w = await watch(page);
      // The URL says ?bindId= and FastBee's own check of it (/auth/checkBindId) says it is live.
      const verdict = await pollFor(() => {
        const u = new URL(page.url());
        const bindId = u.searchParams.get('bindId');
        if (u.searchParams.has('loginId') || (u.origin === ui && !['/login', '/register'].includes(u.pathname))) return false;
        if (!bindId) return undefined;
        const check = [...w.calls].reverse().find((c) => c.method === 'GET' && c.path === `/auth/checkBindId/${bindId}` && c.body);
        if (!check) return undefined;
        return check.body?.code === 200 && check.body.bindAccount !== false;
      }, timeoutMs);
      return verdict ?? false;
    },

    async bindExisting(page: Page, username: string, password: string) {
      const w = await watch(page);
      if (!(await pages.isOnBindPage(page))) throw new Error(`not on FastBee's bind page (${page.url()})`);
      await fill(page, TEXT.account, username);
      await fill(page, TEXT.password, password);
      const captcha = await fillCaptcha(page, w);
      // Whatever the page offers as its submit button: 绑定并登录 when binding works, else 登录.
      const submit = await button(page, [TEXT.bindLogin, TEXT.login]);
      const mark = w.mark();
      await submit.el.click();
      const call = await callAfter(w, mark, 'POST', ['/auth/bind/login', '/login']);
      if (!call) throw new Error(`the ${submit.text} button made no call`);
      if (isPath(call, '/login'))
        throw new FastbeeDefect('a', `on ${page.url()} the page's only button, "${submit.text}", called POST /login, so WeChat was not bound to ${username}`);
      if (call.body?.code !== 200) {
        const sent = JSON.parse(call.postData ?? '{}') as { uuid?: string };
        if (captcha && !sent.uuid) throw new FastbeeDefect('f', `POST /auth/bind/login went without a uuid and was answered "${call.body?.msg}"`);
        throw new Error(`binding refused: ${call.body?.msg ?? `HTTP ${call.status}`}`);
      }
      await signedInView(page);
    },

    async registerAndBind(page: Page, account: { username: string; password: string; phone?: string }) {
      const w = await watch(page);
      if (!account.phone) throw new Error("FastBee's register form requires a phone number");
      const search = new URL(page.url()).search;
      // The bind page's alert links to /register?bindId=; where it does not show, a person can only type the address.
      const link = await page.$('.alert-box-wrap a[href^="/register"]');
      const linkShown = !!link && (await link.evaluate((a) => (a as HTMLElement).offsetParent !== null));
      if (linkShown) await link!.click();
      else await page.goto(`${ui}/register${search}`, { waitUntil: 'domcontentloaded' });
      // The login form's fields share their placeholders with the register form's: wait for the register page.
      await pollUntil('the register page', async () => (path(page) === '/register' ? true : undefined));
      await page.waitForSelector(input(TEXT.phone), { visible: true, timeout: 10_000 });
      await fill(page, TEXT.account, account.username);
      await fill(page, TEXT.phone, account.phone);
      await fill(page, TEXT.password, account.password);
      await fill(page, TEXT.confirmPassword, account.password);
      await fillCaptcha(page, w);
      // The privacy-policy box must be ticked (请勾选隐私政策); the box itself, not its link to fastbee.cn.
      if (!(await page.$('.el-checkbox.is-checked'))) await page.click('.el-checkbox .el-checkbox__inner');
      const submit = await button(page, [TEXT.register]);
      const mark = w.mark();
      await submit.el.click();
      const outcome = await pollFor(() => {
        const call = w.calls.find((c) => c.seq > mark && c.method === 'POST' && (isPath(c, '/auth/bind/register') || isPath(c, '/iot/tool/register')));
        if (call) return { call };
        const error = w.errorsSince(mark).find((e) => /bindRegister is not defined/.test(e.message));
        return error ? { error } : undefined;
      }, 10_000);
      if (!outcome) throw new Error('the 注册 button made no call (a form field the page finds invalid?)');
      if (outcome.error) {
        const label = await page.evaluate(
          () => [...document.querySelectorAll('button.el-button--primary')].map((b) => (b as HTMLElement).innerText.trim()).find(Boolean) ?? '',
        );
        throw new FastbeeDefect(
          'b',
          `clicking 注 册 threw "${outcome.error.message.split('\n')[0]!.replace(/^(ReferenceError: )?/, 'ReferenceError: ')}" and the button stays on "${label}"`,
        );
      }
      const call = outcome.call!;
      if (isPath(call, '/iot/tool/register')) throw new Error('the register page registered without binding: its check of the bindId failed');
      await pollFor(() => call.body, 5_000);
      if (call.body?.code !== 200) throw new Error(`register-and-bind refused: ${call.body?.msg ?? `HTTP ${call.status}`}`);
      // register.vue drops the token: it says 注册成功 and goes to /login, where the new account signs in.
      const ok = await page.waitForSelector('.el-message-box__btns .el-button--primary', { visible: true, timeout: 10_000 });
      await ok!.click();
      await pollUntil('the login page after registering', async () => (path(page) === '/login' ? true : undefined));
      await page.waitForSelector('.other-login .icon', { visible: true, timeout: 10_000 });
      await pages.passwordLogin(page, account.username, account.password);
      if (!linkShown)
        throw new FastbeeDefect(
          'a',
          `the ?bindId= page showed no link to register-and-bind (its alert box stayed hidden); the register page was opened by its address`,
        );
    },

    async loggedInUser(page: Page, timeoutMs = 10_000) {
      await watch(page);
      // The UI shows no user name (only an avatar): ask the backend who the page's Admin-Token belongs to.
      return pollFor(async () => {
        if (new URL(page.url()).origin !== ui || ['/login', '/register'].includes(path(page))) return undefined;
        if (!(await page.$('.navbar .avatar-wrapper'))) return undefined;
        const token = (await page.cookies(ui)).find((c) => c.name === 'Admin-Token')?.value;
        if (!token) return undefined;
        const info = await new HttpClient(apiUrl)
          .get<{ code: number; user?: { userName: string } }>('/getInfo', { token: decodeURIComponent(token) })
          .then((r) => r.body)
          .catch(() => undefined);
        return info?.code === 200 ? info.user?.userName : undefined;
      }, timeoutMs);
    },

    async errorMessage(page: Page, timeoutMs = 10_000) {
      const w = await watch(page);
      return pollFor(async () => {
        const doc = await w.currentDoc();
        const t = w.toasts.find((x) => x.doc === doc && x.kind === 'error' && !TRANSPORT.test(x.text));
        return t && plain(t.text);
      }, timeoutMs);
    },

    async logout(page: Page) {
      await watch(page);
      await page.click('.navbar .avatar-wrapper');
      const item = await page.waitForFunction(
        (text: string) =>
          [...document.querySelectorAll('.el-dropdown-menu__item')].find(
            (i) => (i as HTMLElement).innerText.trim() === text && (i as HTMLElement).offsetParent !== null,
          ),
        { timeout: 10_000 },
        TEXT.logout,
      );
      // The menu is still sliding in: a DOM click does not need its final position.
      await (item.asElement() as ElementHandle<Element>).evaluate((i) => (i as HTMLElement).click());
      const confirm = await page.waitForSelector('.el-message-box__btns .el-button--primary', { visible: true, timeout: 10_000 });
      await Promise.all([page.waitForNavigation({ waitUntil: 'domcontentloaded', timeout: 15_000 }), confirm!.click()]);
      await pollUntil('the login page after logging out', async () => (path(page) === '/login' ? true : undefined));
    },

    async smsLogin(page: Page) {
      await watch(page);
      const sms = await page.evaluate(
        () => !!document.querySelector('input[placeholder*="手机"]') || /短信/.test(document.querySelector('.login-form')?.textContent ?? ''),
      );
      if (!sms) throw new FastbeeDefect('d', `the login page (${page.url()}) has no phone number field and no 短信 tab`);
      throw new Error("FastBee's login page shows an SMS form this driver does not know yet: teach harness/targets/fastbee-pages.ts its fields");
    },

    async openUserCentre(page: Page) {
      await watch(page);
      await page.goto(`${ui}/user/profile`, { waitUntil: 'domcontentloaded' });
      await wechatRow(page, 15_000);
    },

    async wechatBound(page: Page, timeoutMs = 10_000) {
      const row = await wechatRow(page, timeoutMs);
      return (await row.evaluate((d) => (d as HTMLElement).innerText)).includes(TEXT.bound);
    },

    async startWechatBind(page: Page) {
      const w = await watch(page);
      const row = await wechatRow(page);
      if (!(await row.evaluate((d, t) => (d as HTMLElement).innerText.includes(t), TEXT.unbound)))
        throw new Error('the user centre says WeChat is bound already');
      // FastBee loads wxLogin.js from https://res.wx.qq.com: answered by mock-wechat for this page.
      const unroute = opts.wechatUrl ? await routeWechatHosts(page, opts.wechatUrl) : undefined;
      binds.set(page, { mark: w.mark(), unroute });
      await noDialog(page);
      await row.click();
      const frame = await (await page.waitForSelector('#weixinLogin iframe', { timeout: 10_000 }).catch(() => null))?.contentFrame();
      if (!frame)
        throw new Error(
          `the bind QR code did not show: FastBee loads https://res.wx.qq.com/connect/zh_CN/htmledition/js/wxLogin.js${opts.wechatUrl ? '' : ' (give fastbeePages the wechatUrl to answer it from mock-wechat)'}`,
        );
      await frame.waitForSelector('[data-testid=qr-image]', { timeout: 10_000 });
    },

    async wechatBindResult(page: Page, timeoutMs = 15_000) {
      const w = await watch(page);
      const bind = binds.get(page) ?? { mark: 0 };
      try {
        const call = await callAfter(w, bind.mark, 'GET', ['/wechat/getWxBindMsg'], timeoutMs);
        if (!call) throw new Error('the user centre never asked for the bind result (/wechat/getWxBindMsg)');
        const toast = await toastAfter(w, call.seq, ['success', 'error']);
        if (!toast) throw new Error(`the user centre showed no bind result (the backend answered ${JSON.stringify(call.body)})`);
        const thrown = await errorAfter(w, call.seq, /reading 'catch'/);
        if (thrown) throw new FastbeeDefect('c', `the toast said "${toast.text}", then the handler threw "TypeError: ${thrown.message}"`);
        return plain(toast.text);
      } finally {
        binds.delete(page);
        await bind.unroute?.();
      }
    },

    async unbindWechat(page: Page, password: string) {
      const w = await watch(page);
      // The password dialog stays open after a refused attempt (FastBee's catch does not close it): type again there.
      const open = await page.$('.el-dialog__wrapper input[type=password]');
      if (!open || !(await open.isVisible())) await (await wechatRow(page)).click();
      const field = await page.waitForSelector('.el-dialog__wrapper input[type=password]', { visible: true, timeout: 10_000 });
      await field!.click({ count: 3 });
      await field!.type(password);
      const mark = w.mark();
      await page.evaluate(() => {
        const open = [...document.querySelectorAll('.el-dialog__wrapper')].find(
          (d) => (d as HTMLElement).style.display !== 'none' && d.querySelector('input[type=password]'),
        );
        (open?.querySelector('.dialog-footer .el-button--primary') as HTMLElement | null)?.click();
      });
      const call = await callAfter(w, mark, 'POST', ['/wechat/cancelBind']);
      if (!call) throw new Error('the 确定 button made no /wechat/cancelBind call');
      const toast = await toastAfter(w, mark, ['success', 'error']);
      if (!toast) throw new Error(`the user centre showed no unbind result (the backend answered ${JSON.stringify(call.body)})`);
      if (call.body?.code !== 200) {
        const thrown = await errorAfter(w, mark, /response is not defined/);
        if (thrown) throw new FastbeeDefect('e', `the toast said "${toast.text}", then the handler threw "ReferenceError: ${thrown.message}"`);
        return plain(toast.text);
      }
      await pollUntil('the user centre to show WeChat unbound', async () => ((await pages.wechatBound(page)) ? undefined : true));
      await noDialog(page);
      return plain(toast.text);
    },
  };
  return pages;
}
