import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startLoginWorld, type LoginWorld } from '../test-support.ts';

let w: LoginWorld;
beforeEach(async () => {
  w = await startLoginWorld();
});
afterEach(async () => {
  await w.stop();
});

async function pendingBind(persona = 'wangwu') {
  const b = w.browser();
  const o = await w.webLogin(b, persona);
  expect(o.kind).toBe('bindId');
  return { b, bindId: o.id };
}

describe('POST /auth/bind/login', () => {
  it('binds the WeChat user to an existing account, logs in, and the next WeChat login goes straight in', async () => {
    const { b, bindId } = await pendingBind('wangwu');
    const r = await b.post('/auth/bind/login', { username: 'admin', password: 'admin123', bindId, code: '', uuid: '' });
    expect(r.body.code).toBe(200);
    expect(r.body.msg).toBe('操作成功');
    expect(typeof r.body.token).toBe('string');
    const profile = await b.get('/system/user/profile', { token: r.body.token });
    expect(profile.body.wxBind).toBe(true);
    expect(profile.body.socialGroup).toHaveLength(1);
    expect(profile.body.socialGroup[0]).toMatchObject({ source: 'WECHAT_OPEN', sourceClient: 'wechat_open_web', status: '1', nickname: '王五' });
    expect((await w.webLogin(w.browser(), 'wangwu')).kind).toBe('loginId');
  });

  it('a bindId is spent by a successful bind: replaying it fails and checkBindId says bindAccount:false', async () => {
    const { b, bindId } = await pendingBind();
    expect((await b.post('/auth/bind/login', { username: 'admin', password: 'admin123', bindId })).body.code).toBe(200);
    const replay = await b.post('/auth/bind/login', { username: 'admin', password: 'admin123', bindId });
    expect(replay.body).toEqual({ code: 500, msg: '绑定信息已失效，请重新使用微信登录' });
    expect((await b.get(`/auth/checkBindId/${bindId}`)).body).toEqual({ code: 200, msg: '操作成功', bindAccount: false });
  });

  it('an unknown bindId is a clean code 500 (FastBee: NullPointerException)', async () => {
    const r = await w.browser().post('/auth/bind/login', { username: 'admin', password: 'admin123', bindId: 'deadbeef' });
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ code: 500, msg: '绑定信息已失效，请重新使用微信登录' });
  });

  it("an unknown user name is 450 用户不存在 (FastBee's code, which login apps read)", async () => {
    const { b, bindId } = await pendingBind();
    expect((await b.post('/auth/bind/login', { username: 'nobody', password: 'whatever1', bindId })).body).toEqual({ code: 450, msg: '用户不存在' });
  });

  it('a wrong password is 500 密码错误, keeps the bindId usable, and five misses lock the account', async () => {
    const { b, bindId } = await pendingBind();
    for (let i = 0; i < 5; i++)
      expect((await b.post('/auth/bind/login', { username: 'admin', password: 'wrong-pass', bindId })).body).toEqual({ code: 500, msg: '密码错误' });
    expect((await b.post('/auth/bind/login', { username: 'admin', password: 'admin123', bindId })).body).toEqual({
      code: 500,
      msg: '密码输入错误5次，帐户锁定10分钟',
    });
    await b.post('/__mock/clock', { advanceSeconds: 601 });
    expect((await b.post('/auth/bind/login', { username: 'admin', password: 'admin123', bindId: (await pendingBind()).bindId })).body.code).toBe(200);
  });

  it('an account that already has a WeChat binding is refused', async () => {
    const first = await pendingBind('wangwu');
    expect((await first.b.post('/auth/bind/login', { username: 'admin', password: 'admin123', bindId: first.bindId })).body.code).toBe(200);
    const second = await pendingBind('lisi');
    expect((await second.b.post('/auth/bind/login', { username: 'admin', password: 'admin123', bindId: second.bindId })).body).toEqual({
      code: 500,
      msg: '该账号已经绑定其他微信，请先解绑后重试！',
    });
  });

  it('with the captcha enabled, a missing or wrong captcha is refused before the password is looked at', async () => {
    await w.browser().request('PATCH', '/__mock/config', { body: { captchaEnabled: true } });
    const { b, bindId } = await pendingBind();
    expect((await b.post('/auth/bind/login', { username: 'admin', password: 'wrong-pass', bindId, code: '1', uuid: 'nope' })).body).toEqual({
      code: 500,
      msg: '验证码已失效',
    });
    const cap = await b.get('/captchaImage');
    expect(cap.body).toMatchObject({ code: 200, captchaEnabled: true });
    expect(cap.body.uuid).toMatch(/^[0-9a-f]{32}$/);
    expect(Buffer.from(cap.body.img, 'base64').subarray(1, 4).toString()).toBe('PNG');
    const answer = (await b.get(`/__mock/captcha/${cap.body.uuid}`)).body.answer as string;
    expect((await b.post('/auth/bind/login', { username: 'admin', password: 'admin123', bindId, code: `${answer}9`, uuid: cap.body.uuid })).body).toEqual({
      code: 500,
      msg: '验证码错误',
    });
    const cap2 = await b.get('/captchaImage');
    const answer2 = (await b.get(`/__mock/captcha/${cap2.body.uuid}`)).body.answer as string;
    expect((await b.post('/auth/bind/login', { username: 'admin', password: 'admin123', bindId, code: answer2, uuid: cap2.body.uuid })).body.code).toBe(200);
  });

  it('after unbinding, the same WeChat user can bind again (a soft-deleted row no longer holds the unique key)', async () => {
    const first = await pendingBind('wangwu');
    const token = (await first.b.post('/auth/bind/login', { username: 'admin', password: 'admin123', bindId: first.bindId })).body.token;
    expect((await first.b.post('/wechat/cancelBind', { verifyType: 1, password: 'admin123' }, { token })).body).toEqual({ code: 200, msg: '解绑成功' });
    const again = await pendingBind('wangwu');
    expect((await again.b.post('/auth/bind/login', { username: 'admin', password: 'admin123', bindId: again.bindId })).body.code).toBe(200);
    expect(w.login.ctx.db.prepare("SELECT del_flag FROM iot_social_user WHERE source = 'WECHAT_OPEN' ORDER BY social_user_id").pluck().all()).toEqual([
      '1',
      '0',
    ]);
    expect((await w.webLogin(w.browser(), 'wangwu')).kind).toBe('loginId');
  });

  it('malformed JSON is a code 500 envelope with HTTP 200, not a crash', async () => {
    const r = await w.browser().request('POST', '/auth/bind/login', { body: '{"username":', headers: { 'content-type': 'application/json' } });
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ code: 500, msg: '请求参数格式错误' });
  });
});

