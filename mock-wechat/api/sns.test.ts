import { describe, expect, it } from 'vitest';
import { APPS, expectWxError, useMock } from '../test-support.ts';

const t = useMock();
const WX_ID = /^o[A-Za-z0-9_-]{27}$/;
const { web, mini } = APPS;
const jscode2session = (query: Record<string, string | undefined>) =>
  t.wx.get('/sns/jscode2session', { query: { grant_type: 'authorization_code', ...query } });

describe('/sns/oauth2/access_token', () => {
  it('answers the documented fields in order, without errcode, unionid for a bound app', async () => {
    const code = await t.wx.code('web', 'zhangsan');
    const r = await t.wx.exchange(web, code);
    expect(r.status).toBe(200);
    expect(Object.keys(r.body)).toEqual(['access_token', 'expires_in', 'refresh_token', 'openid', 'scope', 'unionid']);
    expect(r.body.access_token).toMatch(/^\d+_[A-Za-z0-9_-]{40,}$/);
    expect(r.body.expires_in).toBe(7200);
    expect(r.body.refresh_token).toMatch(/^\d+_[A-Za-z0-9_-]{40,}$/);
    expect(r.body.openid).toMatch(WX_ID);
    expect(r.body.unionid).toMatch(WX_ID);
    expect(r.body.openid).not.toBe(r.body.unionid);
    expect(r.body.scope).toBe('snsapi_login');
    expect(r.raw).not.toContain('errcode');
  });

  it('leaves unionid out for an app not bound to an Open Platform account', async () => {
    await t.wx.control('PATCH', '/apps/web', { account: null });
    const body = await t.wx.login(web, 'lisi');
    expect(Object.keys(body)).toEqual(['access_token', 'expires_in', 'refresh_token', 'openid', 'scope']);
  });

  it('answers each credential and parameter error with its errcode, HTTP 200', async () => {
    const code = await t.wx.code('web', 'zhangsan');
    const q = { grant_type: 'authorization_code', code };
    expectWxError(await t.wx.get('/sns/oauth2/access_token', { query: { ...q, secret: web.secret } }), 41002, 'appid missing');
    expectWxError(await t.wx.get('/sns/oauth2/access_token', { query: { ...q, appid: 'wx0000000000000000', secret: web.secret } }), 40013, 'invalid appid');
    expectWxError(await t.wx.get('/sns/oauth2/access_token', { query: { ...q, appid: mini.appid, secret: mini.secret } }), 40013, 'invalid appid');
    expectWxError(await t.wx.get('/sns/oauth2/access_token', { query: { ...q, appid: web.appid } }), 41004, 'appsecret missing');
    expectWxError(await t.wx.get('/sns/oauth2/access_token', { query: { ...q, appid: web.appid, secret: 'x'.repeat(32) } }), 40125, 'invalid appsecret');
    expectWxError(await t.wx.get('/sns/oauth2/access_token', { query: { ...web, code, grant_type: 'client_credential' } }), 40002, 'invalid grant_type');
    expectWxError(await t.wx.get('/sns/oauth2/access_token', { query: { ...web, grant_type: 'authorization_code' } }), 41008, 'missing code');
    expectWxError(await t.wx.exchange(web, 'not-a-code'), 40029, 'invalid code');
    // A code issued to another app is "invalid", not "used".
    expectWxError(await t.wx.exchange(APPS.webBind, code), 40029, 'invalid code');
    // None of the failures above used the code up.
    expect((await t.wx.exchange(web, code)).body.access_token).toBeTypeOf('string');
  });

  it('takes grant_type as optional (WeChat accepts the call without it)', async () => {
    const code = await t.wx.code('web', 'zhangsan');
    const r = await t.wx.get('/sns/oauth2/access_token', { query: { ...web, code } });
    expect(r.body.access_token).toBeTypeOf('string');
  });

  it('redeems a code once: the second exchange gets 40163', async () => {
    const code = await t.wx.code('web', 'zhangsan');
    expect((await t.wx.exchange(web, code)).body.access_token).toBeTypeOf('string');
    expectWxError(await t.wx.exchange(web, code), 40163, 'code been used');
  });

  it('lets exactly one of several concurrent redemptions of one code win', async () => {
    const code = await t.wx.code('web', 'zhangsan');
    const answers = await Promise.all(Array.from({ length: 8 }, () => t.wx.exchange(web, code)));
    const won = answers.filter((a) => a.body.access_token);
    expect(won).toHaveLength(1);
    for (const a of answers.filter((x) => !x.body.access_token)) expectWxError(a, 40163);
  });

  it('expires a web code after 10 minutes of mock time (40029, or 42003 when chosen)', async () => {
    const fresh = await t.wx.code('web', 'zhangsan');
    const stale = await t.wx.code('web', 'zhangsan');
    await t.wx.advance(590);
    expect((await t.wx.exchange(web, fresh)).body.access_token).toBeTypeOf('string');
    await t.wx.advance(11);
    expectWxError(await t.wx.exchange(web, stale), 40029, 'invalid code');
    const other = await t.wx.code('web', 'lisi');
    await t.wx.control('PATCH', '/options', { expiredCodeErrcode: 42003 });
    await t.wx.advance(601);
    expectWxError(await t.wx.exchange(web, other), 42003, 'code expired');
  });

  it('does not take a mini-program js_code', async () => {
    const { code } = await t.wx.control('POST', '/miniprogram/login', { appid: 'mini', persona: 'zhangsan' });
    expectWxError(await t.wx.exchange(web, code), 40029);
  });
});

