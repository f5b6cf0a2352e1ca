import { createHmac } from 'node:crypto';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APPS, JSON_TYPE, RID, SNS_TYPE, startTestMock, type Wx } from './test-support.ts';
import type { StartedMockWechat } from './app.ts';
import {
  breakValue,
  brokenControlBody,
  BROKEN_JSON,
  buildQuery,
  expectControlRefusal,
  FUZZ_SEED,
  fuzzCases,
  garbage,
  HUGE,
  INVALID_UTF8,
  WRONG_TYPES,
  sharedControlCases,
  type FuzzCase,
  type QueryValue,
  type Rng,
} from '../core/fuzz-support.ts';

/**
 * Malformed requests across the API and the control API: only WeChat-style errors (HTTP 200 +
 * {errcode, errmsg}) on API paths, only {error:{code,message}} 4xx on /__mock/, never a 5xx, and
 * the exported state unchanged. Seeded, so a failure reproduces: WXMOCK_FUZZ_SEED=<seed>.
 */
const API_CASES = 300;
const CONTROL_CASES = 160;

/** Live grants in the state, so the fuzz hits real codes and tokens with one part broken. */
interface Live {
  webCode: string;
  refreshToken: string;
  snsToken: string;
  webOpenid: string;
  jsCode: string;
  appToken: string;
  phoneCode: string;
  miniOpenid: string;
  signature: string;
  officialToken: string;
}

interface ApiTemplate {
  method: 'GET' | 'POST';
  path: string;
  /** query parameters and their valid values */
  query: Record<string, string>;
  /** a JSON body and its valid fields (POST endpoints) */
  body?: Record<string, unknown>;
  /** at least one of these is broken in every case, so no case can succeed and change the state */
  guards: string[];
}

function apiTemplates(l: Live): ApiTemplate[] {
  const { web, mini } = APPS;
  const sig = { access_token: l.appToken, openid: l.miniOpenid, signature: l.signature, sig_method: 'hmac_sha256' };
  return [
    {
      method: 'GET',
      path: '/sns/oauth2/access_token',
      query: { ...web, code: l.webCode, grant_type: 'authorization_code' },
      guards: ['appid', 'secret', 'code'],
    },
    {
      method: 'GET',
      path: '/sns/oauth2/refresh_token',
      query: { appid: web.appid, grant_type: 'refresh_token', refresh_token: l.refreshToken },
      guards: ['appid', 'refresh_token'],
    },
    { method: 'GET', path: '/sns/userinfo', query: { access_token: l.snsToken, openid: l.webOpenid, lang: 'zh_CN' }, guards: ['access_token', 'openid'] },
    { method: 'GET', path: '/sns/auth', query: { access_token: l.snsToken, openid: l.webOpenid }, guards: ['access_token', 'openid'] },
    {
      method: 'GET',
      path: '/sns/jscode2session',
      query: { ...mini, js_code: l.jsCode, grant_type: 'authorization_code' },
      guards: ['appid', 'secret', 'js_code'],
    },
    { method: 'GET', path: '/cgi-bin/token', query: { grant_type: 'client_credential', ...mini }, guards: ['grant_type', 'appid', 'secret'] },
    { method: 'GET', path: '/cgi-bin/ticket/getticket', query: { access_token: l.officialToken, type: 'jsapi' }, guards: ['access_token', 'type'] },
    { method: 'GET', path: '/wxa/checksession', query: sig, guards: ['access_token', 'openid', 'signature', 'sig_method'] },
    { method: 'GET', path: '/wxa/resetusersessionkey', query: sig, guards: ['access_token', 'openid', 'signature', 'sig_method'] },
    {
      method: 'POST',
      path: '/cgi-bin/stable_token',
      query: {},
      body: { grant_type: 'client_credential', ...mini, force_refresh: false },
      guards: ['grant_type', 'appid', 'secret'],
    },
    {
      method: 'POST',
      path: '/wxa/business/getuserphonenumber',
      query: { access_token: l.appToken },
      body: { code: l.phoneCode },
      guards: ['access_token', 'code'],
    },
  ];
}