describe('POST /auth/bind/register', () => {
  it('creates the account (nick = user name), binds the WeChat user and logs in', async () => {
    const { b, bindId } = await pendingBind('lisi');
    const r = await b.post('/auth/bind/register', { username: 'lisi01', password: 'secret12', phonenumber: '13900139000', bindId, code: '', uuid: '' });
    expect(r.body.code).toBe(200);
    const info = await b.get('/system/user/profile', { token: r.body.token });
    expect(info.body.data).toMatchObject({ userName: 'lisi01', nickName: 'lisi01', phonenumber: '13900139000' });
    expect(info.body.data.password).toBeUndefined();
    expect(info.body.wxBind).toBe(true);
    expect((await w.webLogin(w.browser(), 'lisi')).kind).toBe('loginId');
    // the new account also logs in with its password
    expect((await w.browser().post('/login', { username: 'lisi01', password: 'secret12' })).body.code).toBe(200);
    // and the bindId is spent
    expect((await b.post('/auth/bind/register', { username: 'lisi02', password: 'secret12', bindId })).body.code).toBe(500);
  });

  it("refuses a taken user name, a taken phone, and bad lengths with FastBee's texts", async () => {
    const { b, bindId } = await pendingBind();
    expect((await b.post('/auth/bind/register', { username: 'admin', password: 'secret12', bindId })).body).toEqual({
      code: 500,
      msg: "保存用户'admin'失败，注册账号已存在",
    });
    expect((await b.post('/auth/bind/register', { username: 'newbie', password: 'secret12', phonenumber: '15888888888', bindId })).body).toEqual({
      code: 500,
      msg: "保存用户'newbie'失败，注册手机号码已存在",
    });
    expect((await b.post('/auth/bind/register', { username: 'x', password: 'secret12', bindId })).body).toEqual({
      code: 500,
      msg: '账户长度必须在2到20个字符之间',
    });
    expect((await b.post('/auth/bind/register', { username: 'newbie', password: '1234', bindId })).body).toEqual({
      code: 500,
      msg: '密码长度必须在5到20个字符之间',
    });
    expect((await b.post('/auth/bind/register', { username: '', password: 'secret12', bindId })).body).toEqual({ code: 500, msg: '用户名不能为空' });
    // none of those spent the bindId
    expect((await b.get(`/auth/checkBindId/${bindId}`)).body).toEqual({ code: 200, msg: bindId });
  });

  it('is refused when sys.account.registerUser is off', async () => {
    await w.browser().request('PATCH', '/__mock/config', { body: { registerUser: false } });
    const { b, bindId } = await pendingBind();
    expect((await b.post('/auth/bind/register', { username: 'newbie', password: 'secret12', bindId })).body).toEqual({
      code: 500,
      msg: '当前系统没有开启注册功能！',
    });
  });

  it('an unknown bindId is a clean code 500', async () => {
    expect((await w.browser().post('/auth/bind/register', { username: 'newbie', password: 'secret12', bindId: 'nope' })).body).toEqual({
      code: 500,
      msg: '绑定信息已失效，请重新使用微信登录',
    });
  });

  it('an expired bindId (3600 s) is refused', async () => {
    const { b, bindId } = await pendingBind();
    await b.post('/__mock/clock', { advanceSeconds: 3601 });
    expect((await b.post('/auth/bind/register', { username: 'newbie', password: 'secret12', bindId })).body.code).toBe(500);
  });
});
