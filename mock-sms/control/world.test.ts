import { describe, expect, it } from 'vitest';
import { SendSmsRequest } from '@alicloud/dysmsapi20170525';
import { expectControlError } from '../../core/control-test-support.ts';
import { aliyunClient, tencentClient, useMockSms } from '../test-support.ts';

const t = useMockSms();

function call(method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> {
  return t.http.request(method, `/__mock/sms${path}`, { body });
}

const aliyun = (p: { sign?: string; template?: string; param?: unknown; phone?: string }) =>
  aliyunClient(t.mock.url).sendSms(
    new SendSmsRequest({
      phoneNumbers: p.phone ?? '13800138000',
      signName: p.sign ?? 'wxmock',
      templateCode: p.template ?? 'SMS_460000001',
      templateParam: p.param === undefined ? JSON.stringify({ code: '123456' }) : (p.param as string),
    }),
  );
const tencent = (p: { sign?: string; template?: string; params?: string[]; app?: string; phones?: string[] }) =>
  tencentClient(t.mock.url).SendSms({
    PhoneNumberSet: p.phones ?? ['+8613800138000'],
    SmsSdkAppId: p.app ?? '1400000001',
    SignName: p.sign ?? 'wxmock',
    TemplateId: p.template ?? '1000001',
    TemplateParamSet: p.params ?? ['123456'],
  });

describe('default world', () => {
  it('has the keys, signs and templates the contract names', async () => {
    const cfg = await call('GET', '/config');
    expect(cfg.body.keys.map((k: any) => [k.provider, k.id, k.secret])).toEqual([
      ['aliyun', 'LTAI5tWxmockAliyun00001', 'wxmockAliyunSecret0000000000001'],
      ['tencent', 'AKIDwxmockTencent0000000000000000001', 'wxmockTencentSecretKey0000000001'],
    ]);
    expect(cfg.body.keys[1].sdkAppIds).toEqual(['1400000001']);
    expect(cfg.body.signs.map((s: any) => `${s.provider}:${s.name}:${s.status}`)).toEqual(['aliyun:wxmock:approved', 'tencent:wxmock:approved']);
    expect(cfg.body.templates.map((t: any) => [t.provider, t.id, t.type, t.text])).toEqual([
      ['aliyun', 'SMS_460000001', 'verification', '您的验证码为：${code}，5分钟内有效，请勿泄露于他人！'],
      ['tencent', '1000001', 'verification', '您的验证码为：{1}，5分钟内有效，请勿泄露于他人！'],
    ]);
  });
});

describe('Aliyun signs, templates and params give the real isv.* errors (HTTP 200)', () => {
  it('unknown or unapproved sign → isv.SMS_SIGNATURE_ILLEGAL', async () => {
    expect((await aliyun({ sign: '没有这个签名' })).body).toMatchObject({ code: 'isv.SMS_SIGNATURE_ILLEGAL', message: '短信签名不合法' });
    expect((await call('PATCH', '/signs/wxmock?provider=aliyun', { status: 'pending' })).status).toBe(200);
    expect((await aliyun({})).body?.code).toBe('isv.SMS_SIGNATURE_ILLEGAL');
  });

  it('unknown or unapproved template → isv.SMS_TEMPLATE_ILLEGAL', async () => {
    expect((await aliyun({ template: 'SMS_999' })).body?.code).toBe('isv.SMS_TEMPLATE_ILLEGAL');
    await call('PATCH', '/templates/SMS_460000001', { status: 'rejected' });
    expect((await aliyun({})).body?.code).toBe('isv.SMS_TEMPLATE_ILLEGAL');
  });

  it('missing template variable → isv.TEMPLATE_MISSING_PARAMETERS; non-string values → isv.INVALID_JSON_PARAM', async () => {
    expect((await aliyun({ param: '{"captcha":"1"}' })).body?.code).toBe('isv.TEMPLATE_MISSING_PARAMETERS');
    expect((await aliyun({ param: '' })).body?.code).toBe('isv.TEMPLATE_MISSING_PARAMETERS');
    expect((await aliyun({ param: '{"code":123456}' })).body).toMatchObject({ code: 'isv.INVALID_JSON_PARAM', message: 'JSON参数不合法，只接受字符串值' });
    expect((await aliyun({ param: '{code:1' })).body?.code).toBe('isv.INVALID_JSON_PARAM');
  });

  it('bad number → isv.MOBILE_NUMBER_ILLEGAL', async () => {
    expect((await aliyun({ phone: '1380013800' })).body?.code).toBe('isv.MOBILE_NUMBER_ILLEGAL');
    expect((await aliyun({ phone: '13800138000,abc' })).body?.code).toBe('isv.MOBILE_NUMBER_ILLEGAL');
  });

  it('a new template renders its own variables', async () => {
    expect(
      (await call('POST', '/templates', { provider: 'aliyun', id: 'SMS_470000002', type: 'notification', text: '订单${order}已发货，验证码${code}' })).status,
    ).toBe(201);
    expect((await aliyun({ template: 'SMS_470000002', param: JSON.stringify({ order: 'A1', code: '5566' }) })).body?.code).toBe('OK');
    const latest = (await t.http.get('/__mock/sms/latest?phone=13800138000')).body;
    expect(latest.message).toMatchObject({ text: '【wxmock】订单A1已发货，验证码5566', code: '5566' });
  });
});

describe('Tencent signs, templates and params', () => {
  it('unknown sign / template and a short TemplateParamSet fail per number by default (SendStatusSet)', async () => {
    expect((await tencent({ sign: 'nosign' })).SendStatusSet![0]).toMatchObject({
      Code: 'FailedOperation.SignatureIncorrectOrUnapproved',
      Fee: 0,
      SerialNo: '',
    });
    expect((await tencent({ template: '42' })).SendStatusSet![0]!.Code).toBe('FailedOperation.TemplateIncorrectOrUnapproved');
    expect((await tencent({ params: [] })).SendStatusSet![0]!.Code).toBe('FailedOperation.TemplateParamSetNotMatchApprovedTemplate');
    expect((await tencent({ params: ['12ab'] })).SendStatusSet![0]!.Code).toBe('InvalidParameterValue.TemplateParameterFormatError');
    expect((await tencent({ phones: ['12345'] })).SendStatusSet![0]).toMatchObject({
      Code: 'InvalidParameterValue.IncorrectPhoneNumber',
      PhoneNumber: '12345',
    });
  });

  it('with tencentPlacement "error" the same codes come as Response.Error (the SDK throws)', async () => {
    expect((await call('PATCH', '/options', { tencentPlacement: 'error' })).body.tencentPlacement).toBe('error');
    const err: any = await tencent({ template: '42' }).catch((e: unknown) => e);
    expect(err.code).toBe('FailedOperation.TemplateIncorrectOrUnapproved');
    // Per-number codes whose placement is known (docs/wire/sms.md#tencent-answers-and-errors) stay in SendStatusSet.
    expect((await tencent({ phones: ['12345'] })).SendStatusSet![0]!.Code).toBe('InvalidParameterValue.IncorrectPhoneNumber');
  });

  it("an SmsSdkAppId nobody owns → InvalidParameterValue.SdkAppIdNotExist; someone else's → SmsSdkAppIdVerifyFail", async () => {
    expect(((await tencent({ app: '1409999999' }).catch((e: unknown) => e)) as any).code).toBe('InvalidParameterValue.SdkAppIdNotExist');
    await call('POST', '/keys', { provider: 'tencent', id: 'AKIDother000000000000000000000000002', secret: 'otherSecret', sdkAppIds: ['1400000002'] });
    expect(((await tencent({ app: '1400000002' }).catch((e: unknown) => e)) as any).code).toBe('UnauthorizedOperation.SmsSdkAppIdVerifyFail');
  });
});

describe('control CRUD', () => {
  it('keys: create, read, update, delete, and a deleted key is rejected by the gateway', async () => {
    const created = await call('POST', '/keys', { provider: 'aliyun', id: 'LTAI5tSecond00000000002', secret: 'secondSecret' });
    expect(created.status).toBe(201);
    expectControlError(await call('POST', '/keys', { provider: 'aliyun', id: 'LTAI5tSecond00000000002', secret: 'x' }), 'exists');
    expect((await call('GET', '/keys/LTAI5tSecond00000000002')).body.secret).toBe('secondSecret');
    expect((await call('PATCH', '/keys/LTAI5tSecond00000000002', { secret: 'rotated' })).body.secret).toBe('rotated');
    const ok = await aliyunClient(t.mock.url, { accessKeyId: 'LTAI5tSecond00000000002', secret: 'rotated' }).sendSms(
      new SendSmsRequest({ phoneNumbers: '13800138000', signName: 'wxmock', templateCode: 'SMS_460000001', templateParam: '{"code":"1"}' }),
    );
    expect(ok.body?.code).toBe('OK');
    expect((await call('DELETE', '/keys/LTAI5tSecond00000000002')).body.deleted).toBe(true);
    const err: any = await aliyunClient(t.mock.url, { accessKeyId: 'LTAI5tSecond00000000002', secret: 'rotated' })
      .sendSms(new SendSmsRequest({ phoneNumbers: '13800138001', signName: 'wxmock', templateCode: 'SMS_460000001', templateParam: '{"code":"1"}' }))
      .catch((e: unknown) => e);
    expect(err.code).toBe('InvalidAccessKeyId.NotFound');
    expectControlError(await call('GET', '/keys/LTAI5tSecond00000000002'), 'not_found');
  });

  it('signs and templates: list per provider, create, delete; bad input is a 400 that changes nothing', async () => {
    expect((await call('GET', '/signs?provider=tencent')).body.signs).toHaveLength(1);
    expect((await call('POST', '/signs', { provider: 'tencent', name: '测试签名' })).status).toBe(201);
    expect((await call('DELETE', '/signs/测试签名?provider=tencent')).body.deleted).toBe(1);
    expectControlError(await call('POST', '/templates', { provider: 'tencent', id: 'abc', text: 'x' }), 'invalid_field');
    expectControlError(await call('POST', '/templates', { provider: 'tencent', id: '1000002', text: '{2}只有第二个' }), 'invalid_field');
    expectControlError(await call('POST', '/templates', { provider: 'qq', id: '1', text: 'x' }), 'invalid_field');
    expectControlError(await call('GET', '/templates?provider=qq'), 'bad_provider');
    expect((await call('GET', '/templates/1000001')).body.templates[0].provider).toBe('tencent');
    expectControlError(await call('DELETE', '/templates/nope'), 'not_found');
    expectControlError(await t.http.post('/__mock/sms/keys', '{not json'), 'bad_json');
    expect((await call('GET', '/keys')).body.keys).toHaveLength(2);
  });

  it('options: patch validates; PUT /config replaces everything or nothing', async () => {
    expectControlError(await call('PATCH', '/options', { aliyunPerMinute: -1 }), 'bad_option');
    expectControlError(await call('PATCH', '/options', { nope: 1 }), 'bad_option');
    expect((await call('PATCH', '/options', { flowControl: false })).body.flowControl).toBe(false);
    const before = await call('GET', '/config');
    expectControlError(await call('PUT', '/config', { keys: [{ provider: 'aliyun', id: 'x y', secret: 's' }] }), 'invalid_field');
    expectControlError(await call('PUT', '/config', { keys: {} }), 'invalid_field');
    expectControlError(await call('PUT', '/config', { options: { nope: 1 } }), 'bad_option');
    expect((await call('GET', '/config')).body).toEqual(before.body);
    expect((await call('PUT', '/config', { signs: [{ provider: 'aliyun', name: 'only' }], options: { aliyunPerDay: 3 } })).status).toBe(200);
    const after = (await call('GET', '/config')).body;
    expect(after.signs.map((s: any) => s.name)).toEqual(['only']);
    expect(after.keys).toHaveLength(2);
    expect(after.options).toMatchObject({ aliyunPerDay: 3, flowControl: true });
  });

  it('flow counters can be cleared without touching the inbox', async () => {
    expect((await aliyun({})).body?.code).toBe('OK');
    expect((await aliyun({})).body?.code).toBe('isv.BUSINESS_LIMIT_CONTROL');
    expect((await call('DELETE', '/flow?phone=13800138000')).body.deleted).toBe(1);
    expect((await aliyun({})).body?.code).toBe('OK');
    expect((await call('GET', '/messages?phone=13800138000')).body.messages).toHaveLength(2);
  });
});