function apiCase(r: Rng, l: Live): FuzzCase {
  const roll = r.int(20);
  // Wrong methods and unknown paths under the API.
  if (roll === 0) {
    const t = r.pick(apiTemplates(l));
    // Every GET endpoint takes POST too (docs/wire/wechat-requests.md): only the others are wrong.
    const method = r.pick(t.method === 'POST' ? ['GET', 'PUT', 'DELETE', 'PATCH'] : ['PUT', 'DELETE', 'PATCH', 'OPTIONS']);
    const path = `${t.path}?${buildQuery(Object.entries(t.query).map(([k, v]) => [k, { text: v }]))}`;
    return {
      label: `wrong method ${method} ${t.path}`,
      method,
      path,
      body: method === 'GET' || method === 'OPTIONS' ? undefined : JSON.stringify(t.body ?? {}),
    };
  }
  if (roll === 1) {
    // Not /favicon.ico: a browser's own requests are answered as a web server does (docs/architecture.md).
    const path = r.pick([
      '/sns/',
      '/sns/oauth2',
      '/sns/oauth2/access_token/',
      '//sns//auth',
      '/cgi-bin/token/x',
      '/wxa/business/',
      '/wxa/%ZZ',
      '/sns/%C3%28',
      `/${garbage(r, 12).replace(/[?#%\\]/g, '')}`,
      '/cgi-bin/..%2f..%2fetc',
    ]);
    return { label: `unknown path ${path}`, method: r.pick(['GET', 'POST']), path };
  }
  const t = r.pick(apiTemplates(l));
  const bodyKeys = Object.keys(t.body ?? {});
  const inBody = (k: string) => bodyKeys.includes(k);
  // Choose what to break: at least one guard, sometimes more fields.
  const broken = new Set<string>([r.pick(t.guards)]);
  for (const k of [...Object.keys(t.query), ...bodyKeys]) if (r.chance(0.25)) broken.add(k);
  let hugeUsed = false;

  const pairs: [string, QueryValue][] = [];
  for (const [k, v] of Object.entries(t.query)) {
    if (!broken.has(k)) {
      pairs.push([k, { text: v }]);
      continue;
    }
    let b = breakValue(r, v);
    if (b && 'text' in b && b.text === HUGE) {
      if (hugeUsed) b = { text: garbage(r) };
      hugeUsed = true;
    }
    const style = r.int(4);
    if (style === 0 && b)
      pairs.push([k, b], [k, { text: v }]); // the first value counts
    else if (style === 1)
      pairs.push([`${k}[]`, { text: v }]); // array-style name
    else if (b) pairs.push([k, b]);
  }
  for (let i = r.int(4); i > 0; i--)
    pairs.push([r.pick(['foo', 'callback', '__proto__', 'constructor', 'x'.repeat(100), '', '中文', 'access_token']), { text: garbage(r, 20) }]);
  // Extras after the real ones: a repeated name keeps the first value, so they cannot mend a guard.
  let body: string | Uint8Array | undefined;
  let contentType: string | undefined = 'application/json';
  let method: string = t.method;
  // The form endpoints as POST: some names (each with all its values) move to a form body, which is
  // sometimes over the size limit or sent under another Content-Type (then it is not read at all).
  if (t.method === 'GET' && !t.path.startsWith('/wxa/') && r.chance(0.3)) {
    method = 'POST';
    const moved = new Set(pairs.map(([k]) => k).filter(() => r.chance(0.5)));
    body = buildQuery(pairs.filter(([k]) => moved.has(k)));
    pairs.splice(0, pairs.length, ...pairs.filter(([k]) => !moved.has(k)));
    if (r.chance(0.1)) body = `${body}&pad=${'p'.repeat(70_000)}`;
    contentType = r.chance(0.85) ? 'application/x-www-form-urlencoded' : r.pick(['application/json', 'text/plain', 'multipart/form-data; boundary=x']);
  }
  const query = buildQuery(pairs);
  if (t.body) {
    const bodyBroken = [...broken].filter(inBody);
    if (bodyBroken.length && r.chance(0.35)) {
      body = r.pick([...BROKEN_JSON, INVALID_UTF8, 'HUGE']) as string | Uint8Array;
      if (body === 'HUGE') body = JSON.stringify({ ...t.body, [bodyBroken[0]!]: 'x'.repeat(1_000_000) });
    } else {
      const obj: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(t.body)) {
        if (!broken.has(k)) {
          obj[k] = v;
          continue;
        }
        const how = r.int(4);
        if (how === 0) continue;
        obj[k] = how === 1 ? r.pick(WRONG_TYPES(v)) : how === 2 ? garbage(r) : 'y'.repeat(100_000);
      }
      if (r.chance(0.3)) obj[r.pick(['extra', '__proto__', 'constructor', 'force_refresh', ''])] = r.pick([garbage(r), 1, [], {}, null]);
      body = JSON.stringify(obj);
    }
    if (r.chance(0.2)) contentType = r.pick(['application/x-www-form-urlencoded', 'text/plain', 'application/octet-stream', 'multipart/form-data; boundary=x']);
  }
  return { label: `${method} ${t.path} broken: ${[...broken].join(',')}`, method, path: query ? `${t.path}?${query}` : t.path, body, contentType };
}

