import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BAD_ENCODINGS,
  brokenField,
  brokenControlBody,
  BROKEN_JSON,
  controlInside,
  expectControlRefusal,
  FUZZ_SEED,
  fuzzCases,
  garbage,
  HEADER_CONTROL_CHARS,
  INVALID_UTF8,
  prng,
  withControls,
  sharedControlCases,
  type FuzzCase,
  type Rng,
} from '../core/fuzz-support.ts';
import { HttpClient } from '../core/http-client.ts';
import { MSG } from './messages.ts';
import { ADMIN, startLoginWorld, type LoginWorld } from './test-support.ts';

/**
 * Malformed requests across reference-login's API, pages and control API, control characters and
 * oversized values included: never a 5xx or RuoYi's "系统内部错误" (an exception that reached the
 * error handler); API errors in the AjaxResult envelope; redirects that stay on the own origin (or
 * go to mock-wechat's QR page); and the exported state unchanged, but for the one-time message ids
 * and OAuth states a failed page flow stores (FastBee does the same). Seeded: WXMOCK_FUZZ_SEED=<seed>.
 */
const API_CASES = 320;
const CONTROL_CASES = 100;

/** kv rows a failed page flow writes by design: the errorId it redirects with, the state of /auth/render. */
const EPHEMERAL_KV = /^(login:error:msg:|auth:state:)/;

interface Env {
  admin: string;
  url: string;
  wechatUrl: string;
}

/** An identifier no request will ever match: random hex, broken further. */
const unknownId = (r: Rng) =>
  r.pick([controlInside(r, 'a3f9c1d2e4b5a6978877665544332211'), garbage(r, 40), 'y'.repeat(5000), '../../etc/passwd', '%00', '中文']);

