import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { ControlCode } from '../core/control-errors.ts';
import { expectControlError } from '../core/control-test-support.ts';
import { APPS, expectWxError, startTestMock, useMock } from './test-support.ts';
import { defaultApps } from './world/default-world.ts';

const t = useMock();
const { web, mini } = APPS;

describe('POST /__mock/reset', () => {
  it('brings back the default world and drops codes, tokens, faults, options, clock and journal', async () => {
    const code = await t.wx.code('web', 'zhangsan');
    const tok = await t.wx.login(web, 'lisi');
    await t.wx.control('POST', '/personas', { id: 'temp' });
    await t.wx.control('DELETE', '/personas/zhangsan');
    await t.wx.control('PATCH', '/options', { snsContentType: 'json' });
    await t.wx.control('POST', '/faults', { endpoint: '*', errcode: -1, times: 5 });
    await t.wx.advance(1000);
    expect(await t.wx.control('POST', '/reset')).toEqual({ reset: true });
    const w = await t.wx.control('GET', '/world');
    expect(w.personas.map((p: { id: string }) => p.id)).toEqual(['zhangsan', 'lisi', 'wangwu', 'zhaoliu', 'risky']);
    expect((await t.wx.control('GET', '/faults')).faults).toEqual([]);
    expect((await t.wx.control('GET', '/clock')).offsetMs).toBe(0);
    expect((await t.wx.control('GET', '/options')).snsContentType).toBe('text');
    expect((await t.wx.control('GET', '/journal')).entries).toEqual([]);
    expectWxError(await t.wx.exchange(web, code), 40029);
    expectWxError(await t.wx.get('/sns/auth', { query: { access_token: tok.access_token, openid: tok.openid } }), 40001);
  });
});

describe('request journal', () => {
  it('records API calls with secrets masked: no appsecret or session_key appears', async () => {
    const token = await t.wx.appToken();
    await t.wx.post('/cgi-bin/stable_token', { grant_type: 'client_credential', ...mini });
    const session = await t.wx.miniLogin('zhangsan');
    const signature = createHmac('sha256', session.session_key).update('').digest('hex');
    const reset = await t.wx.get('/wxa/resetusersessionkey', { query: { access_token: token, openid: session.openid, signature, sig_method: 'hmac_sha256' } });
    await t.wx.login(web, 'zhangsan');
    await t.wx.control('POST', '/miniprogram/phone', { appid: 'mini', persona: 'zhangsan' });
    const journal = await t.wx.get('/__mock/journal', { query: { limit: 100 } });
    const paths = journal.body.entries.map((e: { path: string }) => e.path);
    for (const p of [
      '/cgi-bin/token',
      '/cgi-bin/stable_token',
      '/sns/jscode2session',
      '/wxa/resetusersessionkey',
      '/sns/oauth2/access_token',
      '/__mock/miniprogram/phone',
    ])
      expect(paths).toContain(p);
    for (const secret of defaultApps.map((a) => a.secret)) expect(journal.raw).not.toContain(secret);
    expect(journal.raw).not.toContain(session.session_key);
    expect(journal.raw).not.toContain(reset.body.session_key);
    const tokenCall = journal.body.entries.find((e: { path: string }) => e.path === '/cgi-bin/token');
    expect(tokenCall.query).toContain(`secret=${mini.secret.slice(0, 3)}****${mini.secret.slice(-2)}`);
    expect(tokenCall).toMatchObject({ method: 'GET', status: 200, appid: mini.appid });
    const c2s = journal.body.entries.find((e: { path: string }) => e.path === '/sns/jscode2session');
    expect(c2s.response.body.session_key).toMatch(/^.{3}\*{4}.{2}$/);
    expect(c2s.response.body.openid).toBe(session.openid);
    // Control calls are not journaled.
    expect(paths.some((p: string) => p === '/__mock/journal' || p === '/__mock/codes')).toBe(false);
  });

  it('filters by path, appid and since, limits, and clears', async () => {
    await t.wx.appToken();
    await t.wx.login(web, 'zhangsan');
    const { nowMs } = await t.wx.advance(60);
    await t.wx.exchange(web, 'late-bad-code');
    const byPath = (await t.wx.control('GET', '/journal?path=/sns/oauth2')).entries;
    expect(byPath).toHaveLength(2);
    const byAppid = (await t.wx.control('GET', `/journal?appid=${mini.appid}`)).entries;
    expect(byAppid.map((e: { path: string }) => e.path)).toEqual(['/cgi-bin/token']);
    const since = (await t.wx.control('GET', `/journal?since=${nowMs}`)).entries;
    expect(since).toHaveLength(1);
    expect(since[0].response.body.errcode).toBe(40029);
    expect((await t.wx.control('GET', `/journal?since=${new Date(nowMs).toISOString()}`)).entries).toHaveLength(1);
    expect((await t.wx.control('GET', '/journal?limit=1')).entries).toHaveLength(1);
    expect(await t.wx.control('DELETE', '/journal')).toEqual({ cleared: true });
    expect((await t.wx.control('GET', '/journal')).entries).toEqual([]);
  });
});