function controlCase(r: Rng): FuzzCase {
  const notString = () => r.pick([0, -1, 1.5, 1e308, true, [], ['a'], {}, { a: 1 }]);
  const notNumber = () => r.pick(['1', '', 'abc', [], {}, [1], -1, -1e9, 'NaN']);
  const json = (v: unknown) => JSON.stringify(v);
  const malformed = () => brokenControlBody(r);
  const existingApp = () => r.pick(['web', 'web-bind', 'mobile', 'mini', 'mobile-standard', APPS.mini.appid]);
  const cases: (() => FuzzCase)[] = [
    ...sharedControlCases(r),
    () => ({
      label: 'accounts bad body',
      method: 'POST',
      path: '/__mock/accounts',
      body: r.pick([
        malformed(),
        json({ id: notString() }),
        json({ id: r.pick(['a b', '../x', 'x'.repeat(65), '中文', '']) }),
        json({ id: 'default' }),
        json({ id: 'fuzz-new', name: notString() }),
      ]),
    }),
    () => ({
      label: 'account patch',
      method: 'PATCH',
      path: `/__mock/accounts/${r.pick(['default', 'dcloud', 'nope'])}`,
      body: r.pick([malformed(), json({ name: r.pick([notString(), '']) })]),
    }),
    () => ({
      label: 'apps create',
      method: 'POST',
      path: '/__mock/apps',
      body: r.pick([
        malformed(),
        json({ appid: r.pick([notString(), 'a', 'has space', 'x'.repeat(65), '中文appid']), type: 'web' }),
        json({ appid: 'wxfuzz000000000001', type: r.pick([notString(), 'desktop', '']) }),
        json({ appid: 'wxfuzz000000000001', type: 'web', account: r.pick([notString(), 'no-such-account']) }),
        json({ appid: 'wxfuzz000000000001', type: 'miniprogram', [r.pick(['phoneFreeQuota', 'phonePrice'])]: notNumber() }),
        json({ appid: 'wxfuzz000000000001', type: 'miniprogram', phoneCallLimit: r.pick([1.5, -1, 'x', {}]) }),
        json({ appid: 'wxfuzz000000000001', type: 'web', ipWhitelist: r.pick(['10.0.0.1', [1], {}, true]) }),
        json({ appid: 'wxfuzz000000000001', type: 'mobile', base: r.pick(['weird', 1, {}]) }),
        json({ appid: 'wxfuzz000000000001', type: 'web', [r.pick(['secret', 'name', 'key', 'callbackDomain'])]: r.pick([1, true, [], {}, 'x'.repeat(300)]) }),
        json({ appid: APPS.web.appid, type: 'web' }),
        json({ appid: 'wxfuzz000000000001', type: 'web', key: 'mini' }),
      ]),
    }),
    () => ({
      label: 'apps patch',
      method: 'PATCH',
      path: `/__mock/apps/${r.pick([existingApp(), 'nope', '%ZZ', '%C3%28'])}`,
      body: r.pick([
        malformed(),
        json({ appid: 'wxother00000000000' }),
        json({ type: r.pick(['desktop', 5]) }),
        json({ account: r.pick([notString(), 'no-such-account']) }),
        json({ phoneFreeQuota: notNumber() }),
        json({ phonePrice: notNumber() }),
        json({ phoneCallLimit: r.pick([1.5, -1, 'x']) }),
        json({ key: r.pick(['web', 'mini', 5, '']) }),
        json({ name: r.pick([5, '', [], 'n'.repeat(300)]) }),
        json({ callbackDomain: r.pick([5, [], {}]) }),
      ]),
    }),
    () => ({
      label: 'personas create',
      method: 'POST',
      path: '/__mock/personas',
      body: r.pick([
        malformed(),
        json({ id: r.pick([notString(), '', 'a b', 'x'.repeat(65)]) }),
        json({ id: 'zhangsan' }),
        json({ id: 'fuzz-p', nickname: r.pick([notString(), '', 'n'.repeat(65)]) }),
        json({ id: 'fuzz-p', sex: r.pick([3, -1, 'x', [1], true, 1.5]) }),
        json({ id: 'fuzz-p', phone: r.pick(['abc', 123, '1234', '+8613800138000', 'x'.repeat(20)]) }),
        json({ id: 'fuzz-p', countryCode: r.pick([86, 'abcd', '12345', '']) }),
        json({ id: 'fuzz-p', risky: r.pick(['yes', 1, null, []]) }),
        json({ id: 'fuzz-p', [r.pick(['openids', 'unionids'])]: r.pick(['x', [], { a: 'short' }, { a: 5 }, { a: 'has space inside' }]) }),
        json({ id: 'fuzz-p', [r.pick(['province', 'city', 'country', 'language', 'avatar'])]: r.pick([5, [], {}, true, 'x'.repeat(600)]) }),
      ]),
    }),
    () => ({
      label: 'personas patch',
      method: 'PATCH',
      path: `/__mock/personas/${r.pick(['zhangsan', 'lisi', 'risky', 'nobody', '%ZZ'])}`,
      body: r.pick([
        malformed(),
        json({ nickname: r.pick([5, '', [], 'n'.repeat(65)]) }),
        json({ sex: r.pick([9, 'x', {}]) }),
        json({ phone: r.pick(['12', 'abc', 5]) }),
        json({ openids: r.pick(['x', { [APPS.web.appid]: 'bad id!' }]) }),
        json({ risky: 'true' }),
      ]),
    }),
    () => ({
      label: 'world put',
      method: 'PUT',
      path: '/__mock/world',
      body: r.pick([
        malformed(),
        json({ accounts: r.pick([5, 'x', {}, [null], [5]]) }),
        json({ apps: r.pick([5, {}, [{ appid: 'x' }], [{ appid: 'wxfuzz000000000002', type: 'nope' }]]) }),
        json({ personas: r.pick([5, {}, [{ id: '' }], [null]]) }),
        json({ seed: r.pick([5, {}, '', []]) }),
        json({ apps: [{ appid: 'wxfuzz000000000003', type: 'web' }], personas: [{ id: 'ok' }, { id: 'bad id' }] }),
      ]),
    }),
    () => ({
      label: 'options patch',
      method: 'PATCH',
      path: '/__mock/options',
      body: r.pick([
        malformed(),
        json({ nope: 1 }),
        json({ snsContentType: r.pick(['xml', 1, null]) }),
        json({ refusal: 'maybe' }),
        json({ expiredCodeErrcode: r.pick([40030, '40029']) }),
        json({
          [r.pick(['webCodeTtlSeconds', 'jsCodeTtlSeconds', 'snsTokenTtlSeconds', 'refreshTokenTtlDays', 'appTokenTtlSeconds'])]: r.pick([
            0,
            -1,
            'x',
            1e12,
            [],
            null,
          ]),
        }),
        json({ avatarBase: r.pick([5, [], {}]) }),
        json({ snsContentType: 'text', nope: true }),
      ]),
    }),
    () => ({
      label: 'state put',
      method: 'PUT',
      path: '/__mock/state',
      body: r.pick([
        malformed(),
        json({ format: 'other' }),
        json({ format: 'wxmock-state', schema: 'x', tables: {} }),
        json({ format: 'wxmock-state', schema: 1, tables: 5 }),
      ]),
    }),
    () => ({
      label: 'client plays',
      method: 'POST',
      path: r.pick(['/__mock/codes', '/__mock/sdk/auth', '/__mock/miniprogram/login', '/__mock/miniprogram/phone']),
      body: r.pick([
        malformed(),
        json({ appid: r.pick([notString(), 'nope']), persona: 'zhangsan' }),
        json({ appid: 'mini', persona: r.pick([notString(), 'nobody']) }),
      ]),
    }),
    () => ({
      label: 'client wrong app type',
      method: 'POST',
      path: r.pick(['/__mock/sdk/auth', '/__mock/miniprogram/login', '/__mock/miniprogram/phone']),
      body: json({ appid: 'web', persona: 'zhangsan' }),
    }),
    () =>
      r.chance(0.5)
        ? {
            label: 'code of a wrong kind',
            method: 'POST',
            path: '/__mock/codes',
            body: json({ appid: 'web', persona: 'zhangsan', kind: r.pick(['js', 'phone', 'x', 5]) }),
          }
        : {
            label: 'sdk auth bad result',
            method: 'POST',
            path: '/__mock/sdk/auth',
            body: json({ appid: 'mobile', persona: 'zhangsan', result: r.pick(['maybe', 5, {}]) }),
          },
    () => ({ label: 'phone without phone', method: 'POST', path: '/__mock/miniprogram/phone', body: json({ appid: 'mini', persona: 'wangwu' }) }),
    () => ({
      label: 'delete missing or built in',
      method: 'DELETE',
      path: r.pick([
        '/__mock/accounts/nope',
        '/__mock/accounts/default',
        '/__mock/accounts/dcloud',
        '/__mock/apps/nope',
        '/__mock/apps/dcloud-hbuilder',
        '/__mock/personas/nobody',
        '/__mock/faults/999999',
        '/__mock/faults/abc',
        '/__mock/faults/%ZZ',
      ]),
    }),
    () => ({
      label: 'read missing',
      method: 'GET',
      path: r.pick(['/__mock/accounts/nope', '/__mock/apps/nope', '/__mock/personas/nobody', '/__mock/apps/%C3%28', '/__mock/personas/%E0%A4%A']),
    }),
    () => ({
      label: 'wrong control method',
      method: r.pick(['PUT', 'DELETE', 'PATCH']),
      path: r
        .pick([
          '/__mock/accounts',
          '/__mock/world',
          '/__mock/options',
          '/__mock/clock',
          '/__mock/billing',
          '/__mock/sdk/auth',
          '/__mock/codes',
          '/__mock/miniprogram/login',
          '/__mock/reset',
        ])
        .replace(/^\/__mock\/(world|options)$/, (m) => (r.chance(0.5) ? m : m)),
    }),
    () => ({
      label: 'unknown control path',
      method: r.pick(['GET', 'POST']),
      path: r.pick([
        '/__mock',
        '/__mock/nope',
        '/__mock/accounts/a/b',
        '/__mock/%ZZ',
        `/__mock/${garbage(r, 10).replace(/[?#%\\/]/g, '')}x`,
        '/__mock/apps/web/extra',
      ]),
    }),
  ];
  const c = r.pick(cases)();
  // These would be valid on those paths: keep the wrong-method case wrong.
  if (c.label === 'wrong control method' && ((c.method === 'PUT' && c.path === '/__mock/world') || (c.method === 'PATCH' && c.path === '/__mock/options')))
    c.method = 'DELETE';
  return c;
}

