import { describe, expect, it } from 'vitest';
import { APPS, expectWxError, JSON_TYPE, RID, useMock } from '../test-support.ts';

const t = useMock();
const { web, mini } = APPS;

describe('errmsg', () => {
  it('ends in "rid: <hex(now)>-<8hex>-<8hex>", the first group following the mock clock', async () => {
    const nowS = Math.floor(Date.now() / 1000);
    const r = await t.wx.exchange(web, 'bad');
    const hexNow = Number.parseInt(r.body.errmsg.match(RID)[1], 16);
    expect(Math.abs(hexNow - nowS)).toBeLessThanOrEqual(2);
    await t.wx.advance(86400 * 365);
    const later = await t.wx.exchange(web, 'bad');
    const hexLater = Number.parseInt(later.body.errmsg.match(RID)[1], 16);
    expect(Math.abs(hexLater - (nowS + 86400 * 365))).toBeLessThanOrEqual(2);
    // The two random groups differ between calls.
    expect(later.body.errmsg.slice(-17)).not.toBe(r.body.errmsg.slice(-17));
  });

  it('puts the comma before rid where the captured messages have it, and leaves it out where they do not', async () => {
    expect((await t.wx.exchange(web, 'bad')).body.errmsg).toMatch(/^invalid code, rid: /);
    expect((await t.wx.get('/sns/oauth2/access_token', { secret: 'x', code: 'y' })).body.errmsg).toMatch(/^appid missing rid: /);
    expect((await t.wx.get('/sns/userinfo', { openid: 'o' })).body.errmsg).toMatch(/^access_token missing rid: /);
    expect((await t.wx.get('/sns/userinfo', { access_token: 'x', openid: 'o' })).body.errmsg).toMatch(/^invalid credential, access_token is invalid or not latest rid: /);
  });
});

describe('Content-Type', () => {
  it('is "application/json; encoding=utf-8" by default on success and error alike', async () => {
    const tok = await t.wx.login(web, 'zhangsan');
    const answers = [
      await t.wx.get('/sns/userinfo', { access_token: tok.access_token, openid: tok.openid }),
      await t.wx.get('/sns/auth', { access_token: tok.access_token, openid: tok.openid }),
      await t.wx.exchange(web, 'bad'),
      await t.wx.get('/cgi-bin/token', { grant_type: 'client_credential', ...mini }),
      await t.wx.get('/cgi-bin/token', { grant_type: 'client_credential', appid: 'x', secret: 'y' }),
      await t.wx.get('/no/such/api'),
    ];
    for (const a of answers) expect(a.contentType).toBe(JSON_TYPE);
  });

  it('is text/plain on /sns/* (and only there) after PATCH /__mock/options {snsContentType:"text"}', async () => {
    await t.wx.control('PATCH', '/options', { snsContentType: 'text' });
    const tok = await t.wx.login(web, 'zhangsan');
    const sns = [
      await t.wx.get('/sns/userinfo', { access_token: tok.access_token, openid: tok.openid }),
      await t.wx.get('/sns/auth', { access_token: tok.access_token, openid: tok.openid }),
      await t.wx.get('/sns/oauth2/refresh_token', { appid: web.appid, grant_type: 'refresh_token', refresh_token: tok.refresh_token }),
      await t.wx.exchange(web, 'bad'),
      await t.wx.get('/sns/jscode2session', { ...mini, js_code: 'bad' }),
    ];
    for (const a of sns) {
      expect(a.contentType).toBe('text/plain');
      expect(a.body).toBeTypeOf('object');
    }
    expect((await t.wx.get('/cgi-bin/token', { grant_type: 'client_credential', ...mini })).contentType).toBe(JSON_TYPE);
    expect((await t.wx.control('GET', '/options')).snsContentType).toBe('text');
  });
});

describe('unknown API paths', () => {
  it('answer HTTP 200 with an errcode body, never an HTML 404', async () => {
    expectWxError(await t.wx.get('/cgi-bin/no_such_thing'), 48001, 'api unauthorized');
    expectWxError(await t.wx.send('DELETE', '/sns/userinfo'), 48001);
    expectWxError(await t.wx.send('PUT', '/cgi-bin/stable_token', '{}'), 48001);
  });
});
