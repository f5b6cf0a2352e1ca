import { describe, expect, it } from 'vitest';
import { APPS, expectWxError, useMock, type Wx } from '../test-support.ts';

const t = useMock();
const { mini } = APPS;
const stable = (body: unknown) => t.wx.post('/cgi-bin/stable_token', body);
const stableOf = (force = false) => stable({ grant_type: 'client_credential', ...mini, force_refresh: force });

/** Uses an app token on a business API: 40029 for the made-up code means the token itself was accepted. */
async function tokenState(wx: Wx, token: string): Promise<number> {
  return (await wx.post('/wxa/business/getuserphonenumber', { code: 'probe' }, { query: { access_token: token } })).body.errcode;
}

describe('/cgi-bin/token', () => {
  it('answers {access_token, expires_in: 7200} and nothing else', async () => {
    const r = await t.wx.get('/cgi-bin/token', { query: { grant_type: 'client_credential', ...mini } });
    expect(r.status).toBe(200);
    expect(Object.keys(r.body)).toEqual(['access_token', 'expires_in']);
    expect(r.body.access_token).toMatch(/^\d+_[A-Za-z0-9_-]{100,}$/);
    expect(r.body.expires_in).toBe(7200);
  });

  it('answers each credential error with its errcode, HTTP 200', async () => {
    const get = (q: Record<string, string>) => t.wx.get('/cgi-bin/token', { query: q });
    expectWxError(await get({ grant_type: 'client_credential', secret: mini.secret }), 41002, 'appid missing');
    expectWxError(await get({ grant_type: 'client_credential', appid: 'wx0000000000000000', secret: mini.secret }), 40013, 'invalid appid');
    expectWxError(await get({ grant_type: 'client_credential', appid: mini.appid }), 41004, 'appsecret missing');
    expectWxError(await get({ grant_type: 'client_credential', appid: mini.appid, secret: 'nope' }), 40125, 'invalid appsecret');
    expectWxError(await get({ ...mini }), 40002, 'invalid grant_type');
    expectWxError(await get({ grant_type: 'authorization_code', ...mini }), 40002);
  });

  it('answers 40164 naming the caller when the app has an IP whitelist', async () => {
    await t.wx.control('PATCH', '/apps/mini', { ipWhitelist: ['10.1.2.3'] });
    const r = await t.wx.get('/cgi-bin/token', { query: { grant_type: 'client_credential', ...mini } });
    expectWxError(r, 40164, 'invalid ip 127.0.0.1 ipv6 ::ffff:127.0.0.1, not in whitelist');
    await t.wx.control('PATCH', '/apps/mini', { ipWhitelist: ['127.0.0.1'] });
    expect((await t.wx.get('/cgi-bin/token', { query: { grant_type: 'client_credential', ...mini } })).body.access_token).toBeTypeOf('string');
  });

  it('issues a new token each call; the previous one works 5 more minutes, then is "not latest" (40001)', async () => {
    const first = await t.wx.appToken();
    const second = await t.wx.appToken();
    expect(second).not.toBe(first);
    await t.wx.advance(290);
    expect(await tokenState(t.wx, first)).toBe(40029);
    await t.wx.advance(11);
    expect(await tokenState(t.wx, first)).toBe(40001);
    expect(await tokenState(t.wx, second)).toBe(40029);
    await t.wx.advance(7200);
    expect(await tokenState(t.wx, second)).toBe(42001);
  });
});

describe('/cgi-bin/stable_token', () => {
  it('answers {access_token, expires_in} with 300 <= expires_in <= 7200', async () => {
    const r = await stableOf();
    expect(Object.keys(r.body)).toEqual(['access_token', 'expires_in']);
    expect(r.body.expires_in).toBe(7200);
    expect(r.contentType).toBe('application/json; encoding=utf-8');
  });

  it('keeps the same token while more than 5 minutes are left; in the last 5 a new one, the old still valid', async () => {
    const first = (await stableOf()).body;
    await t.wx.advance(7200 - 301);
    const same = (await stableOf()).body;
    expect(same.access_token).toBe(first.access_token);
    expect(same.expires_in).toBeGreaterThanOrEqual(300);
    expect(same.expires_in).toBeLessThanOrEqual(301);
    await t.wx.advance(2);
    const next = (await stableOf()).body;
    expect(next.access_token).not.toBe(first.access_token);
    expect(next.expires_in).toBe(7200);
    expect(await tokenState(t.wx, first.access_token)).toBe(40029);
    expect(await tokenState(t.wx, next.access_token)).toBe(40029);
    await t.wx.advance(300);
    expect(await tokenState(t.wx, first.access_token)).not.toBe(40029);
    expect(await tokenState(t.wx, next.access_token)).toBe(40029);
  });

  it('force_refresh invalidates the old token; forcing again within 30 s changes nothing', async () => {
    const first = (await stableOf()).body.access_token;
    const forced = (await stableOf(true)).body.access_token;
    expect(forced).not.toBe(first);
    expect(await tokenState(t.wx, first)).toBe(40001);
    expect(await tokenState(t.wx, forced)).toBe(40029);
    expect((await stableOf(true)).body.access_token).toBe(forced);
    await t.wx.advance(31);
    expect((await stableOf(true)).body.access_token).not.toBe(forced);
  });

  it('allows 20 forced refreshes a day, then answers 45009', async () => {
    for (let i = 0; i < 20; i++) {
      expect((await stableOf(true)).body.access_token).toBeTypeOf('string');
      await t.wx.advance(31);
    }
    expectWxError(await stableOf(true), 45009);
    await t.wx.advance(86400);
    expect((await stableOf(true)).body.access_token).toBeTypeOf('string');
  });

  it('is isolated from /cgi-bin/token', async () => {
    const s = (await stableOf()).body.access_token;
    await t.wx.appToken();
    await t.wx.advance(400);
    expect((await stableOf()).body.access_token).toBe(s);
  });

  it('answers body and credential errors with WeChat errcodes', async () => {
    expectWxError(await t.wx.post('/cgi-bin/stable_token'), 44002, 'empty post data');
    expectWxError(await stable('{"grant_type":'), 47001, 'data format error');
    expectWxError(await stable('[1,2]'), 47001);
    expectWxError(await stable({ grant_type: 'client_credential', secret: mini.secret }), 41002);
    expectWxError(await stable({ grant_type: 'client_credential', appid: 'wx0000000000000000', secret: 'x' }), 40013);
    expectWxError(await stable({ grant_type: 'client_credential', appid: mini.appid }), 41004);
    expectWxError(await stable({ grant_type: 'client_credential', appid: mini.appid, secret: 'wrong' }), 40125);
    expectWxError(await stable({ ...mini }), 40002);
  });
});
