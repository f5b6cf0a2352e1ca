import { describe, expect, it } from 'vitest';
import { APPS, expectWxError, JSON_TYPE, RID, SNS_TYPE, useMock } from '../test-support.ts';

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
    expect((await t.wx.get('/sns/oauth2/access_token', { query: { secret: 'x', code: 'y' } })).body.errmsg).toMatch(/^appid missing rid: /);
    expect((await t.wx.get('/sns/userinfo', { query: { openid: 'o' } })).body.errmsg).toMatch(/^access_token missing rid: /);
    expect((await t.wx.get('/sns/userinfo', { query: { access_token: 'x', openid: 'o' } })).body.errmsg).toMatch(
      /^invalid credential, access_token is invalid or not latest rid: /,
    );
  });
});

describe('Content-Type', () => {
  /** One answer of every /sns/* endpoint, success and error, plus an unknown /sns/ path and an injected fault. */
  async function snsAnswers() {
    const tok = await t.wx.login(web, 'zhangsan');
    const code = await t.wx.code('web', 'lisi');
    await t.wx.control('POST', '/faults', { endpoint: '/sns/auth', errcode: 45011 });
    const { code: jsCode } = await t.wx.control('POST', '/miniprogram/login', { appid: 'mini', persona: 'zhangsan' });
    return {
      access_token: await t.wx.exchange(web, code),
      access_token_error: await t.wx.exchange(web, 'bad'),
      refresh_token: await t.wx.get('/sns/oauth2/refresh_token', {
        query: { appid: web.appid, grant_type: 'refresh_token', refresh_token: tok.refresh_token },
      }),
      refresh_token_error: await t.wx.get('/sns/oauth2/refresh_token', { query: { appid: web.appid, grant_type: 'refresh_token', refresh_token: 'x' } }),
      userinfo: await t.wx.get('/sns/userinfo', { query: { access_token: tok.access_token, openid: tok.openid } }),
      userinfo_error: await t.wx.get('/sns/userinfo', { query: { openid: tok.openid } }),
      auth_fault: await t.wx.get('/sns/auth', { query: { access_token: tok.access_token, openid: tok.openid } }),
      auth: await t.wx.get('/sns/auth', { query: { access_token: tok.access_token, openid: tok.openid } }),
      jscode2session: await t.wx.get('/sns/jscode2session', { query: { ...mini, js_code: jsCode, grant_type: 'authorization_code' } }),
      jscode2session_error: await t.wx.get('/sns/jscode2session', { query: { ...mini, js_code: 'bad' } }),
      unknown_path: await t.wx.get('/sns/no_such_api'),
      wrong_method: await t.wx.request('DELETE', '/sns/userinfo'),
    };
  }

  it("is text/plain, no charset, on every /sns/* answer by default, success and error alike, the body still WeChat's JSON", async () => {
    const answers = await snsAnswers();
    for (const [name, a] of Object.entries(answers)) {
      expect(a.contentType, name).toBe(SNS_TYPE);
      expect(a.body, `${name}: ${a.raw}`).toBeTypeOf('object');
    }
    // JustAuth's rule (no errcode on a success body) and the escaped slashes hold whatever the type.
    for (const name of ['access_token', 'refresh_token', 'userinfo', 'jscode2session'] as const) expect(answers[name].body.errcode, name).toBeUndefined();
    expect(answers.auth.body).toEqual({ errcode: 0, errmsg: 'ok' });
    expect(answers.userinfo.raw).toContain('"headimgurl":"https:\\/\\/thirdwx.qlogo.cn\\/mmopen\\/');
    expectWxError(answers.auth_fault, 45011);
    expectWxError(answers.unknown_path, 48001);
  });

  it('is "application/json; encoding=utf-8" outside /sns/ (the captured /cgi-bin/token type)', async () => {
    const answers = [
      await t.wx.get('/cgi-bin/token', { query: { grant_type: 'client_credential', ...mini } }),
      await t.wx.get('/cgi-bin/token', { query: { grant_type: 'client_credential', appid: 'x', secret: 'y' } }),
      await t.wx.post('/cgi-bin/stable_token', { grant_type: 'client_credential', ...mini }),
      await t.wx.post('/wxa/business/getuserphonenumber', { code: 'x' }, { query: { access_token: 'bad' } }),
      await t.wx.get('/no/such/api'),
    ];
    for (const a of answers) expect(a.contentType, a.raw).toBe(JSON_TYPE);
  });

  it('is "application/json; encoding=utf-8" on /sns/* too after PATCH /__mock/options {snsContentType:"json"}', async () => {
    await t.wx.control('PATCH', '/options', { snsContentType: 'json' });
    for (const [name, a] of Object.entries(await snsAnswers())) {
      expect(a.contentType, name).toBe(JSON_TYPE);
      expect(a.body, name).toBeTypeOf('object');
    }
    expect((await t.wx.control('GET', '/options')).snsContentType).toBe('json');
    await t.wx.control('PATCH', '/options', { snsContentType: 'text' });
    expect((await t.wx.exchange(web, 'bad')).contentType).toBe(SNS_TYPE);
  });
});

describe('unknown API paths', () => {
  it('answer HTTP 200 with an errcode body, never an HTML 404', async () => {
    expectWxError(await t.wx.get('/cgi-bin/no_such_thing'), 48001, 'api unauthorized');
    expectWxError(await t.wx.request('DELETE', '/sns/userinfo'), 48001);
    expectWxError(await t.wx.request('PUT', '/cgi-bin/stable_token', { body: '{}' }), 48001);
  });
});