describe('fault injection', () => {
  it('-1 then 45011 on /sns/oauth2/access_token for two calls, then normal (the code is not used up)', async () => {
    await t.wx.control('POST', '/faults', { endpoint: '/sns/oauth2/access_token', errcode: -1 });
    await t.wx.control('POST', '/faults', { endpoint: '/sns/oauth2/access_token', errcode: 45011 });
    expect((await t.wx.control('GET', '/faults')).faults).toHaveLength(2);
    const code = await t.wx.code('web', 'zhangsan');
    expectWxError(await t.wx.exchange(web, code), -1, 'system error');
    expectWxError(await t.wx.exchange(web, code), 45011, 'api minute-quota reach limit mustslower retry next minute');
    expect((await t.wx.exchange(web, code)).body.access_token).toBeTypeOf('string');
    expect((await t.wx.control('GET', '/faults')).faults).toEqual([]);
  });

  it('fires `times` times, only for the persona it names, and leaves other endpoints alone', async () => {
    await t.wx.control('POST', '/faults', { endpoint: '/sns/jscode2session', errcode: 40226, persona: 'lisi', times: 2 });
    expect((await t.wx.miniLogin('zhangsan')).openid).toBeTypeOf('string');
    const lisi = async () => {
      const { code } = await t.wx.control('POST', '/miniprogram/login', { appid: 'mini', persona: 'lisi' });
      return t.wx.get('/sns/jscode2session', { query: { ...mini, js_code: code, grant_type: 'authorization_code' } });
    };
    expect((await t.wx.appToken()).length).toBeGreaterThan(0);
    expectWxError(await lisi(), 40226, 'code blocked');
    expect((await t.wx.control('GET', '/faults')).faults[0].remaining).toBe(1);
    expectWxError(await lisi(), 40226);
    expect((await lisi()).body.session_key).toBeTypeOf('string');
  });

  it('answers an HTTP status instead of a body, or holds the answer back, or uses a given errmsg', async () => {
    await t.wx.control('POST', '/faults', { endpoint: '/cgi-bin/token', httpStatus: 503 });
    const failed = await t.wx.get('/cgi-bin/token', { query: { grant_type: 'client_credential', ...mini } });
    expect(failed.status).toBe(503);
    expect((await t.wx.get('/cgi-bin/token', { query: { grant_type: 'client_credential', ...mini } })).status).toBe(200);

    await t.wx.control('POST', '/faults', { endpoint: '/cgi-bin/*', delayMs: 300 });
    const started = Date.now();
    const slow = await t.wx.get('/cgi-bin/token', { query: { grant_type: 'client_credential', ...mini } });
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    expect(slow.body.access_token).toBeTypeOf('string');

    await t.wx.control('POST', '/faults', {
      endpoint: '*',
      errcode: 40164,
      errmsg: 'invalid ip 1.2.3.4 ipv6 ::ffff:1.2.3.4, not in whitelist rid: 6601c0de-1a2b3c4d-5e6f7a8b',
    });
    expect((await t.wx.get('/cgi-bin/token', { query: { grant_type: 'client_credential', ...mini } })).body).toEqual({
      errcode: 40164,
      errmsg: 'invalid ip 1.2.3.4 ipv6 ::ffff:1.2.3.4, not in whitelist rid: 6601c0de-1a2b3c4d-5e6f7a8b',
    });
  });

  it('can be listed, removed one by one, cleared; bad faults are refused', async () => {
    const f = await t.wx.control('POST', '/faults', { endpoint: '/sns/userinfo', errcode: 42001, times: 3 });
    expect(f).toMatchObject({ endpoint: '/sns/userinfo', action: { errcode: 42001 }, remaining: 3 });
    expect(await t.wx.control('DELETE', `/faults/${f.id}`)).toEqual({ deleted: true });
    await t.wx.control('POST', '/faults', { endpoint: '*', errcode: -1 });
    expect(await t.wx.control('DELETE', '/faults')).toEqual({ cleared: true });
    expect((await t.wx.control('GET', '/faults')).faults).toEqual([]);
    const bad: [unknown, ControlCode][] = [
      [{}, 'missing_endpoint'],
      [{ endpoint: '*' }, 'missing_action'],
      [{ endpoint: '*', errcode: 'x' }, 'invalid_field'],
      [{ endpoint: '*', httpStatus: 200 }, 'bad_http_status'],
      [{ endpoint: '*', delayMs: -1 }, 'bad_delay'],
      [{ endpoint: '*', errcode: 1, times: 0 }, 'bad_times'],
      ['{"endpoint":', 'bad_json'],
    ];
    for (const [body, code] of bad) expectControlError(await t.wx.post('/__mock/faults', body), code);
    expectControlError(await t.wx.request('DELETE', '/__mock/faults/999'), 'not_found');
  });
});

