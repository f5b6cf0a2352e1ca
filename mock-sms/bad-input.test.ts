import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectControlError } from '../core/control-test-support.ts';
import { HttpClient, type HttpResponse } from '../core/http-client.ts';
import { startMockSms, type StartedMockSms } from './app.ts';
import { buildRpcRequest } from './signing/aliyun-rpc.ts';
import { signV3Request } from './signing/aliyun-v3.ts';
import { tc3JsonHeaders } from './signing/tencent-tc3.ts';
import { ALIYUN_KEY, TENCENT_KEY } from './test-support.ts';

// Bad input gets the emulated gateway's own error shape and status, never a 500, and loses nothing.
let mock: StartedMockSms;
let host: string;
const client = () => new HttpClient(mock.url);

beforeAll(async () => {
  mock = await startMockSms();
  host = new URL(mock.url).host;
  // One stored message that every bad request below must leave alone.
  const body = JSON.stringify({
    PhoneNumberSet: ['+8613800138000'],
    SmsSdkAppId: '1400000001',
    SignName: 'wxmock',
    TemplateId: '1000001',
    TemplateParamSet: ['314159'],
  });
  const { Host: _h, ...headers } = tc3JsonHeaders({ secretId: TENCENT_KEY.id, secretKey: TENCENT_KEY.secret, host, body });
  await client().post('/', body, { headers });
});
afterAll(async () => {
  const left = (await client().get('/__mock/sms/code?phone=13800138000')).body;
  expect(left.code).toBe('314159');
  await mock.stop();
});

async function raw(path: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<HttpResponse> {
  return client().request(init.method ?? 'POST', path, { headers: init.headers, body: init.body });
}

function expectAliyunGateway(r: HttpResponse, status: number, code: string) {
  expect(r.status).toBe(status);
  expect(r.contentType).toBe('application/json;charset=utf-8');
  expect(r.body).toMatchObject({ Code: code, HostId: 'dysmsapi.aliyuncs.com' });
  expect(r.body.RequestId).toMatch(/^[0-9A-F-]{36}$/);
  expect(typeof r.body.Message).toBe('string');
}

describe('Aliyun bad input', () => {
  const rpc = (params: Record<string, string>, action = 'SendSms', version?: string) => {
    const r = buildRpcRequest({ accessKeyId: ALIYUN_KEY.id, accessKeySecret: ALIYUN_KEY.secret, action, params, version });
    return raw(`/?${r.query}`, { headers: { 'content-type': r.contentType }, body: r.body });
  };

  it('an empty POST / → MissingAction 400', async () => {
    expectAliyunGateway(await raw('/'), 400, 'MissingAction');
  });

  it('an unknown action → InvalidApi.NotFound 404; a wrong version → InvalidVersion 400', async () => {
    expectAliyunGateway(await rpc({}, 'DeleteEverything'), 404, 'InvalidApi.NotFound');
    expectAliyunGateway(await rpc({ PhoneNumbers: '13800138000' }, 'SendSms', '2099-01-01'), 400, 'InvalidVersion');
  });

  it('missing business parameters → Missing{Param} 400 with the real message', async () => {
    const r = await rpc({ SignName: 'wxmock', TemplateCode: 'SMS_460000001' });
    expectAliyunGateway(r, 400, 'MissingPhoneNumbers');
    expect(r.body.Message).toBe('PhoneNumbers is mandatory for this action.');
    const headers = signV3Request({
      accessKeyId: ALIYUN_KEY.id,
      accessKeySecret: ALIYUN_KEY.secret,
      host,
      action: 'SendSms',
      query: { PhoneNumbers: '13800138000' },
    });
    expectAliyunGateway(await raw('/?PhoneNumbers=13800138000', { headers }), 400, 'MissingSignName');
  });

  it('unsigned, half-signed and garbled requests → the gateway errors, not a crash', async () => {
    expectAliyunGateway(await raw('/?Action=SendSms&Version=2017-05-25'), 400, 'MissingAccessKeyId');
    expectAliyunGateway(
      await raw('/?Action=SendSms&Version=2017-05-25&AccessKeyId=x&Signature=y&SignatureMethod=HMAC-SHA256&SignatureNonce=1&Timestamp=2026-01-01T00:00:00Z'),
      400,
      'InvalidSignatureMethod',
    );
    expectAliyunGateway(
      await raw('/', { headers: { authorization: 'ACS3-HMAC-SHA256 garbage', 'x-acs-action': 'SendSms', 'x-acs-version': '2017-05-25' } }),
      400,
      'IncompleteSignature',
    );
    expectAliyunGateway(
      await raw('/', {
        headers: { authorization: 'ACS3-HMAC-SM3 Credential=a,SignedHeaders=host,Signature=b', 'x-acs-action': 'SendSms', 'x-acs-version': '2017-05-25' },
      }),
      400,
      'InvalidSignatureMethod',
    );
    const junk = await raw('/?Action=SendSms&Version=2017-05-25', {
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: '%ZZ=%E9%9&&==&\u0000\uffff',
    });
    expectAliyunGateway(junk, 400, 'MissingAccessKeyId');
  });

  it('QuerySendDetails with a bad SendDate → InvalidSendDate 400', async () => {
    expectAliyunGateway(await rpc({ PhoneNumber: '13800138000', SendDate: 'today' }, 'QuerySendDetails'), 400, 'InvalidSendDate');
    expectAliyunGateway(await rpc({ PhoneNumber: '13800138000' }, 'QuerySendDetails'), 400, 'MissingSendDate');
  });

  it('SendBatchSms with arrays of different lengths → isv.INVALID_PARAMETERS (HTTP 200)', async () => {
    const r = await rpc({ PhoneNumberJson: '["13800138001","13800138002"]', SignNameJson: '["wxmock"]', TemplateCode: 'SMS_460000001' }, 'SendBatchSms');
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ Code: 'isv.INVALID_PARAMETERS', Message: '参数异常' });
  });

  it('an unknown path → InvalidApi.NotFound 404 in the Aliyun shape', async () => {
    expectAliyunGateway(await raw('/sms/send'), 404, 'InvalidApi.NotFound');
  });
});

