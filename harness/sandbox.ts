import type { Browser, Page } from 'puppeteer-core';
import { startMockWechat } from '../mock-wechat/app.ts';
import { startMockSms } from '../mock-sms/app.ts';
import { startReferenceLogin } from '../reference-login/app.ts';
import type { Intercept } from '../intercept/index.ts';
import { startFastbeeUi } from '../fastbee-ui/server.ts';
import { launchBrowser, type LaunchedBrowser } from './browser.ts';
import { MiniProgram } from './mini-program.ts';
import { MobileApp } from './mobile-app.ts';
import { SmsInbox } from './sms-inbox.ts';
import type { TargetAdapter } from './targets/adapter.ts';
import { fastbeeTarget, referenceTarget } from './targets/targets.ts';
import { WechatBrowser } from './wechat-browser.ts';
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
  /**
   * answer as api.weixin.qq.com, open.weixin.qq.com and the SMS gateways over real HTTPS: an HTTPS
   * proxy, the hostname-mode listener and a throwaway CA (reference target only); a browser
   * launched here then goes through the proxy and trusts the CA
   */
  intercept?: boolean;
}

/** What a test needs to send an unmodified client's traffic for the real hostnames to this sandbox. */
export interface SandboxIntercept {
  /** the HTTPS (CONNECT) proxy, e.g. http://127.0.0.1:41234 */
  proxyUrl: string;
  /** the hostname-mode HTTPS listener */
  httpsUrl: string;
  /** the CA certificate (PEM) */
  caPath: string;
  /** a PKCS#12 truststore holding the CA, for the JVM */
  truststore: { path: string; password: string };
  /** for a child process: the Node preload (NODE_OPTIONS, WXMOCK_INTERCEPT), NODE_EXTRA_CA_CERTS and JAVA_TOOL_OPTIONS */
  env: Record<string, string>;
}

export interface Sandbox {
  wechat: WechatControl;
  sms: SmsInbox;
  target: TargetAdapter;
  /** the WeChat mock's base URL (what the target must use as api.weixin.qq.com / open.weixin.qq.com) */
  wechatUrl: string;
  smsUrl: string;
  browser?: Browser;
  /** set with startSandbox({ intercept: true }) */
  intercept?: SandboxIntercept;
  /** a WeChat user with the persona's identity */
  user(persona: string): WechatUser;
  /** the target's mobile app (default: the one the target is configured with) */
  mobileApp(appidOrKey?: string): MobileApp;
  miniProgram(appidOrKey?: string): MiniProgram;
  /** a fresh browser tab (a fresh browser profile each sandbox) */
  newPage(): Promise<Page>;
  /**
   * a fresh tab that browses as WeChat's in-app browser (its User-Agent), signed in to WeChat as
   * `persona` when given: the Official Account's web authorization (/connect/oauth2/authorize) runs in it
   */
  wechatBrowser(persona?: string): Promise<WechatBrowser>;
  /** moves every clock of the sandbox: both mocks and the target */
  advanceClock(seconds: number): Promise<void>;
  close(): Promise<void>;
}

/**
 * Chromium through the sandbox's proxy (loopback stays direct: Chromium never proxies it), trusting
 * the CA the way a throwaway profile can: by its public key.
 */
async function browserInterceptArgs(i: Intercept): Promise<string[]> {
  const { spkiSha256 } = await import('../intercept/ca.ts');
  return [`--proxy-server=${i.proxyUrl}`, `--ignore-certificate-errors-spki-list=${spkiSha256(i.ca.certPem)}`];
}

