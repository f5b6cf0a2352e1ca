import { createRequire } from 'node:module';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HttpClient } from '../core/http-client.ts';
import { RECORDED, startReplayServer, type ReplayServer } from './recorded-wechat.ts';
import { APPS, JSON_TYPE, SNS_TYPE, startTestMock, type Wx } from '../mock-wechat/test-support.ts';
import type { StartedMockWechat } from '../mock-wechat/app.ts';

/**
 * co-wechat-api, unmodified, pointed at the mock through its reassignable prefixes
 * (docs/wire/wechat.md#client-libraries),
 * and the same calls against a server replaying recorded real answers: the library must see the
 * same shapes, types, thrown errors and token-refresh behaviour in both.
 */
const require = createRequire(import.meta.url);

interface AccessToken {
  accessToken: string;
  expireTime: number;
}
interface CoWechatApi {
  prefix: string;
  snsPrefix: string;
  wxaPrefix: string;
  getAccessToken(): Promise<AccessToken>;
  ensureAccessToken(): Promise<AccessToken>;
  code2Session(jsCode: string): Promise<Record<string, unknown>>;
  request(url: string, opts?: unknown): Promise<Record<string, unknown>>;
}
const API = require('co-wechat-api') as new (appid: string, secret: string) => CoWechatApi;
const { postJSON } = require('co-wechat-api/lib/util') as { postJSON(data: unknown): unknown };

/** One server the library talks to, and the test's hands on it. */
interface Target {
  base: string;
  appid: string;
  secret: string;
  jsCode(): Promise<string>;
  phoneCode(): Promise<string>;
  /** Another process refreshes the app token, so the one the library cached stops being current. */
  supersedeToken(): Promise<void>;
  tokenCalls(): Promise<number>;
}

function client(t: Target, secret = t.secret): CoWechatApi {
  const api = new API(t.appid, secret);
  api.prefix = `${t.base}/cgi-bin/`;
  api.snsPrefix = `${t.base}/sns/`;
  api.wxaPrefix = `${t.base}/wxa/`;
  return api;
}

async function thrown(p: Promise<unknown>): Promise<{ name: string; code: unknown; errmsgBase: string; rid: boolean }> {
  try {
    await p;
  } catch (e) {
    const err = e as Error & { code?: unknown };
    return {
      name: err.name,
      code: err.code,
      errmsgBase: err.message.replace(/,? rid: .*$/, ''),
      rid: /rid: [0-9a-f]{8}-[0-9a-f]{8}-[0-9a-f]{8}$/.test(err.message),
    };
  }
  throw new Error('the library did not throw');
}

/** The value's structure: keys in order and JSON types, recursively. */
function shape(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(shape);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, shape(x)]));
  return typeof v;
}

/** The calls a mini-program backend makes, as the library reports them. */
async function drive(t: Target) {
  const api = client(t);
  const token = await api.getAccessToken();
  const code = await t.jsCode();
  const session = await api.code2Session(code);
  const reused = await thrown(api.code2Session(code));
  const invalid = await thrown(api.code2Session('0610Xey313BXSQ15G6v31H6wy310Xeyv'));
  await t.supersedeToken();
  const callsBefore = await t.tokenCalls();
  // The library still trusts its cached token; the server says 40001 and the library refreshes and retries once.
  const cached = await api.ensureAccessToken();
  const phone = await api.request(`${api.wxaPrefix}business/getuserphonenumber?access_token=${cached.accessToken}`, postJSON({ code: await t.phoneCode() }));
  const refreshed = (await t.tokenCalls()) - callsBefore;
  const badSecret = await thrown(client(t, 'not-the-secret').getAccessToken());
  return { token, session, reused, invalid, phone, refreshed, badSecret };
}

