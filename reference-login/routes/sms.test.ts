import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startLoginWorld, type LoginWorld } from '../test-support.ts';

let w: LoginWorld;
afterEach(async () => {
  await w.stop();
});

async function sendCode(phone: string) {
  return (await w.browser().get(`/notify/smsLoginCaptcha?phoneNumber=${phone}`)).body;
}

describe('SMS login through Aliyun (default channel)', () => {
  beforeEach(async () => {
    w = await startLoginWorld();
  });

  it('sends a 6-digit code through mock-sms with the Aliyun template, and /auth/sms/login answers with the token in data', async () => {
    expect(await sendCode('13800138000')).toEqual({ code: 200, msg: '操作成功' });
    const latest = (await w.smsHttp.get('/__mock/sms/latest?phone=13800138000')).body;
    expect(latest.message.provider).toBe('aliyun');
    const code = await w.smsCode('13800138000');
    expect(code).toMatch(/^\d{6}$/);
    expect(latest.message.text).toBe(`【wxmock】您的验证码为：${code}，5分钟内有效，请勿泄露于他人！`);
    // signed as SMS4J does: legacy RPC HMAC-SHA1, +86 before the number
    expect(latest.message.signatureScheme).toBe('RPC-HMAC-SHA1');
    expect(latest.message.phone).toBe('+8613800138000');
    expect(latest.message.params).toEqual({ code });
    const r = await w.browser().post('/auth/sms/login', { phonenumber: '13800138000', smsCode: code });
    // Quirk kept: msg 登录成功 and the JWT in data, not in token.
    expect(r.body.code).toBe(200);
    expect(r.body.msg).toBe('登录成功');
    expect(r.body.token).toBeUndefined();
    expect(typeof r.body.data).toBe('string');
    const info = await w.browser().get('/getInfo', { token: r.body.data });
    expect(info.body.user.userName).toBe('13800138000');
  });

  it('logs an existing account in by its phone', async () => {
    await sendCode('15888888888');
    const r = await w.browser().post('/auth/sms/login', { phonenumber: '15888888888', smsCode: await w.smsCode('15888888888') });
    expect((await w.browser().get('/getInfo', { token: r.body.data })).body.user.userName).toBe('admin');
  });

  it('a code is single use', async () => {
    await sendCode('13800138000');
    const code = await w.smsCode('13800138000');
    expect((await w.browser().post('/auth/sms/login', { phonenumber: '13800138000', smsCode: code })).body.code).toBe(200);
    expect((await w.browser().post('/auth/sms/login', { phonenumber: '13800138000', smsCode: code })).body).toEqual({
      code: 500,
      msg: '验证码已失效，请重新获取',
    });
  });

  it('five wrong guesses kill the code; the right code is refused after that', async () => {
    await sendCode('13800138000');
    const code = (await w.smsCode('13800138000'))!;
    const wrong = code === '000000' ? '000001' : '000000';
    for (let i = 0; i < 5; i++)
      expect((await w.browser().post('/auth/sms/login', { phonenumber: '13800138000', smsCode: wrong })).body).toEqual({ code: 500, msg: '验证码错误' });
    expect((await w.browser().post('/auth/sms/login', { phonenumber: '13800138000', smsCode: code })).body).toEqual({
      code: 500,
      msg: '验证码已失效，请重新获取',
    });
  });

  it('four wrong guesses still leave the right code usable', async () => {
    await sendCode('13800138000');
    const code = (await w.smsCode('13800138000'))!;
    const wrong = code === '000000' ? '000001' : '000000';
    for (let i = 0; i < 4; i++) await w.browser().post('/auth/sms/login', { phonenumber: '13800138000', smsCode: wrong });
    expect((await w.browser().post('/auth/sms/login', { phonenumber: '13800138000', smsCode: code })).body.code).toBe(200);
  });

  it("a code expires after 5 minutes (the login system's clock)", async () => {
    await sendCode('13800138000');
    const code = await w.smsCode('13800138000');
    await w.browser().post('/__mock/clock', { advanceSeconds: 301 });
    expect((await w.browser().post('/auth/sms/login', { phonenumber: '13800138000', smsCode: code })).body).toEqual({
      code: 500,
      msg: '验证码已失效，请重新获取',
    });
  });

  it('a second code for the same phone within 60 s is refused; after the cooldown it is sent', async () => {
    await sendCode('13800138000');
    expect(await sendCode('13800138000')).toEqual({ code: 500, msg: '验证码已发送，请稍后重试！' });
    await w.browser().post('/__mock/clock', { advanceSeconds: 61 });
    // mock-sms applies Aliyun's own 1/min flow control on its clock too
    await w.smsHttp.post('/__mock/clock', { advanceSeconds: 61 });
    expect(await sendCode('13800138000')).toEqual({ code: 200, msg: '操作成功' });
  });

  it('refuses a malformed phone number and a login without a code sent', async () => {
    expect(await sendCode('12345')).toEqual({ code: 500, msg: '手机号格式错误' });
    expect((await w.browser().post('/auth/sms/login', { phonenumber: '13900139000', smsCode: '123456' })).body).toEqual({
      code: 500,
      msg: '验证码已失效，请重新获取',
    });
  });

  it('no enabled captcha template: 500 查询不到启用的通知模板, nothing sent', async () => {
    await w.browser().request('PATCH', '/__mock/config', { body: { smsProvider: null } });
    expect(await sendCode('13800138000')).toEqual({ code: 500, msg: '查询不到启用的通知模板' });
    expect(await w.smsCode('13800138000')).toBeUndefined();
  });

  it('a gateway refusal is reported and no code is stored', async () => {
    await w.smsHttp.post('/__mock/faults', { endpoint: '*', code: 'isv.BUSINESS_LIMIT_CONTROL', times: 1 });
    const r = await sendCode('13800138000');
    expect(r.code).toBe(500);
    expect(r.msg).toContain('isv.BUSINESS_LIMIT_CONTROL');
    expect((await w.browser().post('/auth/sms/login', { phonenumber: '13800138000', smsCode: '123456' })).body.msg).toBe('验证码已失效，请重新获取');
  });
});

describe('SMS login through Tencent', () => {
  beforeEach(async () => {
    w = await startLoginWorld({ smsProvider: 'tencent' });
  });

  it('sends with the Tencent channel (TC3 signature, {1} template) and logs in', async () => {
    expect(await sendCode('13900139000')).toEqual({ code: 200, msg: '操作成功' });
    const latest = (await w.smsHttp.get('/__mock/sms/latest?phone=13900139000')).body;
    expect(latest.message.provider).toBe('tencent');
    const code = await w.smsCode('13900139000');
    expect(latest.message.text).toBe(`【wxmock】您的验证码为：${code}，5分钟内有效，请勿泄露于他人！`);
    expect(latest.message.signatureScheme).toBe('TC3-HMAC-SHA256');
    expect(latest.message.params).toEqual([code]);
    expect((await w.browser().post('/auth/sms/login', { phonenumber: '13900139000', smsCode: code })).body.code).toBe(200);
  });
});
