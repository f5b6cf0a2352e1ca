import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { HttpClient } from '../core/http-client.ts';
import { startMockSms, type StartedMockSms } from './app.ts';
import { acsTimestamp, buildRpcRequest, percentEncode } from './signing/aliyun-rpc.ts';
import { signV3Request } from './signing/aliyun-v3.ts';
import { tc3JsonHeaders } from './signing/tencent-tc3.ts';
import { ALIYUN_KEY, TENCENT_KEY } from './test-support.ts';

// Hand-built requests through the pure signing helpers: what a non-SDK client (SMS4J, the
// reference login system) sends, and what tampering, replay and stale clocks get back.
let mock: StartedMockSms;
let http: HttpClient;
let host: string;

beforeAll(async () => {
  mock = await startMockSms();
  http = new HttpClient(mock.url);
  host = new URL(mock.url).host;
});
afterAll(async () => {
  await mock.stop();
});
beforeEach(() => mock.reset());

const SEND = { PhoneNumbers: '13800138000', SignName: 'wxmock', TemplateCode: 'SMS_460000001', TemplateParam: '{"code":"246810"}' };

async function post(path: string, init: { headers?: Record<string, string>; body?: string }): Promise<{ status: number; body: any }> {
  const { Host: _h, host: _h2, ...headers } = init.headers ?? {};
  return http.post(path, init.body, { headers });
}

function rpc(overrides: Partial<Parameters<typeof buildRpcRequest>[0]> = {}) {
  const r = buildRpcRequest({ accessKeyId: ALIYUN_KEY.id, accessKeySecret: ALIYUN_KEY.secret, action: 'SendSms', params: SEND, ...overrides });
  return { path: `/?${r.query}`, headers: { 'content-type': r.contentType }, body: r.body };
}

describe('Aliyun RPC HMAC-SHA1, SMS4J layout (common params in the query, business params in the form body)', () => {
  it('accepts a correctly signed request and delivers the code', async () => {
    const r = rpc();
    const res = await post(r.path, r);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ Code: 'OK', Message: 'OK' });
    const code = (await http.get('/__mock/sms/code?phone=13800138000')).body;
    expect(code.code).toBe('246810');
  });

  it('a tampered parameter gives SignatureDoesNotMatch with the server string to sign', async () => {
    const r = rpc();
    const res = await post(r.path, { ...r, body: r.body.replace('13800138000', '13800138001') });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ Code: 'SignatureDoesNotMatch', HostId: 'dysmsapi.aliyuncs.com' });
    expect(res.body.Message).toContain(`server string to sign is:POST&%2F&AccessKeyId%3D${ALIYUN_KEY.id}`);
    expect(res.body.Message).toContain('PhoneNumbers%3D13800138001');
    expect(res.body.RequestId).toMatch(/^[0-9A-F-]{36}$/);
  });

  it('a replayed nonce gives SignatureNonceUsed', async () => {
    const r = rpc({ nonce: 'replay-me-1' });
    expect((await post(r.path, r)).status).toBe(200);
    const again = await post(r.path, r);
    expect(again.status).toBe(400);
    expect(again.body.Code).toBe('SignatureNonceUsed');
    expect(again.body.Message).toBe('Specified signature nonce was used already.');
  });

  it('a stale timestamp gives InvalidTimeStamp.Expired, a malformed one InvalidTimeStamp.Format', async () => {
    const stale = rpc({ timestamp: acsTimestamp(Date.now() - 16 * 60_000) });
    expect((await post(stale.path, stale)).body).toMatchObject({ Code: 'InvalidTimeStamp.Expired', Message: 'Specified time stamp or date value is expired.' });
    const odd = rpc({ timestamp: '2026/01/01 00:00:00' });
    const res = await post(odd.path, odd);
    expect(res.status).toBe(400);
    expect(res.body.Code).toBe('InvalidTimeStamp.Format');
  });

  it('a disabled key gives InvalidAccessKeyId.Inactive; a GET with everything in the query works too', async () => {
    const r = buildRpcRequest({ accessKeyId: ALIYUN_KEY.id, accessKeySecret: ALIYUN_KEY.secret, action: 'SendSms', params: SEND, method: 'GET' });
    const get = await http.get(`/?${r.query}&${r.body}`);
    expect(get.status).toBe(200);
    expect(get.body.Code).toBe('OK');
    await http.patch(`/__mock/sms/keys/${ALIYUN_KEY.id}`, { status: 'inactive' });
    const r2 = rpc();
    const res = await post(r2.path, r2);
    expect(res.status).toBe(400);
    expect(res.body.Code).toBe('InvalidAccessKeyId.Inactive');
  });
});