describe('/sns/oauth2/refresh_token', () => {
  const refresh = (refresh_token: string, appid = web.appid) =>
    t.wx.get('/sns/oauth2/refresh_token', { query: { appid, grant_type: 'refresh_token', refresh_token } });

  it('returns a live access_token again with its expiry pushed out, and no unionid', async () => {
    const first = await t.wx.login(web, 'zhangsan');
    await t.wx.advance(3600);
    const r = await refresh(first.refresh_token);
    expect(Object.keys(r.body)).toEqual(['access_token', 'expires_in', 'refresh_token', 'openid', 'scope']);
    expect(r.body).toMatchObject({
      access_token: first.access_token,
      refresh_token: first.refresh_token,
      openid: first.openid,
      scope: 'snsapi_login',
      expires_in: 7200,
    });
    // Past the first expiry (7200 s after issue) the token still works: the refresh pushed it out.
    await t.wx.advance(5000);
    expect((await t.wx.get('/sns/auth', { query: { access_token: first.access_token, openid: first.openid } })).body).toEqual({ errcode: 0, errmsg: 'ok' });
  });

  it('replaces an expired access_token; the old one is then unknown (40001)', async () => {
    const first = await t.wx.login(web, 'zhangsan');
    await t.wx.advance(7201);
    expectWxError(await t.wx.get('/sns/userinfo', { query: { access_token: first.access_token, openid: first.openid } }), 42001, 'access_token expired');
    const r = await refresh(first.refresh_token);
    expect(r.body.access_token).not.toBe(first.access_token);
    expect(r.body.refresh_token).toBe(first.refresh_token);
    expect(r.body.expires_in).toBe(7200);
    expect((await t.wx.get('/sns/userinfo', { query: { access_token: r.body.access_token, openid: first.openid } })).body.openid).toBe(first.openid);
    expectWxError(await t.wx.get('/sns/userinfo', { query: { access_token: first.access_token, openid: first.openid } }), 40001);
  });

  it('expires the refresh_token after 30 days: 42002', async () => {
    const first = await t.wx.login(web, 'zhangsan');
    await t.wx.advance(30 * 86400 - 60);
    expect((await refresh(first.refresh_token)).body.access_token).toBeTypeOf('string');
    await t.wx.advance(61);
    expectWxError(await refresh(first.refresh_token), 42002);
  });

  it('answers missing and wrong parameters with their errcodes', async () => {
    const first = await t.wx.login(web, 'zhangsan');
    expectWxError(
      await t.wx.get('/sns/oauth2/refresh_token', { query: { grant_type: 'refresh_token', refresh_token: first.refresh_token } }),
      41002,
      'appid missing',
    );
    expectWxError(await refresh(first.refresh_token, 'wx0000000000000000'), 40013, 'invalid appid');
    expectWxError(await t.wx.get('/sns/oauth2/refresh_token', { query: { appid: web.appid, grant_type: 'refresh_token' } }), 41003, 'refresh_token missing');
    expectWxError(
      await t.wx.get('/sns/oauth2/refresh_token', { query: { appid: web.appid, grant_type: 'authorization_code', refresh_token: first.refresh_token } }),
      40002,
    );
    expectWxError(await refresh('23_nonsense'), 40030, 'invalid refresh_token');
    expectWxError(await refresh(first.refresh_token, APPS.webBind.appid), 40030, 'invalid refresh_token');
  });
});

