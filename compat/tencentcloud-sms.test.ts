import { describe, expect, it } from 'vitest';
import { inboxCode, tencentClient, useMockSms } from '../mock-sms/test-support.ts';

/**
 * The official Tencent Cloud SDK (tencentcloud-sdk-nodejs-sms), unmodified, against mock-sms over
 * http, pointed at it by its httpProfile endpoint and protocol (docs/clients.md): a send lands in
 * the inbox; signature errors come back thrown, limits in SendStatusSet, as the SDK reports them.
 */
const t = useMockSms();
const inbox = (phone: string) => inboxCode(t.mock.url, phone);

describe('Tencent tencentcloud-sdk-nodejs-sms', () => {
  const req = (phone: string, code: string) => ({
    PhoneNumberSet: [phone],
    SmsSdkAppId: '1400000001',
    SignName: 'wxmock',
    TemplateId: '1000001',
    TemplateParamSet: [code],
    SessionContext: 'ctx-1',
  });

  it('sends a code that the inbox then returns', async () => {
    const res = await tencentClient(t.mock.url).SendSms(req('+8613800138000', '654321'));
    expect(res.SendStatusSet).toHaveLength(1);
    expect(res.SendStatusSet![0]).toMatchObject({
      PhoneNumber: '+8613800138000',
      Code: 'Ok',
      Message: 'send success',
      Fee: 1,
      SessionContext: 'ctx-1',
      IsoCode: 'CN',
    });
    expect(res.SendStatusSet![0]!.SerialNo).toMatch(/^5000:\d{28}$/);
    expect(res.RequestId).toMatch(/^[0-9a-f-]{36}$/);
    const { body } = await inbox('13800138000');
    expect(body.code).toBe('654321');
    const latest = (await t.http.get('/__mock/sms/latest?phone=0086-13800138000'.replace('-', ''))).body;
    expect(latest.message).toMatchObject({
      provider: 'tencent',
      template: '1000001',
      params: ['654321'],
      signatureScheme: 'TC3-HMAC-SHA256',
      bizId: res.SendStatusSet![0]!.SerialNo,
      text: '【wxmock】您的验证码为：654321，5分钟内有效，请勿泄露于他人！',
    });
  });

  it('rejects a wrong secret with AuthFailure.SignatureFailure (thrown, from Response.Error)', async () => {
    const err: any = await tencentClient(t.mock.url, { secretKey: 'wrongwrongwrongwrongwrongwrong00' })
      .SendSms(req('+8613800138000', '1'))
      .catch((e: unknown) => e);
    expect(err.code).toBe('AuthFailure.SignatureFailure');
    expect(err.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect((await inbox('13800138000')).status).toBe(404);
  });

  it('rejects an unknown SecretId with AuthFailure.SecretIdNotFound', async () => {
    const err: any = await tencentClient(t.mock.url, { secretId: 'AKIDnosuchkey00000000000000000000001' })
      .SendSms(req('+8613800138000', '1'))
      .catch((e: unknown) => e);
    expect(err.code).toBe('AuthFailure.SecretIdNotFound');
  });

  it('hits the 30-second limit per number in SendStatusSet (no throw), and the daily limit after 10', async () => {
    const c = tencentClient(t.mock.url);
    expect((await c.SendSms(req('13900139000', '123123'))).SendStatusSet![0]!.Code).toBe('Ok');
    const again = await c.SendSms(req('13900139000', '123123'));
    expect(again.SendStatusSet![0]).toMatchObject({ Code: 'LimitExceeded.PhoneNumberThirtySecondLimit', SerialNo: '', Fee: 0 });
    // Different content is not the same-content rule; ten a day is the cap.
    for (let i = 1; i < 10; i++) expect((await c.SendSms(req('13900139000', `00000${i}`))).SendStatusSet![0]!.Code).toBe('Ok');
    expect((await c.SendSms(req('13900139000', '999999'))).SendStatusSet![0]!.Code).toBe('LimitExceeded.PhoneNumberDailyLimit');
  });
});