function comparable(run: Awaited<ReturnType<typeof drive>>) {
  return {
    token: { shape: shape(run.token), ttlSeconds: Math.round((run.token.expireTime - Date.now()) / 10_000) * 10 },
    session: shape(run.session),
    sessionKeyLooksReal: /^[A-Za-z0-9+/]{22}==$/.test(String(run.session.session_key)),
    openidLooksReal: /^o[A-Za-z0-9_-]{27}$/.test(String(run.session.openid)),
    reused: run.reused,
    invalid: run.invalid,
    phone: shape(run.phone),
    phoneStatus: [run.phone.errcode, run.phone.errmsg],
    refreshed: run.refreshed,
    badSecret: run.badSecret,
  };
}

describe('co-wechat-api against the mock and against recorded real answers', () => {
  let mock: StartedMockWechat;
  let wx: Wx;
  let replay: ReplayServer;
  beforeEach(async () => {
    ({ mock, wx } = await startTestMock());
    replay = await startReplayServer();
  });
  afterEach(async () => {
    await mock.stop();
    await replay.stop();
  });

  const mockTarget = (): Target => ({
    base: wx.url,
    ...APPS.mini,
    jsCode: async () => (await wx.control('POST', '/miniprogram/login', { appid: 'mini', persona: 'zhangsan' })).code,
    phoneCode: async () => (await wx.control('POST', '/miniprogram/phone', { appid: 'mini', persona: 'zhangsan' })).code,
    supersedeToken: async () => {
      await wx.appToken();
      await wx.advance(301);
    },
    tokenCalls: async () => (await wx.control('GET', '/journal?path=/cgi-bin/token&limit=5000')).entries.length,
  });
  const replayTarget = (): Target => ({
    base: replay.url,
    appid: 'wx520c15f417810387',
    secret: replay.secret,
    jsCode: async () => replay.newJsCode(),
    phoneCode: async () => 'e31968a7f94cc5ee25fafc2aef2773f0bb8c3937b22520eb8ee345274d00c144',
    supersedeToken: async () => {
      await new HttpClient(replay.url).get(`/cgi-bin/token?grant_type=client_credential&appid=x&secret=${replay.secret}`);
    },
    tokenCalls: async () => replay.tokenCalls(),
  });

  it('gives the library the same shapes, types, errors and refresh behaviour', async () => {
    // The recorded jscode2session body comes from a mini program bound to no Open Platform account.
    await wx.control('PATCH', '/apps/mini', { account: null });
    const real = comparable(await drive(replayTarget()));
    const mocked = comparable(await drive(mockTarget()));

    // What the recorded answers make the library do (guards against a replay that proves nothing).
    expect(real.session).toEqual({ session_key: 'string', openid: 'string' });
    expect(real.reused).toEqual({ name: 'WeChatAPIError', code: 40163, errmsgBase: 'code been used', rid: true });
    expect(real.invalid).toMatchObject({ code: 40029, errmsgBase: 'invalid code' });
    expect(real.badSecret).toMatchObject({ code: 40125, errmsgBase: 'invalid appsecret' });
    expect(real.phone).toEqual(shape(JSON.parse(RECORDED.phone)));
    expect(real.refreshed).toBe(1);
    expect(real.token.ttlSeconds).toBe(7190);

    expect(mocked).toEqual(real);
  });

  it('reads /sns/* under either Content-Type: text/plain (the default, as WeChat) and application/json (the option)', async () => {
    for (const type of ['text', 'json'] as const) {
      await wx.control('PATCH', '/options', { snsContentType: type });
      const api = client(mockTarget());
      const code = await mockTarget().jsCode();
      const answered = (await wx.get('/sns/jscode2session', { query: { ...APPS.mini, js_code: 'probe' } })).contentType;
      expect(answered).toBe(type === 'text' ? SNS_TYPE : JSON_TYPE);
      const session = await api.code2Session(code);
      expect(session.openid, type).toMatch(/^o[A-Za-z0-9_-]{27}$/);
      expect((await thrown(api.code2Session('bad'))).code, type).toBe(40029);
    }
  });
});