describe('/sns/userinfo', () => {
  it('answers the captured shape: key order, sex 0, empty region, qlogo avatar, escaped slashes, raw Chinese', async () => {
    const tok = await t.wx.login(web, 'zhangsan');
    const r = await t.wx.get('/sns/userinfo', { query: { access_token: tok.access_token, openid: tok.openid, lang: 'zh_CN' } });
    expect(Object.keys(r.body)).toEqual(['openid', 'nickname', 'sex', 'language', 'city', 'province', 'country', 'headimgurl', 'privilege', 'unionid']);
    expect(r.body).toMatchObject({
      openid: tok.openid,
      nickname: '张三',
      sex: 0,
      language: '',
      city: '',
      province: '',
      country: '',
      privilege: [],
      unionid: tok.unionid,
    });
    expect(r.body.headimgurl).toMatch(/^https:\/\/thirdwx\.qlogo\.cn\/mmopen\/vi_32\/[A-Za-z0-9_-]+\/132$/);
    expect(r.raw).toContain('"headimgurl":"https:\\/\\/thirdwx.qlogo.cn\\/mmopen\\/vi_32\\/');
    expect(r.raw).not.toMatch(/[^\\]\//);
    expect(r.raw).toContain('"nickname":"张三"');
    expect(r.raw).not.toContain('errcode');
  });

  it('gives the persona profile in the legacy mode', async () => {
    await t.wx.control('PATCH', '/options', { userinfo: 'legacy' });
    const tok = await t.wx.login(web, 'zhangsan');
    const r = await t.wx.get('/sns/userinfo', { query: { access_token: tok.access_token, openid: tok.openid } });
    expect(r.body).toMatchObject({ sex: 1, province: 'Guangdong', city: 'Shenzhen', country: 'China', language: 'zh_CN' });
  });

  it('refuses a snsapi_base token with 48001', async () => {
    await t.wx.control('POST', '/apps', { appid: 'wx1111222233334444', type: 'official', secret: 'official-secret-0123456789abcdef' });
    const app = { appid: 'wx1111222233334444', secret: 'official-secret-0123456789abcdef' };
    const tok = await t.wx.login(app, 'zhangsan', { scope: 'snsapi_base' });
    expect(tok.scope).toBe('snsapi_base');
    expect(tok.unionid).toBeUndefined();
    expectWxError(await t.wx.get('/sns/userinfo', { query: { access_token: tok.access_token, openid: tok.openid } }), 48001, 'api unauthorized');
    const full = await t.wx.login(app, 'zhangsan', { scope: 'snsapi_userinfo' });
    expect(full.unionid).toBeTypeOf('string');
    expect((await t.wx.get('/sns/userinfo', { query: { access_token: full.access_token, openid: full.openid } })).body.unionid).toBe(full.unionid);
  });

  it('answers token errors: 41001, 41009, 40001, 42001, 40003', async () => {
    const tok = await t.wx.login(web, 'zhangsan');
    expectWxError(await t.wx.get('/sns/userinfo', { query: { openid: tok.openid } }), 41001, 'access_token missing');
    expectWxError(await t.wx.get('/sns/userinfo', { query: { access_token: tok.access_token } }), 41009);
    expectWxError(await t.wx.get('/sns/userinfo', { query: { access_token: '66_unknown', openid: tok.openid } }), 40001);
    expectWxError(
      await t.wx.get('/sns/userinfo', { query: { access_token: tok.access_token, openid: 'oXXXXXXXXXXXXXXXXXXXXXXXXXXX' } }),
      40003,
      'invalid openid',
    );
    await t.wx.advance(7200);
    expectWxError(await t.wx.get('/sns/userinfo', { query: { access_token: tok.access_token, openid: tok.openid } }), 42001, 'access_token expired');
  });

  it('forgets a token it has read once a state import or a reset drops it', async () => {
    const saved = await t.wx.control('GET', '/state');
    const tok = await t.wx.login(web, 'zhangsan');
    const userinfo = () => t.wx.get('/sns/userinfo', { query: { access_token: tok.access_token, openid: tok.openid } });
    expect((await userinfo()).body.openid).toBe(tok.openid);
    await t.wx.control('PUT', '/state', saved);
    expectWxError(await userinfo(), 40001);
    const again = await t.wx.login(web, 'zhangsan');
    expect((await t.wx.get('/sns/userinfo', { query: { access_token: again.access_token, openid: again.openid } })).body.openid).toBe(again.openid);
    await t.wx.control('POST', '/reset');
    expectWxError(await t.wx.get('/sns/userinfo', { query: { access_token: again.access_token, openid: again.openid } }), 40001);
  });
});

describe('/sns/auth', () => {
  it('answers {"errcode":0,"errmsg":"ok"} for a live token, errors otherwise', async () => {
    const tok = await t.wx.login(web, 'zhangsan');
    const ok = await t.wx.get('/sns/auth', { query: { access_token: tok.access_token, openid: tok.openid } });
    expect(ok.raw).toBe('{"errcode":0,"errmsg":"ok"}');
    expectWxError(await t.wx.get('/sns/auth', { query: { access_token: tok.access_token, openid: 'oXXXXXXXXXXXXXXXXXXXXXXXXXXX' } }), 40003);
    expectWxError(await t.wx.get('/sns/auth', { query: { access_token: 'nope', openid: tok.openid } }), 40001);
    expectWxError(await t.wx.get('/sns/auth', { query: { openid: tok.openid } }), 41001);
    await t.wx.advance(7201);
    expectWxError(await t.wx.get('/sns/auth', { query: { access_token: tok.access_token, openid: tok.openid } }), 42001);
  });
});

describe('/sns/jscode2session', () => {
  const jsCode = async (persona = 'zhangsan') => (await t.wx.control('POST', '/miniprogram/login', { appid: mini.appid, persona })).code as string;

  it('answers session_key, openid, unionid and nothing else; tolerates an extra access_token', async () => {
    const r = await jscode2session({ ...mini, js_code: await jsCode(), access_token: await t.wx.appToken() });
    expect(Object.keys(r.body)).toEqual(['session_key', 'openid', 'unionid']);
    expect(r.body.session_key).toMatch(/^[A-Za-z0-9+/]{22}==$/);
    expect(Buffer.from(r.body.session_key, 'base64')).toHaveLength(16);
    expect(r.body.openid).toMatch(WX_ID);
    expect(r.body.unionid).toMatch(WX_ID);
    expect(r.raw).not.toMatch(/errcode|expires_in/);
  });

  it('leaves unionid out for an unbound mini program', async () => {
    await t.wx.control('PATCH', '/apps/mini', { account: null });
    const r = await jscode2session({ ...mini, js_code: await jsCode() });
    expect(Object.keys(r.body)).toEqual(['session_key', 'openid']);
  });

  it('answers each listed errcode, HTTP 200', async () => {
    const code = await jsCode();
    expectWxError(await jscode2session({ secret: mini.secret, js_code: code }), 41002, 'appid missing');
    expectWxError(await jscode2session({ appid: 'wx0000000000000000', secret: mini.secret, js_code: code }), 40013, 'invalid appid');
    expectWxError(await jscode2session({ ...web, js_code: code }), 40013, 'invalid appid');
    expectWxError(await jscode2session({ appid: mini.appid, js_code: code }), 41004);
    expectWxError(await jscode2session({ appid: mini.appid, secret: 'wrong', js_code: code }), 40125, 'invalid appsecret');
    expectWxError(await jscode2session({ ...mini }), 41008, 'missing code');
    expectWxError(await jscode2session({ ...mini, js_code: 'the code is a mock one' }), 40029, 'invalid code');
    expect((await jscode2session({ ...mini, js_code: code })).body.openid).toBeTypeOf('string');
    expectWxError(await jscode2session({ ...mini, js_code: code }), 40163, 'code been used');
    expectWxError(await jscode2session({ ...mini, js_code: await jsCode('risky') }), 40226, 'code blocked');
  });

  it('expires a js_code after 5 minutes of mock time', async () => {
    const code = await jsCode();
    await t.wx.advance(301);
    expectWxError(await jscode2session({ ...mini, js_code: code }), 40029);
  });

  it('does not take a web authorization code', async () => {
    expectWxError(await jscode2session({ ...mini, js_code: await t.wx.code('web', 'zhangsan') }), 40029);
  });
});