describe('clock', () => {
  it('reads, advances by seconds or ms, sets an offset; refuses garbage and absurd offsets', async () => {
    const c0 = await t.wx.control('GET', '/clock');
    expect(c0.offsetMs).toBe(0);
    expect(Math.abs(c0.nowMs - Date.now())).toBeLessThan(2000);
    expect((await t.wx.advance(90)).offsetMs).toBe(90_000);
    expect((await t.wx.control('POST', '/clock', { advanceMs: 500 })).offsetMs).toBe(90_500);
    expect((await t.wx.control('POST', '/clock', { offsetMs: 0 })).offsetMs).toBe(0);
    for (const bad of [{}, { advanceSeconds: 'soon' }, { offsetMs: 1e300 }, { advanceSeconds: 1e15 }]) {
      const r = await t.wx.post('/__mock/clock', bad);
      expect(r.status, JSON.stringify(bad)).toBe(400);
    }
    expect((await t.wx.control('GET', '/clock')).offsetMs).toBe(0);
  });
});

describe('state export / import', () => {
  it('exports the whole state; after changes, importing the export brings the old state back', async () => {
    await t.wx.login(web, 'zhangsan');
    await t.wx.miniLogin('lisi');
    const saved = await t.wx.control('GET', '/state');
    expect(saved.format).toBe('wxmock-state');
    expect(Object.keys(saved.tables)).toEqual(
      expect.arrayContaining(['accounts', 'apps', 'personas', 'codes', 'sns_tokens', 'session_keys', 'settings', 'faults']),
    );
    expect(saved.tables.journal).toBeUndefined();

    const code = await t.wx.code('web', 'wangwu');
    await t.wx.control('POST', '/personas', { id: 'newcomer' });
    await t.wx.control('PATCH', '/apps/mini', { phoneFreeQuota: 2 });
    await t.wx.control('PATCH', '/options', { snsContentType: 'json' });
    await t.wx.control('POST', '/faults', { endpoint: '*', errcode: -1 });
    await t.wx.advance(3600);
    expect(await t.wx.control('GET', '/state')).not.toEqual(saved);

    expect(await t.wx.control('PUT', '/state', saved)).toEqual({ imported: true });
    expect(await t.wx.control('GET', '/state')).toEqual(saved);
    // The running mock follows the imported state, caches included.
    expect((await t.wx.control('GET', '/clock')).offsetMs).toBe(0);
    expect((await t.wx.control('GET', '/options')).snsContentType).toBe('text');
    expectControlError(await t.wx.request('GET', '/__mock/personas/newcomer'), 'not_found');
    expectWxError(await t.wx.exchange(web, code), 40029);
    expect((await t.wx.login(web, 'zhangsan')).openid).toBeTypeOf('string');
  });

  it('refuses a malformed import with 4xx and keeps the state', async () => {
    const saved = await t.wx.control('GET', '/state');
    const bad = [
      'not json',
      { format: 'other' },
      { ...saved, schema: 999 },
      { ...saved, tables: { nope: [] } },
      { ...saved, tables: { ...saved.tables, personas: [{ id: 'x' }] } },
      { ...saved, tables: { ...saved.tables, apps: 'rows' } },
    ];
    for (const b of bad) expectControlError(await t.wx.request('PUT', '/__mock/state', { body: b }), b === 'not json' ? 'bad_json' : 'bad_state');
    expect(await t.wx.control('GET', '/state')).toEqual(saved);
  });
});

describe('control token', () => {
  it('guards /__mock/ when set, and leaves the API alone', async () => {
    const { mock, wx } = await startTestMock({ controlToken: 'tok-123' });
    try {
      expectControlError(await wx.get('/__mock/world'), 'unauthorized');
      const ok = await wx.get('/__mock/world', { headers: { 'x-wxmock-token': 'tok-123' } });
      expect(ok.status).toBe(200);
      expect((await wx.get('/cgi-bin/token', { query: { grant_type: 'client_credential', ...mini } })).body.access_token).toBeTypeOf('string');
    } finally {
      await mock.stop();
    }
  });
});
