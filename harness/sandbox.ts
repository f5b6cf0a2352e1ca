import type { Browser, Page } from 'puppeteer-core';
import { startMockWechat } from '../mock-wechat/app.ts';
import { startMockSms } from '../mock-sms/app.ts';
import { startReferenceLogin } from '../reference-login/app.ts';
import { startFastbeeUi } from '../fastbee-ui/server.ts';
import { launchBrowser, type LaunchedBrowser } from './browser.ts';
import { MiniProgram } from './mini-program.ts';
import { MobileApp } from './mobile-app.ts';
import { SmsInbox } from './sms-inbox.ts';
import type { TargetAdapter } from './targets/adapter.ts';
import { fastbeeTarget, referenceTarget } from './targets/targets.ts';
import { WechatControl } from './wechat-control.ts';
import { WechatUser } from './wechat-user.ts';

export interface SandboxOptions {
  /**
   * "reference" (default): everything in-process; "fastbee": FastBee's web UI, either the build in
   * `fastbeeUi` in front of an in-process reference-login, or a running FastBee and running mocks
   */
  target?: 'reference' | 'fastbee';
  /** fastbee: a production build of FastBee's web UI (its dist/), served in-process in front of reference-login */
  fastbeeUi?: string;
  /** fastbee: the frontend URL (login page at <url>/login) */
  targetUrl?: string;
  /** fastbee: the API base; default <targetUrl>/prod-api */
  targetApiUrl?: string;
  /** external mocks (required with target fastbee): where mock-wechat and mock-sms already run */
  wechatUrl?: string;
  smsUrl?: string;
  controlToken?: string;
  /** launch Chromium (or reuse one) for browser steps */
  browser?: boolean | Browser;
}

export interface Sandbox {
  wechat: WechatControl;
  sms: SmsInbox;
  target: TargetAdapter;
  /** the WeChat mock's base URL (what the target must use as api.weixin.qq.com / open.weixin.qq.com) */
  wechatUrl: string;
  smsUrl: string;
  browser?: Browser;
  /** a WeChat user with the persona's identity */
  user(persona: string): WechatUser;
  /** the target's mobile app (default: the one the target is configured with) */
  mobileApp(appidOrKey?: string): MobileApp;
  miniProgram(appidOrKey?: string): MiniProgram;
  /** a fresh browser tab (a fresh browser profile each sandbox) */
  newPage(): Promise<Page>;
  /** moves every clock of the sandbox: both mocks and the target */
  advanceClock(seconds: number): Promise<void>;
  close(): Promise<void>;
}

/** Options from the environment, so `wxmock scenarios --target ...` can steer the pack. */
export function sandboxOptionsFromEnv(env = process.env): SandboxOptions {
  return {
    target: env.WXMOCK_TARGET === 'fastbee' ? 'fastbee' : 'reference',
    fastbeeUi: env.WXMOCK_FASTBEE_UI || undefined,
    targetUrl: env.WXMOCK_TARGET_URL || undefined,
    targetApiUrl: env.WXMOCK_TARGET_API_URL || undefined,
    wechatUrl: env.WXMOCK_WECHAT_URL || undefined,
    smsUrl: env.WXMOCK_SMS_URL || undefined,
    controlToken: env.WXMOCK_CONTROL_TOKEN || undefined,
  };
}

/**
 * Starts what a test needs. With the reference target: mock-wechat, mock-sms and the reference
 * login system in this process on free ports with in-memory state, so sandboxes run in parallel
 * without touching each other. With target "fastbee": the running mocks and FastBee named in options.
 */
export async function startSandbox(opts: SandboxOptions = {}): Promise<Sandbox> {
  const stops: (() => Promise<void>)[] = [];
  const closeAll = async () => {
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
  };
  try {
    let wechatUrl: string, smsUrl: string, target: TargetAdapter;
    if (opts.target === 'fastbee' && opts.fastbeeUi) {
      // FastBee's real web UI as its nginx serves it, reference-login behind /prod-api/.
      const wechat = await startMockWechat();
      stops.push(wechat.stop);
      const sms = await startMockSms();
      stops.push(sms.stop);
      let loginUrl = '';
      const ui = await startFastbeeUi({ distDir: opts.fastbeeUi, backendUrl: () => loginUrl });
      stops.push(ui.close);
      const login = await startReferenceLogin({ wechatApiBase: wechat.url, wechatOpenBase: wechat.url, smsEndpoint: sms.url, captchaEnabled: false, fastbeeUiUrl: ui.url });
      stops.push(login.stop);
      loginUrl = login.url;
      wechatUrl = wechat.url;
      smsUrl = sms.url;
      target = fastbeeTarget({ frontendUrl: ui.url, apiUrl: `${ui.url}/prod-api`, wechatUrl: wechat.url });
    } else if ((opts.target ?? 'reference') === 'reference') {
      const wechat = await startMockWechat();
      stops.push(wechat.stop);
      const sms = await startMockSms();
      stops.push(sms.stop);
      const login = await startReferenceLogin({ wechatApiBase: wechat.url, wechatOpenBase: wechat.url, smsEndpoint: sms.url, captchaEnabled: false });
      stops.push(login.stop);
      wechatUrl = wechat.url;
      smsUrl = sms.url;
      target = referenceTarget(login.url);
    } else {
      if (!opts.wechatUrl || !opts.smsUrl || !(opts.targetUrl || opts.targetApiUrl))
        throw new Error('target fastbee needs fastbeeUi (a build of its web UI, env WXMOCK_FASTBEE_UI), or the running mocks and FastBee: wechatUrl, smsUrl and targetUrl (or targetApiUrl); env WXMOCK_WECHAT_URL, WXMOCK_SMS_URL, WXMOCK_TARGET_URL');
      wechatUrl = opts.wechatUrl;
      smsUrl = opts.smsUrl;
      target = fastbeeTarget({ frontendUrl: opts.targetUrl ?? opts.targetApiUrl!, apiUrl: opts.targetApiUrl ?? `${opts.targetUrl}/prod-api`, wechatUrl, controlToken: opts.controlToken });
    }
    const wechat = new WechatControl(wechatUrl, opts.controlToken);
    const sms = new SmsInbox(smsUrl, opts.controlToken);

    let launched: LaunchedBrowser | undefined;
    let browser: Browser | undefined;
    if (opts.browser === true) {
      launched = await launchBrowser();
      browser = launched.browser;
      stops.push(launched.close);
    } else if (opts.browser) browser = opts.browser;

    return {
      wechat, sms, target, wechatUrl, smsUrl, browser,
      user: (persona) => new WechatUser(persona, wechat),
      mobileApp: (app) => new MobileApp(app ?? target.apps.mobile, wechat, target.api),
      miniProgram: (app) => new MiniProgram(app ?? target.apps.mini, wechat, target.api),
      async newPage() {
        if (!browser) throw new Error('this sandbox has no browser: startSandbox({ browser: true })');
        const context = await browser.createBrowserContext();
        stops.push(() => context.close());
        return context.newPage();
      },
      async advanceClock(seconds) {
        await wechat.advanceClock(seconds);
        await sms.advanceClock(seconds);
        await target.advanceClock?.(seconds);
      },
      close: closeAll,
    };
  } catch (e) {
    await closeAll();
    throw e;
  }
}
