import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { HttpClient } from '../../core/http-client.ts';
import { write } from '../../core/db.ts';
import { APPID, startLoginWorld, type LoginWorld } from '../test-support.ts';

let w: LoginWorld;
let b: HttpClient;
let token: string;
beforeEach(async () => {
  w = await startLoginWorld();
  b = w.browser();
  token = await w.adminToken(b);
});
afterEach(async () => {
  await w.stop();
});

/** getWxBindQr, then the WeChat redirect back to the callback with a code for persona from the web-bind app. */
async function qrBind(persona: string, tok = token, tamper?: (u: URL) => void) {
  const qr = await b.get('/wechat/getWxBindQr', { token: tok });
  expect(qr.body.code).toBe(200);
  const u = new URL(qr.body.data.redirectUri);
  u.searchParams.set('code', await w.code(persona, 'web-bind'));
  u.searchParams.set('state', qr.body.data.state);
  tamper?.(u);
  const cb = await b.get(u.pathname + u.search);
  expect(cb.status).toBe(302);
  const back = new URL(cb.location!);
  const msgId = back.searchParams.get('wxBindMsgId')!;
  return { qr: qr.body, back, msgId, msg: (await b.get(`/wechat/getWxBindMsg?wxBindMsgId=${msgId}`, { token: tok })).body };
}

describe('user-centre QR bind: getWxBindQr → wxBind/callback → getWxBindMsg', () => {
  it('binds the scanning WeChat user to the logged-in account', async () => {
    const r = await qrBind('lisi');
    expect(r.qr.data).toMatchObject({ appid: APPID['web-bind'], scope: 'snsapi_login' });
    expect(r.qr.data.redirectUri).toMatch(new RegExp(`^${w.url}/wechat/wxBind/callback\\?wxBindId=[0-9a-f]{32}$`));
    expect(r.back.origin + r.back.pathname).toBe(`${w.url}/user/profile`);
    expect(r.msg).toEqual({ code: 200, msg: '绑定成功' });
    const profile = await b.get('/system/user/profile', { token });
    expect(profile.body.wxBind).toBe(true);
    expect(profile.body.socialGroup[0]).toMatchObject({ source: 'wechat_open_web', sourceClient: 'wechat_open_web', status: '1', nickname: '李四' });
    // Cross-app: the website's own app (other openid, same unionid) now logs straight in.
    expect((await w.webLogin(w.browser(), 'lisi')).kind).toBe('loginId');
  });

  it('a wxBindId is single use, and a wrong state is refused', async () => {
    const qr = await b.get('/wechat/getWxBindQr', { token });
    const u = new URL(qr.body.data.redirectUri);
    u.searchParams.set('code', await w.code('lisi', 'web-bind'));
    u.searchParams.set('state', 'forged-state');
    const bad = new URL((await b.get(u.pathname + u.search)).location!).searchParams.get('wxBindMsgId');
    expect((await b.get(`/wechat/getWxBindMsg?wxBindMsgId=${bad}`, { token })).body).toEqual({ code: 500, msg: '二维码已失效，请重新点击绑定' });
    const ok = await qrBind('lisi');
    expect(ok.msg.msg).toBe('绑定成功');
    // replay the successful callback URL
    const u2 = new URL(ok.qr.data.redirectUri);
    u2.searchParams.set('code', await w.code('lisi', 'web-bind'));
    u2.searchParams.set('state', ok.qr.data.state);
    const again = new URL((await b.get(u2.pathname + u2.search)).location!).searchParams.get('wxBindMsgId');
    expect((await b.get(`/wechat/getWxBindMsg?wxBindMsgId=${again}`, { token })).body.msg).toBe('二维码已失效，请重新点击绑定');
  });

  it('cancelled authorization, expired QR, already-bound account, and a WeChat already bound elsewhere', async () => {
    const qr = await b.get('/wechat/getWxBindQr', { token });
    const cancelled = await b.get(
      `/wechat/wxBind/callback?wxBindId=${new URL(qr.body.data.redirectUri).searchParams.get('wxBindId')}&state=${qr.body.data.state}`,
    );
    const id1 = new URL(cancelled.location!).searchParams.get('wxBindMsgId');
    expect((await b.get(`/wechat/getWxBindMsg?wxBindMsgId=${id1}`, { token })).body).toEqual({ code: 500, msg: '您已取消授权或未获取到授权信息' });

    const qr2 = await b.get('/wechat/getWxBindQr', { token });
    await b.post('/__mock/clock', { advanceSeconds: 301 });
    const u = new URL(qr2.body.data.redirectUri);
    const late = await b.get(`${u.pathname}${u.search}&code=${await w.code('lisi', 'web-bind')}&state=${qr2.body.data.state}`);
    const id2 = new URL(late.location!).searchParams.get('wxBindMsgId');
    expect((await b.get(`/wechat/getWxBindMsg?wxBindMsgId=${id2}`, { token })).body.msg).toBe('二维码已失效，请重新点击绑定');

    expect((await qrBind('lisi')).msg.msg).toBe('绑定成功');
    expect((await qrBind('wangwu')).msg).toEqual({ code: 500, msg: '您的账号已绑定微信，请先解绑' });

    // another account tries to bind lisi's WeChat
    await b.get(`/notify/smsLoginCaptcha?phoneNumber=13700137000`);
    const other = await b.post('/auth/sms/login', { phonenumber: '13700137000', smsCode: await w.smsCode('13700137000') });
    expect((await qrBind('lisi', other.body.data)).msg).toEqual({ code: 500, msg: '您的微信已绑定其他账号，请先使用微信登录解绑后重试' });
  });

  it('getWxBindMsg: unknown id → 操作成功; no id → 500; requires a token', async () => {
    expect((await b.get('/wechat/getWxBindMsg?wxBindMsgId=unknown', { token })).body).toEqual({ code: 200, msg: '操作成功' });
    expect((await b.get('/wechat/getWxBindMsg', { token })).body).toEqual({ code: 500, msg: '请传入绑定信息ID' });
    expect((await b.get('/wechat/getWxBindMsg?wxBindMsgId=x')).body).toEqual({ code: 401, msg: '请求访问：/wechat/getWxBindMsg，认证失败，无法访问系统资源' });
    expect((await b.get('/wechat/getWxBindQr')).body.code).toBe(401);
  });

  it('getWxBindQr without the wechat_open_web_bind row: 500 请先配置…; the callback then falls back to the profile page', async () => {
    write(w.login.ctx.db, ['iot_social_platform'], "DELETE FROM iot_social_platform WHERE platform = 'wechat_open_web_bind'");
    expect((await b.get('/wechat/getWxBindQr', { token })).body).toEqual({ code: 500, msg: '请先配置微信开放平台网站应用个人中心绑定信息' });
    const cb = await b.get('/wechat/wxBind/callback?code=x&state=y&wxBindId=z');
    expect(cb.location!.startsWith(`${w.url}/user/profile?wxBindMsgId=`)).toBe(true);
  });
});

