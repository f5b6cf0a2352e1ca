import { createDecipheriv } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { ControlCode } from '../../core/control-errors.ts';
import { expectControlError } from '../../core/control-test-support.ts';
import { APPS, useMock } from '../test-support.ts';

const t = useMock();
const { mobile, mini } = APPS;

/** The old getPhoneNumber decryption, as wechat-oauth and WxJava do it. */
function decrypt(sessionKey: string, encryptedData: string, iv: string): unknown {
  const d = createDecipheriv('aes-128-cbc', Buffer.from(sessionKey, 'base64'), Buffer.from(iv, 'base64'));
  return JSON.parse(Buffer.concat([d.update(Buffer.from(encryptedData, 'base64')), d.final()]).toString('utf8'));
}

describe('POST /__mock/sdk/auth (mobile OpenSDK SendAuth.Resp)', () => {
  it('answers errCode 0 with a code, the state, lang and country; the code exchanges with the scope asked for', async () => {
    const r = await t.wx.control('POST', '/sdk/auth', { appid: mobile.appid, persona: 'lisi', state: 'csrf-123', scope: 'snsapi_userinfo' });
    expect(r).toMatchObject({ errCode: 0, state: 'csrf-123', lang: 'zh_CN', country: 'CN', appid: mobile.appid });
    expect(r.code).toMatch(/^[A-Za-z0-9]{32}$/);
    const tok = (await t.wx.exchange(mobile, r.code)).body;
    expect(tok.scope).toBe('snsapi_userinfo');
    const info = (await t.wx.get('/sns/userinfo', { query: { access_token: tok.access_token, openid: tok.openid } })).body;
    expect(info.nickname).toBe('李四');
  });

  it('answers errCode -2 on cancel and -4 on denial, with no code', async () => {
    const cancel = await t.wx.control('POST', '/sdk/auth', { appid: 'mobile', persona: 'lisi', state: 'x', result: 'cancel' });
    expect(cancel).toMatchObject({ errCode: -2, code: '', state: 'x' });
    const deny = await t.wx.control('POST', '/sdk/auth', { appid: 'mobile', persona: 'lisi', result: 'deny' });
    expect(deny).toMatchObject({ errCode: -4, code: '' });
  });

  it('answers control errors for an unknown app, a non-mobile app, an unknown persona, a bad result', async () => {
    const cases: [unknown, ControlCode][] = [
      [{ appid: 'wx0000000000000000', persona: 'lisi' }, 'unknown_app'],
      [{ appid: 'web', persona: 'lisi' }, 'wrong_app_type'],
      [{ appid: 'mobile', persona: 'nobody' }, 'unknown_persona'],
      [{ appid: 'mobile', persona: 'lisi', result: 'maybe' }, 'bad_result'],
      ['not json', 'bad_json'],
    ];
    for (const [body, code] of cases) expectControlError(await t.wx.post('/__mock/sdk/auth', body), code);
  });
});

describe('POST /__mock/miniprogram/login and /phone', () => {
  it('login gives a js_code that jscode2session takes', async () => {
    const r = await t.wx.control('POST', '/miniprogram/login', { appid: mini.appid, persona: 'zhangsan' });
    expect(r).toEqual({ errMsg: 'login:ok', code: expect.stringMatching(/^[A-Za-z0-9]{32}$/) });
    const s = await t.wx.get('/sns/jscode2session', { query: { ...mini, js_code: r.code, grant_type: 'authorization_code' } });
    expect(s.body.session_key).toBeTypeOf('string');
  });

  it("phone gives a code and encryptedData under the persona's latest session_key, with the watermark", async () => {
    await t.wx.miniLogin('zhangsan');
    const { session_key } = await t.wx.miniLogin('zhangsan');
    const r = await t.wx.control('POST', '/miniprogram/phone', { appid: mini.appid, persona: 'zhangsan' });
    expect(Object.keys(r)).toEqual(['errMsg', 'code', 'encryptedData', 'iv']);
    expect(r.errMsg).toBe('getPhoneNumber:ok');
    expect(r.code).toMatch(/^[0-9a-f]{64}$/);
    expect(Buffer.from(r.iv, 'base64')).toHaveLength(16);
    const plain = decrypt(session_key, r.encryptedData, r.iv) as Record<string, unknown>;
    expect(Object.keys(plain)).toEqual(['phoneNumber', 'purePhoneNumber', 'countryCode', 'watermark']);
    expect(plain).toMatchObject({ phoneNumber: '13800138000', purePhoneNumber: '13800138000', countryCode: '86', watermark: { appid: mini.appid } });
    expect(Math.abs((plain.watermark as { timestamp: number }).timestamp - Date.now() / 1000)).toBeLessThan(5);
    // The new one-time code works on the server too.
    const phone = await t.wx.post('/wxa/business/getuserphonenumber', { code: r.code }, { query: { access_token: await t.wx.appToken() } });
    expect(phone.body.phone_info.purePhoneNumber).toBe('13800138000');
  });

  it('a phone tap before any session gives only the code; refusal and a persona without phone are reported', async () => {
    expect(Object.keys(await t.wx.control('POST', '/miniprogram/phone', { appid: 'mini', persona: 'lisi' }))).toEqual(['errMsg', 'code']);
    expect(await t.wx.control('POST', '/miniprogram/phone', { appid: 'mini', persona: 'lisi', result: 'deny' })).toEqual({
      errMsg: 'getPhoneNumber:fail user deny',
    });
    expectControlError(await t.wx.post('/__mock/miniprogram/phone', { appid: 'mini', persona: 'wangwu' }), 'no_phone');
    expectControlError(await t.wx.post('/__mock/miniprogram/login', { appid: 'web', persona: 'wangwu' }), 'wrong_app_type');
  });
});

describe('POST /__mock/codes', () => {
  it('issues sns, js and phone codes for the right kinds of app, 201', async () => {
    const sns = await t.wx.post('/__mock/codes', { appid: 'web', persona: 'zhangsan', state: 'ignored' });
    expect(sns.status).toBe(201);
    expect(sns.body).toMatchObject({ appid: APPS.web.appid, kind: 'sns' });
    const js = await t.wx.control('POST', '/codes', { appid: 'mini', persona: 'zhangsan' });
    expect(js.kind).toBe('js');
    const phone = await t.wx.control('POST', '/codes', { appid: 'mini', persona: 'zhangsan', kind: 'phone' });
    expect(phone.code).toMatch(/^[0-9a-f]{64}$/);
    expectControlError(await t.wx.post('/__mock/codes', { appid: 'web', persona: 'zhangsan', kind: 'js' }), 'wrong_app_type');
    expectControlError(await t.wx.post('/__mock/codes', { appid: 'mini', persona: 'zhangsan', kind: 'voice' }), 'bad_kind');
    expectControlError(await t.wx.post('/__mock/codes', { appid: 'mini', persona: 'wangwu', kind: 'phone' }), 'no_phone');
    // A standard-base app's codes belong to DCloud's appid, as on a device.
    expect((await t.wx.control('POST', '/codes', { appid: 'mobile-standard', persona: 'zhangsan' })).appid).toBe(APPS.dcloud.appid);
  });
});