function body(r: Rng, fields: Record<string, unknown>): { body: string | Uint8Array; contentType?: string } {
  if (r.chance(0.15)) return { body: r.pick([...BROKEN_JSON, INVALID_UTF8]) };
  if (r.chance(0.04)) return { body: JSON.stringify({ ...fields, pad: 'x'.repeat(2_000_000) }) };
  const obj: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(fields)) if (v !== undefined) obj[k] = v;
  if (r.chance(0.2)) obj[r.pick(['__proto__', 'constructor', '', 'extra'])] = r.pick([garbage(r), 1, [], {}, null]);
  return {
    body: JSON.stringify(obj),
    contentType: r.chance(0.1) ? r.pick(['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) : undefined,
  };
}

const auth = (token: string) => ({ authorization: `Bearer ${token}` });
const badToken = (r: Rng) =>
  r.pick([
    '',
    'x',
    controlInside(r, 'eyJhbGciOiJIUzUxMiJ9.e30.sig', HEADER_CONTROL_CHARS),
    'y'.repeat(10_000),
    'eyJhbGciOiJub25lIn0.eyJsb2dpbl91c2VyX2tleSI6IngifQ.',
  ]);
/** A query value with control characters, raw (percent-encoded) or in a broken encoding. */
const queryValue = (r: Rng, valid: string) =>
  r.chance(0.2) ? r.pick(BAD_ENCODINGS) + valid : encodeURIComponent(r.chance(0.5) ? withControls(r, valid) : String(brokenField(r, valid) ?? ''));

function apiCase(r: Rng, e: Env): FuzzCase {
  const post = (label: string, path: string, fields: Record<string, unknown>, headers?: Record<string, string>): FuzzCase => ({
    label,
    method: 'POST',
    path,
    headers,
    ...body(r, fields),
  });
  const cases: (() => FuzzCase)[] = [
    // Guards that hold whatever else is broken: an unknown user name (never "admin", so no retry counter moves) …
    () =>
      post('login', '/login', {
        username: r.pick([controlInside(r, ADMIN.userName), brokenField(r, 'nobody')]),
        password: brokenField(r, ADMIN.password),
        code: brokenField(r, ''),
        uuid: brokenField(r, ''),
      }),
    // … a bindId that was never issued …
    () =>
      post('bind/login', '/auth/bind/login', {
        bindId: unknownId(r),
        username: r.pick([ADMIN.userName, brokenField(r, 'admin')]),
        password: brokenField(r, 'x'),
      }),
    () =>
      post('bind/register', '/auth/bind/register', {
        bindId: unknownId(r),
        username: brokenField(r, 'newuser'),
        password: brokenField(r, 'secret-1'),
        phonenumber: brokenField(r, '13600136000'),
      }),
    // … no SMS code was ever sent …
    () =>
      post('sms/login', '/auth/sms/login', { phonenumber: brokenField(r, '13800138000'), smsCode: brokenField(r, '123456'), sourceType: brokenField(r, '1') }),
    // … codes and tokens mock-wechat never issued.
    () =>
      post('mobileLogin', '/wechat/mobileLogin', {
        code: brokenField(r, 'abc'),
        accessToken: brokenField(r, 'tok'),
        openId: brokenField(r, 'oid'),
        unionId: brokenField(r, 'uid'),
      }),
    () => post('miniLogin', '/wechat/miniLogin', { phoneCode: brokenField(r, 'pc'), code: r.chance(0.5) ? brokenField(r, 'jc') : undefined }),
    () =>
      post(
        'wechat/bind',
        '/wechat/bind',
        {
          sourceClient: r.pick(['wechat_open_mobile', 'wechat_open_mini_program', brokenField(r, 'wechat_open_mobile')]),
          code: brokenField(r, 'c'),
          openId: brokenField(r, 'o'),
          unionId: brokenField(r, 'u'),
        },
        auth(r.chance(0.7) ? e.admin : badToken(r)),
      ),
    // verifyType 1 would count a wrong password; 2 with a phone that is not the admin's refuses first.
    () =>
      post(
        'cancelBind',
        '/wechat/cancelBind',
        { verifyType: r.pick(['', '3', '2', brokenField(r, '2')]), userPhone: controlInside(r, '15888888888'), smsCode: brokenField(r, '123456') },
        auth(r.chance(0.7) ? e.admin : badToken(r)),
      ),
    () => post('logout', '/logout', {}, auth(badToken(r))),
    () =>
      post(
        'platform add',
        '/iot/platform',
        {
          platform: r.pick(['wechat_open_web', brokenField(r, 'wechat_open_web')]),
          status: brokenField(r, '0'),
          redirectUri: controlInside(r, '/auth/callback/wechat_open_web'),
        },
        auth(r.chance(0.8) ? e.admin : badToken(r)),
      ),
    () => ({
      ...post(
        'platform edit',
        '/iot/platform',
        r.chance(0.5)
          ? { socialPlatformId: r.pick([0, -1, 999, 'x', null, [1], 1.5]), status: '1' }
          : {
              socialPlatformId: 1,
              [r.pick(['redirectUri', 'bindUri', 'redirectLoginUri', 'errorMsgUri'])]: r.pick([
                controlInside(r, '/login?bindId='),
                `/${r.pick(['\\', '\t', '//'])}evil.example/`,
                'https://evil.example/',
                'javascript:alert(1)',
                `http://127.0.0.1:1${controlInside(r, '/x')}`,
              ]),
            },
        auth(r.chance(0.8) ? e.admin : badToken(r)),
      ),
      method: 'PUT',
    }),
    () => ({
      label: 'platform delete',
      method: 'DELETE',
      path: `/iot/platform/${r.pick(['abc', '999', '1,x', '%00', '', ',', encodeURIComponent(controlInside(r, '12'))])}`,
      headers: auth(r.chance(0.8) ? e.admin : badToken(r)),
    }),
    () => ({
      label: 'platform list',
      method: 'GET',
      path: `/iot/platform/list?pageSize=${queryValue(r, '10')}&pageNum=${queryValue(r, '1')}&platform=${queryValue(r, 'wechat_open_web')}`,
      headers: auth(r.chance(0.8) ? e.admin : badToken(r)),
    }),
    () => ({
      label: 'token reads',
      method: 'GET',
      path: r.pick(['/getInfo', '/system/user/profile', '/wechat/getWxBindQr', '/iot/platform/1']),
      headers: auth(badToken(r)),
    }),
    () => ({
      label: 'getWxBindMsg',
      method: 'GET',
      path: `/wechat/getWxBindMsg?wxBindMsgId=${queryValue(r, 'a3f9')}`,
      headers: auth(r.chance(0.7) ? e.admin : badToken(r)),
    }),
    // Trimming a control character off an end would make a valid phone; inside one, never.
    () => ({
      label: 'smsLoginCaptcha',
      method: 'GET',
      path: `/notify/smsLoginCaptcha?phoneNumber=${r.chance(0.2) ? r.pick(BAD_ENCODINGS) : encodeURIComponent(r.pick([controlInside(r, '13800138000'), garbage(r), 'y'.repeat(5000), '1380013800', '中文']))}`,
    }),
    () => ({
      label: 'one-time ids',
      method: 'GET',
      path: `${r.pick(['/auth/login/', '/auth/checkBindId/', '/auth/getErrorMsg/'])}${encodeURIComponent(unknownId(r))}`,
    }),
    () => ({ label: 'captcha image', method: r.pick(['GET', 'POST']), path: '/captchaImage' }),
    () => ({
      label: 'wrong method',
      method: r.pick(['GET', 'PUT', 'DELETE', 'PATCH']),
      path: r.pick(['/login', '/auth/sms/login', '/wechat/miniLogin', '/wechat/mobileLogin', '/auth/bind/login']),
    }),
    () => ({
      label: 'unknown path',
      method: r.pick(['GET', 'POST']),
      path: r.pick(['/nope', '/auth/', '/wechat/', `/${encodeURIComponent(withControls(r, 'x'))}`, '/%ZZ', '/auth/%C3%28', '//login', '/..%2f..%2fetc']),
      headers: { accept: r.pick(['application/json', 'text/html']) },
    }),
    () => pageCase(r, e),
  ];
  return r.pick(cases)();
}

/** The pages and the redirects they answer with. */
function pageCase(r: Rng, e: Env): FuzzCase {
  const cases: (() => FuzzCase)[] = [
    () => ({
      label: 'login redirect',
      method: 'GET',
      path: `/login?redirect=${queryValue(r, '/user/profile')}`,
      headers: r.chance(0.6) ? { cookie: `Admin-Token=${e.admin}` } : undefined,
    }),
    () => ({ label: 'login page ids', method: 'GET', path: `/login?${r.pick(['loginId', 'bindId', 'errorId'])}=${queryValue(r, 'a3f9')}` }),
    () => ({
      label: 'profile',
      method: 'GET',
      path: `/user/profile?wxBindMsgId=${queryValue(r, 'a3f9')}`,
      headers: r.chance(0.5) ? { cookie: `Admin-Token=${r.chance(0.5) ? e.admin : encodeURIComponent(badToken(r))}` } : undefined,
    }),
    () => ({ label: 'error page', method: 'GET', path: `/error?msg=${queryValue(r, '<b>x</b>')}` }),
    () => ({
      label: 'render',
      method: 'GET',
      path: `/auth/render/${r.pick(['wechat_open_web', 'wechat_open_mobile', 'nope', encodeURIComponent(controlInside(r, 'wechat_open_web'))])}${r.chance(0.3) ? `?at_public_origin=${queryValue(r, '1')}` : ''}`,
    }),
    () => ({
      label: 'callback',
      method: 'GET',
      path: `/auth/callback/${r.pick(['wechat_open_web', 'wechat_open_web_bind', 'nope', encodeURIComponent(controlInside(r, 'wechat_open_web'))])}?code=${queryValue(r, 'abc')}&state=${queryValue(r, 'a3f9')}`,
    }),
    () => ({
      label: 'wxBind callback',
      method: 'GET',
      path: `/wechat/wxBind/callback?wxBindId=${queryValue(r, 'a3f9')}&code=${queryValue(r, 'abc')}&state=${queryValue(r, 'a3f9')}`,
    }),
  ];
  return r.pick(cases)();
}

function controlCase(r: Rng): FuzzCase {
  const json = (v: unknown) => JSON.stringify(v);
  const malformed = () => brokenControlBody(r);
  const cases: (() => FuzzCase)[] = [
    ...sharedControlCases(r),
    () => ({
      label: 'config',
      method: 'PATCH',
      path: '/__mock/config',
      body: r.pick([
        malformed(),
        json({ captchaEnabled: r.pick(['yes', 1, null, [], controlInside(r, 'true')]) }),
        json({ registerUser: r.pick(['no', 0, {}]) }),
        json({ smsResendSeconds: r.pick([-1, 1.5, '60', Number.POSITIVE_INFINITY, null]) }),
        json({ smsProvider: r.pick(['qq', 5, controlInside(r, 'aliyun'), ['aliyun']]) }),
      ]),
    }),
    () => ({ label: 'captcha answer', method: 'GET', path: `/__mock/captcha/${encodeURIComponent(unknownId(r))}` }),
    () => ({
      label: 'state',
      method: 'PUT',
      path: `/__mock/state${r.chance(0.3) ? '?dryRun=1' : ''}`,
      body: r.pick([
        malformed(),
        json({ format: controlInside(r, 'wxmock-state') }),
        json({ format: 'wxmock-state', schema: 'x', tables: {} }),
        json({ format: 'wxmock-state', schema: 2, tables: { [controlInside(r, 'sys_user')]: [] } }),
        json({ format: 'wxmock-state', schema: 2, tables: [] }),
      ]),
    }),
    () => ({
      label: 'unknown control',
      method: r.pick(['GET', 'POST', 'DELETE']),
      path: r.pick(['/__mock/nope', `/__mock/${encodeURIComponent(withControls(r, 'config'))}`, '/__mock/captcha/', '/__mock/faults/abc', '/__mock/%ZZ']),
    }),
  ];
  return r.pick(cases)();
}

const SAFE_LOCATION = /^[\x21-\x7e]*$/;

/** The state as exported, without what a failed page flow stores by design. */
async function state(url: string): Promise<Record<string, unknown[]>> {
  const s = (await new HttpClient(url).get<{ tables: Record<string, { key?: string }[]> }>('/__mock/state')).body;
  return { ...s.tables, kv: s.tables.kv!.filter((row) => !EPHEMERAL_KV.test(row.key ?? '')) };
}

describe(`reference-login bad input fuzz (seed ${FUZZ_SEED})`, () => {
  let w: LoginWorld;
  let env: Env;
  let before: Record<string, unknown[]>;

  beforeAll(async () => {
    w = await startLoginWorld();
    const admin = await w.adminToken();
    env = { admin, url: w.url, wechatUrl: w.wechat.url };
    // Interesting state: a bound mini-program account (its app token cached), a pending bind, a live session.
    const phoneCode = await w.code('lisi', 'mini', 'phone');
    expect((await w.browser().post('/wechat/miniLogin', { phoneCode, code: await w.code('lisi', 'mini', 'js') })).body.code).toBe(200);
    expect((await w.webLogin(w.browser(), 'wangwu')).kind).toBe('bindId');
    before = await state(w.url);
  });
  afterAll(async () => {
    await w?.stop();
  });

  it(`${API_CASES} malformed API and page requests: no 5xx, no internal error, AjaxResult on the API, redirects on the own origin`, async () => {
    for await (const { a, where } of fuzzCases(w.url, 'api', API_CASES, 0, (r) => apiCase(r, env))) {
      expect(a.status, `${where} -> ${a.status} ${a.raw.slice(0, 300)}`).toBeLessThan(500);
      expect(a.raw, where).not.toContain(MSG.internal);
      expect(a.raw, where).not.toMatch(/\bat [\w.<>]+ \(.*:\d+:\d+\)/);
      if (a.type.startsWith('application/json')) {
        const b = JSON.parse(a.raw);
        expect(typeof b.code === 'number' && typeof b.msg === 'string', `${where} -> ${a.raw.slice(0, 300)}`).toBe(true);
      } else {
        expect(a.type, `${where} -> ${a.status}`).toMatch(/^text\/html|^$/);
      }
    }
  });

  it("150 page requests: redirects never carry a control character or leave the own origin (or go to mock-wechat's QR page)", async () => {
    const r = prng(FUZZ_SEED ^ 0x5bd1e995);
    for (let i = 0; i < 150; i++) {
      const c = pageCase(r, env);
      const res = await new HttpClient(w.url).get(c.path, { headers: c.headers, signal: AbortSignal.timeout(10_000) });
      expect(res.status, `seed ${FUZZ_SEED} page case ${i}: ${c.path.slice(0, 200)}`).toBeLessThan(500);
      const loc = res.headers.get('location');
      if (loc === null) continue;
      const where = `seed ${FUZZ_SEED} redirect case ${i}: ${c.path.slice(0, 200)} -> ${JSON.stringify(loc)}`;
      expect(SAFE_LOCATION.test(loc), where).toBe(true);
      const target = new URL(loc, w.url);
      expect([new URL(w.url).origin, new URL(w.wechat.url).origin], where).toContain(target.origin);
    }
  });

  it(`${CONTROL_CASES} malformed control requests get {error:{code,message}} 4xx, a code of the control table with its status`, async () => {
    for await (const { a, where } of fuzzCases(w.url, 'control', CONTROL_CASES, 0x9e3779b9, (r) => controlCase(r))) {
      expectControlRefusal(a, where);
    }
  });

  it('leaves the state exactly as it was (but for stored error messages and OAuth states), and the admin still signs in', async () => {
    expect(await state(w.url)).toEqual(before);
    expect((await w.browser().post('/login', { username: ADMIN.userName, password: ADMIN.password })).body.code).toBe(200);
  });
});