describe('POST /wechat/bind (apps)', () => {
  it('mini program: binds the jscode2session identity; idempotent for the same WeChat user', async () => {
    const code = (await w.wechatControl('/miniprogram/login', { appid: 'mini', persona: 'wangwu' })).code;
    expect((await b.post('/wechat/bind', { sourceClient: 'wechat_open_mini_program', code }, { token })).body).toEqual({ code: 200, msg: '绑定成功' });
    const profile = await b.get('/system/user/profile', { token });
    expect(profile.body.socialGroup[0]).toMatchObject({ source: 'WECHAT_OPEN_MINI_PROGRAM', sourceClient: 'wechat_open_mini_program', status: '1' });
    const code2 = (await w.wechatControl('/miniprogram/login', { appid: 'mini', persona: 'wangwu' })).code;
    expect((await b.post('/wechat/bind', { sourceClient: 'wechat_open_mini_program', code: code2 }, { token })).body).toEqual({ code: 200, msg: '绑定成功' });
  });

  it('refuses to bind a second, different WeChat user (FastBee silently answers 绑定成功)', async () => {
    const c1 = (await w.wechatControl('/miniprogram/login', { appid: 'mini', persona: 'wangwu' })).code;
    await b.post('/wechat/bind', { sourceClient: 'wechat_open_mini_program', code: c1 }, { token });
    const c2 = (await w.wechatControl('/miniprogram/login', { appid: 'mini', persona: 'lisi' })).code;
    expect((await b.post('/wechat/bind', { sourceClient: 'wechat_open_mini_program', code: c2 }, { token })).body).toEqual({
      code: 500,
      msg: '您的账号已绑定微信，请先解绑',
    });
  });

  it('mobile: by code, or by openId/unionId only when a verified mobileLogin saw them', async () => {
    const a = (await w.wechatControl('/sdk/auth', { appid: 'mobile', persona: 'lisi', exchange: true })).authResult;
    expect((await b.post('/wechat/bind', { sourceClient: 'wechat_open_mobile', openId: a.openid, unionId: a.unionid }, { token })).body).toEqual({
      code: 500,
      msg: '获取微信信息失败，请重试！',
    });
    await w.browser().post('/wechat/mobileLogin', { accessToken: a.access_token, openId: a.openid, unionId: a.unionid });
    expect((await b.post('/wechat/bind', { sourceClient: 'wechat_open_mobile', openId: a.openid, unionId: a.unionid }, { token })).body).toEqual({
      code: 200,
      msg: '绑定成功',
    });
    const again = await w.browser().post('/wechat/mobileLogin', { code: (await w.wechatControl('/sdk/auth', { appid: 'mobile', persona: 'lisi' })).code });
    expect((await b.get('/getInfo', { token: again.body.data.token })).body.user.userName).toBe('admin');
  });

  it('mobile by code; a WeChat user bound to another account is refused', async () => {
    await b.get('/notify/smsLoginCaptcha?phoneNumber=13700137000');
    const other = (await b.post('/auth/sms/login', { phonenumber: '13700137000', smsCode: await w.smsCode('13700137000') })).body.data;
    const code = (await w.wechatControl('/sdk/auth', { appid: 'mobile', persona: 'zhaoliu' })).code;
    expect((await b.post('/wechat/bind', { sourceClient: 'wechat_open_mobile', code }, { token: other })).body).toEqual({ code: 200, msg: '绑定成功' });
    const code2 = (await w.wechatControl('/sdk/auth', { appid: 'mobile', persona: 'zhaoliu' })).code;
    expect((await b.post('/wechat/bind', { sourceClient: 'wechat_open_mobile', code: code2 }, { token })).body).toEqual({
      code: 500,
      msg: '该微信已绑定其他账号，请先使用微信登录解绑后重试！',
    });
  });

  it('missing inputs', async () => {
    expect((await b.post('/wechat/bind', {}, { token })).body).toEqual({ code: 500, msg: '请传入验证方式' });
    expect((await b.post('/wechat/bind', { sourceClient: 'wechat_open_mobile' }, { token })).body).toEqual({ code: 500, msg: '请传入微信用户信息' });
    expect((await b.post('/wechat/bind', { sourceClient: 'wechat_open_mini_program' }, { token })).body).toEqual({ code: 500, msg: '请传入用户凭证' });
    expect((await b.post('/wechat/bind', { sourceClient: 'wechat_open_mini_program', code: 'bad' }, { token })).body).toEqual({
      code: 500,
      msg: '获取微信信息失败，请重试！',
    });
    expect((await b.post('/wechat/bind', { sourceClient: 'qq_open_app', code: 'x' }, { token })).body).toEqual({ code: 500, msg: '错误平台类型' });
    expect((await b.post('/wechat/bind', { sourceClient: 'wechat_open_mobile', code: 'x' })).body.code).toBe(401);
  });
});

