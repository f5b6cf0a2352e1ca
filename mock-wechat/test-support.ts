import { afterEach, beforeEach, expect } from 'vitest';
import { HttpClient, type HttpResponse } from '../core/http-client.ts';
import { startMockWechat, type MockWechatOptions, type StartedMockWechat } from './app.ts';
import { DCLOUD_APPID, defaultApps } from './world/default-world.ts';

/** Shared by the mock-wechat tests: a mock on port 0, its test client, the default world's credentials. */

function creds(key: string): { appid: string; secret: string } {
  const a = defaultApps.find((x) => x.key === key);
  if (!a) throw new Error(`no default app ${key}`);
  return { appid: a.appid, secret: a.secret };
}

/** The default world's apps by key. */
export const APPS = {
  web: creds('web'),
  webBind: creds('web-bind'),
  mobile: creds('mobile'),
  mini: creds('mini'),
  mobileStandard: creds('mobile-standard'),
  official: creds('official'),
  dcloud: creds('dcloud-hbuilder'),
} as const;
export { DCLOUD_APPID };

/** hex(unix seconds)-8hex-8hex, as the real service appends to every errmsg. */
export const RID = /rid: ([0-9a-f]{8})-[0-9a-f]{8}-[0-9a-f]{8}$/;

export const JSON_TYPE = 'application/json; encoding=utf-8';
/** The documented default of every /sns/* answer (docs/wire/wechat-requests.md). */
export const SNS_TYPE = 'text/plain';

/** Talks to one running mock over real HTTP; the test client with the mock's own steps. */
export class Wx extends HttpClient {
  constructor(readonly url: string) {
    super(url);
  }

  /** A control call that must succeed; returns its JSON. */
  async control(method: string, path: string, body?: unknown): Promise<any> {
    const a = await this.request(method, `/__mock${path}`, { body });
    if (a.status >= 300) throw new Error(`${method} /__mock${path}: ${a.status} ${a.raw}`);
    return a.body;
  }

  /** Moves the mock's clock forward. */
  advance(seconds: number): Promise<any> {
    return this.control('POST', '/clock', { advanceSeconds: seconds });
  }

  /** A login code for a persona without any client (POST /__mock/codes). */
  async code(app: string, persona: string, extra: Record<string, unknown> = {}): Promise<string> {
    return (await this.control('POST', '/codes', { appid: app, persona, ...extra })).code;
  }

  /** /sns/oauth2/access_token for the given app's credentials. */
  exchange(app: { appid: string; secret: string }, code: string): Promise<HttpResponse> {
    return this.get('/sns/oauth2/access_token', { query: { ...app, code, grant_type: 'authorization_code' } });
  }

  /** Code, then token, for a web (or mobile, official) login; fails the test on an error. */
  async login(app: { appid: string; secret: string }, persona: string, extra: Record<string, unknown> = {}): Promise<any> {
    const r = await this.exchange(app, await this.code(app.appid, persona, extra));
    expect(r.body.errcode, r.raw).toBeUndefined();
    return r.body;
  }

  /** wx.login then jscode2session for the mini program; the success body. */
  async miniLogin(persona: string, app = APPS.mini): Promise<any> {
    const { code } = await this.control('POST', '/miniprogram/login', { appid: app.appid, persona });
    const r = await this.get('/sns/jscode2session', { query: { ...app, js_code: code, grant_type: 'authorization_code' } });
    expect(r.body.errcode, r.raw).toBeUndefined();
    return r.body;
  }

  /** A /cgi-bin/token access token. */
  async appToken(app = APPS.mini): Promise<string> {
    const r = await this.get('/cgi-bin/token', { query: { grant_type: 'client_credential', ...app } });
    expect(r.body.access_token, r.raw).toBeTypeOf('string');
    return r.body.access_token;
  }
}

/** A WeChat error answer: HTTP 200, exactly {errcode, errmsg}, errmsg `<base>[,] rid: hex(now)-8hex-8hex`. */
export function expectWxError(a: HttpResponse, errcode: number, base?: string): void {
  expect(a.status, a.raw).toBe(200);
  expect(Object.keys(a.body ?? {}), a.raw).toEqual(['errcode', 'errmsg']);
  expect(a.body.errcode, a.raw).toBe(errcode);
  expect(a.body.errmsg).toMatch(RID);
  if (base !== undefined) expect(a.body.errmsg.replace(/,? rid: .*$/, '')).toBe(base);
}

/** Starts a fresh mock (":memory:", port 0). */
export async function startTestMock(opts: MockWechatOptions = {}): Promise<{ mock: StartedMockWechat; wx: Wx }> {
  const mock = await startMockWechat({ ...opts, port: 0 });
  return { mock, wx: new Wx(mock.url) };
}

/** A fresh mock for every test of the calling file; read `.wx` / `.mock` inside tests. */
export function useMock(opts: MockWechatOptions = {}): { wx: Wx; mock: StartedMockWechat } {
  const holder = {} as { wx: Wx; mock: StartedMockWechat };
  beforeEach(async () => {
    Object.assign(holder, await startTestMock(opts));
  });
  afterEach(async () => {
    await holder.mock?.stop();
  });
  return holder;
}
