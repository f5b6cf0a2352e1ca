import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startLoginWorld, type LoginWorld } from '../test-support.ts';
import { write } from '../../core/db.ts';

let w: LoginWorld;
beforeEach(async () => {
  w = await startLoginWorld();
});
afterEach(async () => {
  await w.stop();
});

/** SendAuth.Resp of the mock OpenSDK for an app; with exchange the device-side uni.login result. */
async function sdkAuth(app: string, persona: string, exchange = false) {
  return w.wechatControl('/sdk/auth', { appid: app, persona, state: 'app-state', exchange });
}

describe('POST /wechat/mobileLogin', () => {
  it('an unbound user gets data {token:null, bindId}, then binds with /auth/bind/login and logs in by code next time', async () => {
    const b = w.browser();
    const resp = await sdkAuth('mobile', 'zhaoliu');
    expect(resp.errCode).toBe(0);
    const r = await b.post('/wechat/mobileLogin', { code: resp.code });
    expect(r.body.code).toBe(200);
    expect(r.body.msg).toBe('操作成功');
    expect(r.body.data.token).toBeNull();
    expect(Object.keys(r.body.data)).toEqual(['token', 'bindId']);
    expect(r.body.data.bindId).toMatch(/^[0-9a-f]{32}$/);
    expect((await b.get(`/auth/checkBindId/${r.body.data.bindId}`)).body).toEqual({ code: 200, msg: r.body.data.bindId });
    const bind = await b.post('/auth/bind/register', { username: 'zhaoliu', password: 'secret12', phonenumber: '13700137000', bindId: r.body.data.bindId });
    expect(bind.body.code).toBe(200);
    const row = w.login.ctx.db.prepare("SELECT source, source_client, status FROM iot_social_user WHERE source_client = 'wechat_open_mobile'").get();
    expect(row).toEqual({ source: 'WECHAT_OPEN_MOBILE', source_client: 'wechat_open_mobile', status: '1' });
    const again = await b.post('/wechat/mobileLogin', { code: (await sdkAuth('mobile', 'zhaoliu')).code });
    expect(again.body.data.bindId).toBeNull();
    expect((await b.get('/getInfo', { token: again.body.data.token })).body.user.userName).toBe('zhaoliu');
  });

  it('accepts the device-side form {accessToken, openId, unionId} and verifies it with WeChat', async () => {
    const b = w.browser();
    const resp = await sdkAuth('mobile', 'lisi', true);
    const a = resp.authResult;
    const r = await b.post('/wechat/mobileLogin', {
      accessToken: a.access_token,
      openId: a.openid,
      unionId: a.unionid,
      refreshToken: a.refresh_token,
      expiresIn: a.expires_in,
    });
    expect(r.body.code).toBe(200);
    expect(r.body.data.bindId).toMatch(/^[0-9a-f]{32}$/);
  });

  it("refuses a made-up accessToken or someone else's openId (FastBee trusts them)", async () => {
    const b = w.browser();
    const lisi = (await sdkAuth('mobile', 'lisi', true)).authResult;
    const zhang = (await sdkAuth('mobile', 'zhangsan', true)).authResult;
    expect((await b.post('/wechat/mobileLogin', { accessToken: 'forged', openId: lisi.openid, unionId: lisi.unionid })).body).toEqual({
      code: 500,
      msg: '用户凭证获取失败，请重新登录！',
    });
    expect((await b.post('/wechat/mobileLogin', { accessToken: zhang.access_token, openId: lisi.openid, unionId: lisi.unionid })).body).toEqual({
      code: 500,
      msg: '用户凭证获取失败，请重新登录！',
    });
    expect((await b.post('/wechat/mobileLogin', { accessToken: zhang.access_token, openId: zhang.openid, unionId: lisi.unionid })).body).toEqual({
      code: 500,
      msg: '用户凭证获取失败，请重新登录！',
    });
  });

  it('a bad, reused or missing code is 500 用户凭证获取失败，请重新登录！', async () => {
    const b = w.browser();
    expect((await b.post('/wechat/mobileLogin', { code: 'nonsense' })).body).toEqual({ code: 500, msg: '用户凭证获取失败，请重新登录！' });
    const code = (await sdkAuth('mobile', 'lisi')).code;
    expect((await b.post('/wechat/mobileLogin', { code })).body.code).toBe(200);
    expect((await b.post('/wechat/mobileLogin', { code })).body).toEqual({ code: 500, msg: '用户凭证获取失败，请重新登录！' });
    expect((await b.post('/wechat/mobileLogin', {})).body).toEqual({ code: 500, msg: '用户凭证获取失败，请重新登录！' });
  });

  it('without the wechat_open_mobile platform row: 500 请先配置微信开放平台移动应用信息', async () => {
    write(w.login.ctx.db, ['iot_social_platform'], "DELETE FROM iot_social_platform WHERE platform = 'wechat_open_mobile'");
    expect((await w.browser().post('/wechat/mobileLogin', { code: 'x' })).body).toEqual({ code: 500, msg: '请先配置微信开放平台移动应用信息' });
  });
});