describe('POST /wechat/cancelBind', () => {
  beforeEach(async () => {
    expect((await qrBind('lisi')).msg.msg).toBe('绑定成功');
  });

  it('with the right password: unbinds (soft delete), wxBind false, and WeChat login needs binding again', async () => {
    expect((await b.post('/wechat/cancelBind', { verifyType: 1, password: 'admin123' }, { token })).body).toEqual({ code: 200, msg: '解绑成功' });
    const profile = await b.get('/system/user/profile', { token });
    expect(profile.body.wxBind).toBe(false);
    expect(profile.body.socialGroup).toEqual([]);
    expect(w.login.ctx.db.prepare("SELECT del_flag FROM iot_social_user WHERE source_client = 'wechat_open_web'").pluck().get()).toBe('1');
    expect((await w.webLogin(w.browser(), 'lisi')).kind).toBe('bindId');
    // nothing left to unbind
    expect((await b.post('/wechat/cancelBind', { verifyType: 1, password: 'admin123' }, { token })).body).toEqual({ code: 500, msg: '解绑失败' });
  });

  it('without a password, or with a wrong one, nothing is unbound', async () => {
    expect((await b.post('/wechat/cancelBind', { verifyType: 1 }, { token })).body).toEqual({ code: 500, msg: '请传入用户密码' });
    expect((await b.post('/wechat/cancelBind', { verifyType: 1, password: 'nope-nope' }, { token })).body).toEqual({ code: 500, msg: '密码错误，请重新输入' });
    expect((await b.post('/wechat/cancelBind', {}, { token })).body).toEqual({ code: 500, msg: '请传入验证方式' });
    expect((await b.get('/system/user/profile', { token })).body.wxBind).toBe(true);
  });

  it("verifyType=2 really checks the SMS code sent to the account's phone (FastBee checks nothing)", async () => {
    expect((await b.post('/wechat/cancelBind', { verifyType: 2, userPhone: '15888888888', smsCode: '123456' }, { token })).body).toEqual({
      code: 500,
      msg: '验证码已失效，请重新获取',
    });
    expect((await b.post('/wechat/cancelBind', { verifyType: 2, userPhone: '13800138000', smsCode: '123456' }, { token })).body).toEqual({
      code: 500,
      msg: '手机号与账号绑定的手机号不一致',
    });
    await b.get('/notify/smsLoginCaptcha?phoneNumber=15888888888');
    const code = (await w.smsCode('15888888888'))!;
    const wrong = code === '000000' ? '000001' : '000000';
    expect((await b.post('/wechat/cancelBind', { verifyType: 2, userPhone: '15888888888', smsCode: wrong }, { token })).body).toEqual({
      code: 500,
      msg: '验证码错误',
    });
    expect((await b.get('/system/user/profile', { token })).body.wxBind).toBe(true);
    expect((await b.post('/wechat/cancelBind', { verifyType: '2', userPhone: '15888888888', smsCode: code }, { token })).body).toEqual({
      code: 200,
      msg: '解绑成功',
    });
  });

  it('requires a token', async () => {
    expect((await b.post('/wechat/cancelBind', { verifyType: 1, password: 'admin123' })).body.code).toBe(401);
  });
});
