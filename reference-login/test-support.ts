import { HttpClient, type CookieJar } from '../core/http-client.ts';
import { startMockSms, type StartedMockSms } from '../mock-sms/app.ts';
import { startMockWechat, type StartedMockWechat } from '../mock-wechat/app.ts';
import { defaultApps } from '../mock-wechat/world/default-world.ts';
import { startReferenceLogin, type ReferenceLoginOptions, type StartedReferenceLogin } from './app.ts';
import { SEED_ADMIN } from './seed.ts';

/**
 * Shared by the reference-login tests: mock-wechat, mock-sms and the login system, each on port 0
 * with an in-memory database, talking over real HTTP; a browser is a test client that keeps cookies.
 */

export const APPID = Object.fromEntries(defaultApps.map((a) => [a.key, a.appid])) as Record<string, string>;
export const ADMIN = SEED_ADMIN;

/** Where a web QR callback sent the browser. */
export interface CallbackOutcome {
  kind: 'loginId' | 'bindId' | 'errorId' | 'other';
  id: string;
  location: string;
}

export function outcomeOf(location: string | undefined): CallbackOutcome {
  const loc = location ?? '';
  const u = new URL(loc, 'http://x');
  for (const kind of ['loginId', 'bindId', 'errorId'] as const) {
    const id = u.searchParams.get(kind);
    if (id !== null) return { kind, id, location: loc };
  }
  return { kind: 'other', id: '', location: loc };
}

export interface LoginWorld {
  wechat: StartedMockWechat;
  sms: StartedMockSms;
  login: StartedReferenceLogin;
  url: string;
  /** test clients of the two mocks, for their control APIs */
  wechatHttp: HttpClient;
  smsHttp: HttpClient;
  /** a fresh browser against the login system: keeps cookies, never follows redirects */
  browser(): HttpClient & { readonly jar: CookieJar };
  stop(): Promise<void>;
  /** POST to a mock's control API; throws unless 2xx */
  wechatControl(path: string, body: unknown): Promise<any>;
  /** a web/mobile/mini code for a persona, minted without any client */
  code(persona: string, app?: string, kind?: 'sns' | 'js' | 'phone'): Promise<string>;
  /** /auth/render then /auth/callback with a minted code, in one browser */
  webLogin(b: HttpClient, persona: string): Promise<CallbackOutcome>;
  /** the admin's token from POST /login */
  adminToken(b?: HttpClient): Promise<string>;
  /** the latest code mock-sms received for a phone */
  smsCode(phone: string): Promise<string | undefined>;
}

export async function startLoginWorld(opts: Partial<ReferenceLoginOptions> = {}): Promise<LoginWorld> {
  const wechat = await startMockWechat();
  const sms = await startMockSms();
  const login = await startReferenceLogin({ wechatApiBase: wechat.url, wechatOpenBase: wechat.url, smsEndpoint: sms.url, captchaEnabled: false, ...opts });
  const [wechatHttp, smsHttp] = [new HttpClient(wechat.url), new HttpClient(sms.url)];
  const world: LoginWorld = {
    wechat,
    sms,
    login,
    url: login.url,
    wechatHttp,
    smsHttp,
    browser: () => new HttpClient(login.url, { cookies: true }) as HttpClient & { readonly jar: CookieJar },
    async stop() {
      await login.stop();
      await sms.stop();
      await wechat.stop();
    },
    async wechatControl(path, body) {
      const res = await wechatHttp.post(`/__mock${path}`, body);
      if (res.status >= 300) throw new Error(`mock-wechat ${path}: ${res.status} ${res.raw}`);
      return res.body;
    },
    async code(persona, app = 'web', kind) {
      return (await world.wechatControl('/codes', { appid: app, persona, ...(kind ? { kind } : {}) })).code as string;
    },
    async webLogin(b, persona) {
      const render = await b.get('/auth/render/wechat_open_web');
      if (render.status !== 302 || !render.location) throw new Error(`render answered ${render.status}`);
      const state = new URL(render.location).searchParams.get('state')!;
      const code = await world.code(persona, 'web');
      const cb = await b.get(`/auth/callback/wechat_open_web?code=${code}&state=${state}`);
      return outcomeOf(cb.location);
    },
    async adminToken(b = world.browser()) {
      const r = await b.post('/login', { username: ADMIN.userName, password: ADMIN.password });
      if (r.body?.code !== 200) throw new Error(`admin login failed: ${JSON.stringify(r.body)}`);
      return r.body.token as string;
    },
    async smsCode(phone) {
      const res = await smsHttp.get(`/__mock/sms/code?phone=${phone}`);
      return res.status < 300 ? (res.body as { code: string }).code : undefined;
    },
  };
  return world;
}