describe('cross-app login under one Open Platform account (unionid)', () => {
  it('a user bound through the website logs in directly through the mobile app (code and token forms)', async () => {
    const web = w.browser();
    const o = await w.webLogin(web, 'zhangsan');
    expect((await web.post('/auth/bind/login', { username: 'admin', password: 'admin123', bindId: o.id })).body.code).toBe(200);
    const app = w.browser();
    const byCode = await app.post('/wechat/mobileLogin', { code: (await sdkAuth('mobile', 'zhangsan')).code });
    expect(byCode.body.data.bindId).toBeNull();
    expect((await app.get('/getInfo', { token: byCode.body.data.token })).body.user.userName).toBe('admin');
    const a = (await sdkAuth('mobile', 'zhangsan', true)).authResult;
    const byToken = await app.post('/wechat/mobileLogin', { accessToken: a.access_token, openId: a.openid, unionId: a.unionid });
    expect((await app.get('/getInfo', { token: byToken.body.data.token })).body.user.userName).toBe('admin');
  });

  it('a user bound through the mobile app logs in directly on the website', async () => {
    const app = w.browser();
    const r = await app.post('/wechat/mobileLogin', { code: (await sdkAuth('mobile', 'lisi')).code });
    expect((await app.post('/auth/bind/login', { username: 'admin', password: 'admin123', bindId: r.body.data.bindId })).body.code).toBe(200);
    const o = await w.webLogin(w.browser(), 'lisi');
    expect(o.kind).toBe('loginId');
  });

  it("is NOT recognised through an HBuilderX standard-base app: its logins come from DCloud's appid and unionid", async () => {
    const web = w.browser();
    const o = await w.webLogin(web, 'zhangsan');
    expect((await web.post('/auth/bind/login', { username: 'admin', password: 'admin123', bindId: o.id })).body.code).toBe(200);
    const app = w.browser();
    // uni.login on the device: DCloud's token, openid and unionid; verified, but unknown → bindId.
    const a = (await sdkAuth('mobile-standard', 'zhangsan', true)).authResult;
    const byToken = await app.post('/wechat/mobileLogin', { accessToken: a.access_token, openId: a.openid, unionId: a.unionid });
    expect(byToken.body.code).toBe(200);
    expect(byToken.body.data.token).toBeNull();
    expect(byToken.body.data.bindId).toMatch(/^[0-9a-f]{32}$/);
    // The code form: the code belongs to DCloud's appid, so the configured app cannot redeem it.
    const byCode = await app.post('/wechat/mobileLogin', { code: (await sdkAuth('mobile-standard', 'zhangsan')).code });
    expect(byCode.body).toEqual({ code: 500, msg: '用户凭证获取失败，请重新登录！' });
  });
});
