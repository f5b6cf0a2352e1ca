import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { APPS, expectWxError, useMock } from '../test-support.ts';

const t = useMock();
const { mini } = APPS;

async function phoneCode(persona = 'zhangsan'): Promise<string> {
  const r = await t.wx.control('POST', '/miniprogram/phone', { appid: mini.appid, persona });
  return r.code;
}
const getPhone = (token: string, body: unknown) => t.wx.post('/wxa/business/getuserphonenumber', body, { query: { access_token: token } });

/** The checksession signature: HMAC-SHA256 keyed by the session_key text itself, over "" for GET. */
const sign = (key: string | Buffer, message = '') => createHmac('sha256', key).update(message).digest('hex');

describe('/wxa/business/getuserphonenumber', () => {
  it('answers errcode 0, "ok" and phone_info in the captured key order, countryCode a string', async () => {
    const token = await t.wx.appToken();
    const before = Math.floor(Date.now() / 1000);
    const r = await getPhone(token, { code: await phoneCode() });
    expect(r.status).toBe(200);
    expect(r.contentType).toBe('application/json; encoding=utf-8');
    expect(Object.keys(r.body)).toEqual(['errcode', 'errmsg', 'phone_info']);
    expect(r.body.errcode).toBe(0);
    expect(r.body.errmsg).toBe('ok');
    expect(Object.keys(r.body.phone_info)).toEqual(['phoneNumber', 'purePhoneNumber', 'countryCode', 'watermark']);
    expect(Object.keys(r.body.phone_info.watermark)).toEqual(['timestamp', 'appid']);
    expect(r.body.phone_info).toMatchObject({
      phoneNumber: '13800138000',
      purePhoneNumber: '13800138000',
      countryCode: '86',
      watermark: { appid: mini.appid },
    });
    expect(r.raw).toContain('"countryCode":"86"');
    expect(r.body.phone_info.watermark.timestamp).toBeGreaterThanOrEqual(before);
    expect(r.body.phone_info.watermark.timestamp).toBeLessThanOrEqual(before + 5);
  });

  it('prefixes a foreign number with its country code in phoneNumber only', async () => {
    await t.wx.control('PATCH', '/personas/lisi', { phone: '91234567', countryCode: '852' });
    const r = await getPhone(await t.wx.appToken(), { code: await phoneCode('lisi') });
    expect(r.body.phone_info).toMatchObject({ phoneNumber: '+85291234567', purePhoneNumber: '91234567', countryCode: '852' });
  });

  it('takes the JSON body whatever Content-Type says (FastBee posts it as a form)', async () => {
    const res = await t.wx.post(`/wxa/business/getuserphonenumber?access_token=${await t.wx.appToken()}`, JSON.stringify({ code: await phoneCode() }), {
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(res.body.phone_info.purePhoneNumber).toBe('13800138000');
  });

  it('uses a phone code once and for 5 minutes; checks an optional openid', async () => {
    const token = await t.wx.appToken();
    const code = await phoneCode();
    expect((await getPhone(token, { code })).body.errcode).toBe(0);
    expectWxError(await getPhone(token, { code }), 40163, 'code been used');
    const late = await phoneCode();
    await t.wx.advance(301);
    const token2 = await t.wx.appToken();
    const expired = await getPhone(token2, { code: late });
    expectWxError(expired, 40029);
    expect(expired.body.errmsg).toMatch(/^invalid code hint: \[[A-Za-z0-9_-]{16}\] rid: /);
    const { openid } = await t.wx.miniLogin('zhangsan');
    expect((await getPhone(token2, { code: await phoneCode(), openid })).body.errcode).toBe(0);
    const other = (await t.wx.miniLogin('lisi')).openid;
    expectWxError(await getPhone(token2, { code: await phoneCode(), openid: other }), 40029);
  });

  it('answers token and body errors: 41001, 40001, 42001, 44002, 47001, 41008, 40029', async () => {
    const token = await t.wx.appToken();
    expectWxError(await t.wx.post('/wxa/business/getuserphonenumber', { code: 'x' }), 41001, 'access_token missing');
    expectWxError(await getPhone('nope', { code: 'x' }), 40001, 'invalid credential, access_token is invalid or not latest');
    expectWxError(await t.wx.post('/wxa/business/getuserphonenumber', undefined, { query: { access_token: token } }), 44002);
    expectWxError(await getPhone(token, '{"code":'), 47001);
    expectWxError(await getPhone(token, {}), 41008);
    expectWxError(await getPhone(token, { code: 42 }), 41008);
    expectWxError(await getPhone(token, { code: 'e31968a7f94cc5ee25fafc2aef2773f0bb8c3937b22520eb8ee345274d00c144' }), 40029);
    // A phone code of another app, or a login code, is not this app's phone code.
    const { code: jsCode } = await t.wx.control('POST', '/miniprogram/login', { appid: mini.appid, persona: 'zhangsan' });
    expectWxError(await getPhone(token, { code: jsCode }), 40029);
    await t.wx.advance(7200);
    expectWxError(await getPhone(token, { code: await phoneCode() }), 42001, 'access_token expired');
  });
});

describe('phone-number billing', () => {
  it('counts successful calls per appid: free quota first, then the price per call', async () => {
    await t.wx.control('PATCH', '/apps/mini', { phoneFreeQuota: 2 });
    const token = await t.wx.appToken();
    for (let i = 0; i < 3; i++) expect((await getPhone(token, { code: await phoneCode() })).body.errcode).toBe(0);
    // A failed call is not billed.
    await getPhone(token, { code: 'bogus' });
    const { billing } = await t.wx.control('GET', '/billing');
    expect(billing).toHaveLength(1);
    expect(billing[0]).toMatchObject({
      appid: mini.appid,
      key: 'mini',
      calls: 3,
      freeQuota: 2,
      freeUsed: 2,
      freeRemaining: 0,
      chargedCalls: 1,
      price: 0.03,
      chargedAmount: 0.03,
      buttonTaps: 3,
    });
    await t.wx.control('PATCH', '/apps/mini', { phonePrice: 0.04 });
    expect((await getPhone(token, { code: await phoneCode() })).body.errcode).toBe(0);
    const after = (await t.wx.control('GET', `/billing?appid=${mini.appid}`)).billing[0];
    expect(after).toMatchObject({ calls: 4, chargedCalls: 2, chargedAmount: 0.07 });
  });

  it('defaults to 1000 free calls at 0.03 and answers errno 1400001 on the button once a call limit is used up', async () => {
    expect((await t.wx.control('GET', '/billing?appid=mini')).billing[0]).toMatchObject({ freeQuota: 1000, price: 0.03, calls: 0 });
    await t.wx.control('PATCH', '/apps/mini', { phoneCallLimit: 1 });
    expect((await t.wx.control('POST', '/miniprogram/phone', { appid: 'mini', persona: 'zhangsan' })).code).toBeTypeOf('string');
    expect(await t.wx.control('POST', '/miniprogram/phone', { appid: 'mini', persona: 'zhangsan' })).toEqual({
      errMsg: 'getPhoneNumber:fail no quota',
      errno: 1400001,
    });
  });
});

describe('/wxa/checksession', () => {
  it('answers 0 "ok" for HMAC-SHA256 keyed by the session_key string over "", else 87009', async () => {
    const { session_key, openid } = await t.wx.miniLogin('zhangsan');
    const token = await t.wx.appToken();
    const check = (signature: string, extra: Record<string, string> = {}) =>
      t.wx.get('/wxa/checksession', { query: { access_token: token, openid, signature, sig_method: 'hmac_sha256', ...extra } });
    const ok = await check(sign(session_key));
    expect(ok.raw).toBe('{"errcode":0,"errmsg":"ok"}');
    expectWxError(await check(sign(Buffer.from(session_key, 'base64'))), 87009, 'invalid signature');
    expectWxError(await check('00'), 87009);
    expectWxError(await check(sign(session_key).toUpperCase()), 87009);
    expectWxError(await check(`${sign(session_key)}zz`), 87009);
    expectWxError(await check(sign(session_key), { sig_method: 'md5' }), 87008, 'invalid sig_method');
    expectWxError(await t.wx.get('/wxa/checksession', { query: { access_token: token, signature: sign(session_key), sig_method: 'hmac_sha256' } }), 41009);
    expectWxError(await t.wx.get('/wxa/checksession', { query: { openid, signature: sign(session_key), sig_method: 'hmac_sha256' } }), 41001);
    // A new wx.login + jscode2session replaces the session_key: the old signature no longer checks.
    const next = await t.wx.miniLogin('zhangsan');
    expectWxError(await check(sign(session_key)), 87009);
    expect((await check(sign(next.session_key))).body.errcode).toBe(0);
  });

  it('matches the documentation example of the signature', () => {
    expect(sign('o0q0otL8aEzpcZL/FT9WsQ==', '{"foo":"bar"}')).toBe('654571f79995b2ce1e149e53c0a33dc39c0a74090db514261454e8dbe432aa0b');
  });
});

describe('/wxa/resetusersessionkey', () => {
  it('issues a new session_key that replaces the old one', async () => {
    const { session_key, openid } = await t.wx.miniLogin('zhangsan');
    const token = await t.wx.appToken();
    const r = await t.wx.get('/wxa/resetusersessionkey', { query: { access_token: token, openid, signature: sign(session_key), sig_method: 'hmac_sha256' } });
    expect(Object.keys(r.body)).toEqual(['errcode', 'errmsg', 'openid', 'session_key']);
    expect(r.body).toMatchObject({ errcode: 0, errmsg: 'ok', openid });
    expect(r.body.session_key).not.toBe(session_key);
    const check = (key: string) => t.wx.get('/wxa/checksession', { query: { access_token: token, openid, signature: sign(key), sig_method: 'hmac_sha256' } });
    expect((await check(r.body.session_key)).body.errcode).toBe(0);
    expect((await check(session_key)).body.errcode).toBe(87009);
  });
});
