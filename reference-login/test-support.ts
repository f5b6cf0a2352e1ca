import { startMockSms, type StartedMockSms } from '../mock-sms/app.ts';
import { startMockWechat, type StartedMockWechat } from '../mock-wechat/app.ts';
import { defaultApps } from '../mock-wechat/world/default-world.ts';
import { startReferenceLogin, type ReferenceLoginOptions, type StartedReferenceLogin } from './app.ts';
import { SEED_ADMIN } from './seed.ts';

/**
 * Shared by the reference-login tests: mock-wechat, mock-sms and the login system, each on port 0
 * with an in-memory database, talking over real HTTP; plus a cookie-keeping "browser" client.
 */

export const APPID = Object.fromEntries(defaultApps.map((a) => [a.key, a.appid])) as Record<string, string>;
export const ADMIN = SEED_ADMIN;

export interface Reply {
  status: number;
  headers: Headers;
  location: string | undefined;
  /** parsed JSON body, or the text */
  body: any;
}

/** One browser: keeps the cookies the login system sets, never follows redirects. */
export class Browser {
  private readonly cookies = new Map<string, string>();

  constructor(readonly base: string) {}

  cookie(name: string): string | undefined {
    return this.cookies.get(name);
  }

  setCookie(name: string, value: string): void {
    this.cookies.set(name, value);
  }

  async request(method: string, path: string, opts: { body?: unknown; token?: string; headers?: Record<string, string> } = {}): Promise<Reply> {
    const headers: Record<string, string> = { ...opts.headers };
    if (this.cookies.size) headers.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    if (opts.token) headers.authorization = `Bearer ${opts.token}`;
    let body: string | undefined;
    if (opts.body !== undefined) {
      body = typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body);
      headers['content-type'] ??= 'application/json';
    }
    const res = await fetch(path.startsWith('http') ? path : this.base + path, { method, headers, body, redirect: 'manual' });
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const eq = pair!.indexOf('=');
      if (eq > 0) this.cookies.set(pair!.slice(0, eq).trim(), pair!.slice(eq + 1).trim());
    }
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      /* not JSON: keep the text */
    }
    return { status: res.status, headers: res.headers, location: res.headers.get('location') ?? undefined, body: parsed };
  }

  get(path: string, token?: string) {
    return this.request('GET', path, { token });
  }

  post(path: string, body?: unknown, token?: string) {
    return this.request('POST', path, { body: body ?? {}, token });
  }
}

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
  /** a fresh browser against the login system */
  browser(): Browser;
  stop(): Promise<void>;
  /** POST to a mock's control API; throws unless 2xx */
  wechatControl(path: string, body: unknown): Promise<any>;
  /** a web/mobile/mini code for a persona, minted without any client */
  code(persona: string, app?: string, kind?: 'sns' | 'js' | 'phone'): Promise<string>;
  /** /auth/render then /auth/callback with a minted code, in one browser */
  webLogin(b: Browser, persona: string): Promise<CallbackOutcome>;
  /** the admin's token from POST /login */
  adminToken(b?: Browser): Promise<string>;
  /** the latest code mock-sms received for a phone */
  smsCode(phone: string): Promise<string | undefined>;
}

export async function startLoginWorld(opts: Partial<ReferenceLoginOptions> = {}): Promise<LoginWorld> {
  const wechat = await startMockWechat();
  const sms = await startMockSms();
  const login = await startReferenceLogin({ wechatApiBase: wechat.url, wechatOpenBase: wechat.url, smsEndpoint: sms.url, captchaEnabled: false, ...opts });
  const world: LoginWorld = {
    wechat, sms, login, url: login.url,
    browser: () => new Browser(login.url),
    async stop() {
      await login.stop();
      await sms.stop();
      await wechat.stop();
    },
    async wechatControl(path, body) {
      const res = await fetch(`${wechat.url}/__mock${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      const json = await res.json();
      if (!res.ok) throw new Error(`mock-wechat ${path}: ${res.status} ${JSON.stringify(json)}`);
      return json;
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
      const res = await fetch(`${sms.url}/__mock/sms/code?phone=${phone}`);
      return res.ok ? ((await res.json()) as { code: string }).code : undefined;
    },
  };
  return world;
}