/** Everything but the journal (history, not state). */
const snapshot = async (wx: Wx) => (await wx.control('GET', '/state')).tables as Record<string, unknown[]>;

describe(`bad input fuzz (seed ${FUZZ_SEED})`, () => {
  let mock: StartedMockWechat;
  let wx: Wx;
  let live: Live;
  let before: Record<string, unknown[]>;

  beforeAll(async () => {
    ({ mock, wx } = await startTestMock());
    // Interesting state: live codes and tokens of every kind, a queued fault elsewhere, a moved clock.
    const tok = await wx.login(APPS.web, 'zhangsan');
    const session = await wx.miniLogin('lisi');
    live = {
      webCode: await wx.code('web', 'zhangsan'),
      refreshToken: tok.refresh_token,
      snsToken: tok.access_token,
      webOpenid: tok.openid,
      jsCode: (await wx.control('POST', '/miniprogram/login', { appid: 'mini', persona: 'zhangsan' })).code,
      appToken: await wx.appToken(),
      phoneCode: (await wx.control('POST', '/miniprogram/phone', { appid: 'mini', persona: 'lisi' })).code,
      miniOpenid: session.openid,
      signature: createHmac('sha256', session.session_key).update('').digest('hex'),
      officialToken: await wx.appToken(APPS.official),
    };
    await wx.control('POST', '/faults', { endpoint: '/sns/never-called', errcode: -1 });
    await wx.advance(10);
    before = await snapshot(wx);
  });
  afterAll(async () => {
    await mock?.stop();
  });

  it(`${API_CASES} malformed API requests get HTTP 200 + {errcode, errmsg}, never a crash`, async () => {
    for await (const { a, where, c } of fuzzCases(wx.url, 'api', API_CASES, 0, (r) => apiCase(r, live))) {
      expect(a.status, where).toBe(200);
      expect(a.type, where).toBe(c.path.startsWith('/sns/') ? SNS_TYPE : JSON_TYPE);
      const body = JSON.parse(a.raw);
      expect(Object.keys(body), `${where} -> ${a.raw}`).toEqual(['errcode', 'errmsg']);
      expect(Number.isInteger(body.errcode) && body.errcode !== 0, `${where} -> ${a.raw}`).toBe(true);
      // No fault is queued for these paths, so -1 could only be a crash caught by onError.
      expect(body.errcode, `${where} -> ${a.raw}`).not.toBe(-1);
      expect(body.errmsg, where).toMatch(RID);
    }
  });

  it(`${CONTROL_CASES} malformed control requests get {error:{code,message}} 4xx, a code of the control table with its status`, async () => {
    for await (const { a, where } of fuzzCases(wx.url, 'control', CONTROL_CASES, 0x9e3779b9, (r) => controlCase(r))) {
      expectControlRefusal(a, where);
    }
  });

  it('raw invalid bytes in the request line are refused by the HTTP parser with a 400, not a 5xx', async () => {
    const reply = await new Promise<string>((resolve, reject) => {
      const s = connect(mock.server.port, '127.0.0.1', () =>
        s.end(
          Buffer.concat([
            Buffer.from('GET /sns/auth?openid='),
            Buffer.from([0xff, 0xfe, 0xc3, 0x28]),
            Buffer.from(' HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'),
          ]),
        ),
      );
      let out = '';
      s.on('data', (d) => (out += d.toString('latin1')));
      s.on('end', () => resolve(out));
      s.on('error', reject);
    });
    expect(reply).toMatch(/^HTTP\/1\.1 400 /);
  });

  it('leaves the exported state exactly as it was (the journal aside), and the mock still serves', async () => {
    expect(await snapshot(wx)).toEqual(before);
    expect((await wx.exchange(APPS.web, live.webCode)).body.openid).toBe(live.webOpenid);
  });
});