/** Options from the environment, so `wxmock scenarios --target ...` can steer the pack. */
export function sandboxOptionsFromEnv(env: Record<string, string | undefined> = process.env): SandboxOptions {
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
 * without touching each other. With target "fastbee" and `fastbeeUi`: the same, with FastBee's real
 * web UI in front of the reference login system. With target "fastbee" alone: the running mocks and
 * FastBee named in options.
 */
export async function startSandbox(opts: SandboxOptions = {}): Promise<Sandbox> {
  const stops: (() => Promise<void>)[] = [];
  const closeAll = async () => {
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
  };
  try {
    let wechatUrl: string, smsUrl: string, target: TargetAdapter;
    let intercept: Intercept | undefined;
    if ((opts.target ?? 'reference') === 'reference' || opts.fastbeeUi) {
      const wechat = await startMockWechat();
      stops.push(wechat.stop);
      const sms = await startMockSms();
      stops.push(sms.stop);
      if (opts.intercept) {
        const { startIntercept } = await import('../intercept/index.ts');
        intercept = await startIntercept({ apps: { wechat: wechat.app.fetch, sms: sms.app.fetch } });
        stops.push(intercept.close);
      }
      const loginOptions = { wechatApiBase: wechat.url, wechatOpenBase: wechat.url, smsEndpoint: sms.url, captchaEnabled: false };
      wechatUrl = wechat.url;
      smsUrl = sms.url;
      if (opts.fastbeeUi) {
        // FastBee's real web UI as its nginx serves it, reference-login behind /prod-api/.
        let loginUrl = '';
        const ui = await startFastbeeUi({ distDir: opts.fastbeeUi, backendUrl: () => loginUrl });
        stops.push(ui.close);
        const login = await startReferenceLogin({ ...loginOptions, fastbeeUiUrl: ui.url });
        stops.push(login.stop);
        loginUrl = login.url;
        target = fastbeeTarget({ frontendUrl: ui.url, apiUrl: `${ui.url}/prod-api`, wechatUrl: wechat.url });
      } else {
        const login = await startReferenceLogin(loginOptions);
        stops.push(login.stop);
        target = referenceTarget(login.url);
      }
    } else {
      if (opts.intercept)
        throw new Error(
          'intercept: true needs the in-process mocks (target "reference", or "fastbee" with fastbeeUi); with running mocks use the proxy `wxmock start` prints',
        );
      if (!opts.wechatUrl || !opts.smsUrl || !(opts.targetUrl || opts.targetApiUrl))
        throw new Error(
          'target fastbee needs fastbeeUi (a build of its web UI, env WXMOCK_FASTBEE_UI), or the running mocks and FastBee: wechatUrl, smsUrl and targetUrl (or targetApiUrl); env WXMOCK_WECHAT_URL, WXMOCK_SMS_URL, WXMOCK_TARGET_URL',
        );
      wechatUrl = opts.wechatUrl;
      smsUrl = opts.smsUrl;
      target = fastbeeTarget({
        frontendUrl: opts.targetUrl ?? opts.targetApiUrl!,
        apiUrl: opts.targetApiUrl ?? `${opts.targetUrl}/prod-api`,
        wechatUrl,
        controlToken: opts.controlToken,
      });
    }
    const wechat = new WechatControl(wechatUrl, opts.controlToken);
    const sms = new SmsInbox(smsUrl, opts.controlToken);

    let launched: LaunchedBrowser | undefined;
    let browser: Browser | undefined;
    if (opts.browser === true) {
      launched = await launchBrowser({ args: intercept ? await browserInterceptArgs(intercept) : [] });
      browser = launched.browser;
      stops.push(launched.close);
    } else if (opts.browser) browser = opts.browser;

    const newPage = async (): Promise<Page> => {
      if (!browser) throw new Error('this sandbox has no browser: startSandbox({ browser: true })');
      const context = await browser.createBrowserContext();
      stops.push(() => context.close());
      return context.newPage();
    };

    return {
      wechat,
      sms,
      target,
      wechatUrl,
      smsUrl,
      browser,
      intercept: intercept && {
        proxyUrl: intercept.proxyUrl,
        httpsUrl: intercept.httpsUrl,
        caPath: intercept.ca.certPath,
        truststore: { path: intercept.trust.p12, password: intercept.trust.password },
        env: intercept.env,
      },
      user: (persona) => new WechatUser(persona, wechat),
      mobileApp: (app) => new MobileApp(app ?? target.apps.mobile, wechat, target.api),
      miniProgram: (app) => new MiniProgram(app ?? target.apps.mini, wechat, target.api),
      newPage,
      async wechatBrowser(persona) {
        const page = await newPage();
        // Through the proxy the pages are open.weixin.qq.com's; the mock's own URL serves them too.
        const origins = intercept ? [wechatUrl, 'https://open.weixin.qq.com'] : [wechatUrl];
        return WechatBrowser.open(page, { wechatOrigins: origins, persona });
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