describe('Tencent bad input (always HTTP 200, Response.Error)', () => {
  const tc = async (body: string, o: { action?: string; version?: string } = {}) => {
    const { Host: _h, ...headers } = tc3JsonHeaders({
      secretId: TENCENT_KEY.id,
      secretKey: TENCENT_KEY.secret,
      host,
      body,
      action: o.action,
      version: o.version,
    });
    const r = await raw('/', { headers, body });
    expect(r.status).toBe(200);
    expect(r.body.Response.RequestId).toMatch(/^[0-9a-f-]{36}$/);
    return r.body.Response as { Error?: { Code: string; Message: string }; SendStatusSet?: any[] };
  };
  const good = { PhoneNumberSet: ['+8613800138001'], SmsSdkAppId: '1400000001', SignName: 'wxmock', TemplateId: '1000001', TemplateParamSet: ['1'] };

  it('unknown action / version', async () => {
    expect((await tc('{}', { action: 'DeleteSign' })).Error?.Code).toBe('InvalidAction');
    expect((await tc('{}', { version: '2099-01-01' })).Error?.Code).toBe('NoSuchVersion');
  });

  it('a body that is not a JSON object → FailedOperation.JsonParseFail', async () => {
    expect((await tc('{"PhoneNumberSet":')).Error?.Code).toBe('FailedOperation.JsonParseFail');
    expect((await tc('[1,2]')).Error?.Code).toBe('FailedOperation.JsonParseFail');
  });

  it('missing, mistyped, empty, unknown and too many parameters', async () => {
    const missing = await tc(JSON.stringify({ ...good, PhoneNumberSet: undefined }));
    expect(missing.Error).toEqual({ Code: 'MissingParameter', Message: 'The request is missing a required parameter `PhoneNumberSet`.' });
    expect((await tc(JSON.stringify({ ...good, TemplateId: undefined }))).Error?.Code).toBe('MissingParameter');
    expect((await tc(JSON.stringify({ ...good, PhoneNumberSet: '+8613800138001' }))).Error?.Code).toBe('InvalidParameter');
    expect((await tc(JSON.stringify({ ...good, PhoneNumberSet: [] }))).Error?.Code).toBe('MissingParameter.EmptyPhoneNumberSet');
    expect((await tc(JSON.stringify({ ...good, Foo: 1 }))).Error?.Code).toBe('UnknownParameter');
    const many = Array.from({ length: 201 }, (_, i) => `+86138${String(i).padStart(8, '0')}`);
    expect((await tc(JSON.stringify({ ...good, PhoneNumberSet: many }))).Error?.Code).toBe('LimitExceeded.PhoneNumberCountLimit');
  });

  it('no Region header → MissingParameter', async () => {
    const body = JSON.stringify(good);
    const { Host: _h, 'X-TC-Region': _r, ...headers } = tc3JsonHeaders({ secretId: TENCENT_KEY.id, secretKey: TENCENT_KEY.secret, host, body });
    const r = await raw('/', { headers, body });
    expect(r.body.Response.Error.Message).toContain('`Region`');
  });

  it('the 2019-07-11 field names work under that version', async () => {
    const body = JSON.stringify({
      PhoneNumberSet: ['+8613800138002'],
      SmsSdkAppid: '1400000001',
      Sign: 'wxmock',
      TemplateID: '1000001',
      TemplateParamSet: ['2019'],
    });
    expect((await tc(body, { version: '2019-07-11' })).SendStatusSet?.[0]?.Code).toBe('Ok');
  });
});

describe('control API bad input', () => {
  it('a broken state import is refused (422) and changes nothing', async () => {
    expectControlError(
      await raw('/__mock/state', { method: 'PUT', body: JSON.stringify({ format: 'wxmock-state', schema: 2, tables: { sms_messages: 'nope' } }) }),
      'bad_state',
    );
  });

  it('an unknown control route → 404 {error}', async () => {
    expectControlError(await raw('/__mock/sms/nothing', { method: 'GET' }), 'not_found');
  });
});