describe('Aliyun V3 ACS3-HMAC-SHA256', () => {
  // Node's querystring (what the SDK uses) leaves ! ' ( ) * raw; the canonical form escapes them.
  const rawQuery = (q: Record<string, string>) =>
    Object.entries(q)
      .map(([k, v]) => `${k}=${percentEncode(v).replace(/%2A/g, '*').replace(/%28/g, '(').replace(/%29/g, ')')}`)
      .join('&');
  const query = { ...SEND, OutId: 'order*(42)' };

  function v3(overrides: Partial<Parameters<typeof signV3Request>[0]> = {}) {
    return signV3Request({ accessKeyId: ALIYUN_KEY.id, accessKeySecret: ALIYUN_KEY.secret, host, action: 'SendSms', query, ...overrides });
  }

  it('accepts a signed request whose URL encoding differs from the canonical one', async () => {
    const res = await post(`/?${rawQuery(query)}`, { headers: v3() });
    expect(res.status).toBe(200);
    expect(res.body.Code).toBe('OK');
  });

  it('a tampered query parameter gives SignatureDoesNotMatch', async () => {
    const res = await post(`/?${rawQuery({ ...query, TemplateParam: '{"code":"000000"}' })}`, { headers: v3() });
    expect(res.status).toBe(400);
    expect(res.body.Code).toBe('SignatureDoesNotMatch');
  });

  it('a body that is not the one hashed gives SignatureDoesNotMatch', async () => {
    const headers = v3({
      action: 'SendBatchSms',
      query: { TemplateCode: 'SMS_460000001' },
      body: 'PhoneNumberJson=%5B%2213800138000%22%5D&SignNameJson=%5B%22wxmock%22%5D&TemplateParamJson=%5B%7B%22code%22%3A%221%22%7D%5D',
    });
    const res = await post('/?TemplateCode=SMS_460000001', {
      headers,
      body: 'PhoneNumberJson=%5B%2213800138009%22%5D&SignNameJson=%5B%22wxmock%22%5D&TemplateParamJson=%5B%7B%22code%22%3A%221%22%7D%5D',
    });
    expect(res.body.Code).toBe('SignatureDoesNotMatch');
  });

  it('a replayed nonce gives SignatureNonceUsed', async () => {
    const headers = v3({ nonce: 'f'.repeat(64) });
    expect((await post(`/?${rawQuery(query)}`, { headers })).status).toBe(200);
    const again = await post(`/?${rawQuery(query)}`, { headers });
    expect(again.body.Code).toBe('SignatureNonceUsed');
  });

  it('a stale x-acs-date gives InvalidTimeStamp.Expired', async () => {
    const res = await post(`/?${rawQuery(query)}`, { headers: v3({ date: acsTimestamp(Date.now() - 20 * 60_000) }) });
    expect(res.status).toBe(400);
    expect(res.body.Code).toBe('InvalidTimeStamp.Expired');
  });

  it('SignedHeaders leaving out x-acs-date gives IncompleteSignature', async () => {
    const headers = v3();
    headers.authorization = headers.authorization!.replace(';x-acs-date', '');
    const res = await post(`/?${rawQuery(query)}`, { headers });
    expect(res.body.Code).toBe('IncompleteSignature');
  });
});

describe('Tencent TC3-HMAC-SHA256, SMS4J style (service "sms", host with port, charset content type)', () => {
  const body = JSON.stringify({
    PhoneNumberSet: ['+8613800138000'],
    SmsSdkAppId: '1400000001',
    SignName: 'wxmock',
    TemplateId: '1000001',
    TemplateParamSet: ['135790'],
  });
  const sign = (o: Partial<Parameters<typeof tc3JsonHeaders>[0]> = {}) =>
    tc3JsonHeaders({ secretId: TENCENT_KEY.id, secretKey: TENCENT_KEY.secret, host, body, ...o });

  it('accepts the request and delivers the code', async () => {
    const res = await post('/', { headers: sign(), body });
    expect(res.status).toBe(200);
    expect(res.body.Response.SendStatusSet[0].Code).toBe('Ok');
    expect((await http.get('/__mock/sms/code?phone=13800138000')).body.code).toBe('135790');
  });

  it('a tampered body gives AuthFailure.SignatureFailure, still HTTP 200', async () => {
    const res = await post('/', { headers: sign(), body: body.replace('135790', '000000') });
    expect(res.status).toBe(200);
    expect(res.body.Response.Error.Code).toBe('AuthFailure.SignatureFailure');
    expect(res.body.Response.RequestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.body.Response.SendStatusSet).toBeUndefined();
  });

  it('a stale timestamp gives AuthFailure.SignatureExpire', async () => {
    const res = await post('/', { headers: sign({ timestamp: Math.floor(Date.now() / 1000) - 301 }), body });
    expect(res.body.Response.Error.Code).toBe('AuthFailure.SignatureExpire');
  });

  it("a credential date that is not the timestamp's UTC date gives AuthFailure.SignatureFailure", async () => {
    const headers = sign();
    headers.Authorization = headers.Authorization!.replace(/\/\d{4}-\d{2}-\d{2}\//, '/2001-01-01/');
    expect((await post('/', { headers, body })).body.Response.Error.Code).toBe('AuthFailure.SignatureFailure');
  });

  it('a missing or foreign Authorization gives AuthFailure.InvalidAuthorization', async () => {
    const { Authorization: _a, ...rest } = sign();
    expect((await post('/', { headers: rest, body })).body.Response.Error.Code).toBe('AuthFailure.InvalidAuthorization');
    expect((await post('/', { headers: { ...rest, Authorization: 'SKIP' }, body })).body.Response.Error.Code).toBe('AuthFailure.InvalidAuthorization');
  });
});
