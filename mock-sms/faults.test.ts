import { describe, expect, it } from 'vitest';
import { SendSmsRequest } from '@alicloud/dysmsapi20170525';
import { aliyunClient, tencentClient, useMockSms } from './test-support.ts';

const t = useMockSms();

async function fault(body: Record<string, unknown>): Promise<number> {
  return (await t.http.post('/__mock/faults', body)).status;
}
const aliyun = (phone: string, code = '123456') =>
  aliyunClient(t.mock.url).sendSms(
    new SendSmsRequest({ phoneNumbers: phone, signName: 'wxmock', templateCode: 'SMS_460000001', templateParam: JSON.stringify({ code }) }),
  );
const tencent = (phones: string[], code = '123456') =>
  tencentClient(t.mock.url).SendSms({ PhoneNumberSet: phones, SmsSdkAppId: '1400000001', SignName: 'wxmock', TemplateId: '1000001', TemplateParamSet: [code] });
const inbox = async (query = '') => (await t.http.get(`/__mock/sms/messages${query}`)).body.messages;

describe('fault injection (endpoint "sendsms")', () => {
  it('an isv.* code for the next N Aliyun sends, then normal again', async () => {
    expect(await fault({ endpoint: 'sendsms', provider: 'aliyun', code: 'isv.AMOUNT_NOT_ENOUGH', times: 2 })).toBe(201);
    expect((await aliyun('13800138000')).body).toMatchObject({ code: 'isv.AMOUNT_NOT_ENOUGH', message: '账户余额不足' });
    expect((await aliyun('13800138001')).body?.code).toBe('isv.AMOUNT_NOT_ENOUGH');
    expect((await aliyun('13800138002')).body?.code).toBe('OK');
  });

  it('a gateway code keeps its HTTP status; httpStatus overrides it', async () => {
    await fault({ endpoint: 'sendsms', code: 'Throttling.User' });
    const err: any = await aliyun('13800138000').catch((e: unknown) => e);
    expect(err.name).toBe('ThrottlingError');
    expect(err.statusCode).toBe(400);
    await fault({ endpoint: '*', provider: 'aliyun', httpStatus: 503 });
    const err2: any = await aliyun('13800138000').catch((e: unknown) => e);
    expect(err2.statusCode).toBe(503);
    expect(err2.code).toBe('ServiceUnavailable');
  });

  it('only for one phone, written in any spelling', async () => {
    await fault({ endpoint: 'sendsms', phone: '13800138009', code: 'isv.OUT_OF_SERVICE' });
    expect((await aliyun('13800138000')).body?.code).toBe('OK');
    expect((await aliyun('+8613800138009')).body?.code).toBe('isv.OUT_OF_SERVICE');
  });

  it('"undelivered": accepted (OK / Ok) but never in the inbox, unless ?all=1', async () => {
    await fault({ endpoint: 'sendsms', mode: 'undelivered', times: 2 });
    expect((await aliyun('13800138000')).body?.code).toBe('OK');
    expect((await tencent(['+8613800138001'])).SendStatusSet![0]!.Code).toBe('Ok');
    expect(await inbox()).toHaveLength(0);
    const all = await inbox('?all=1');
    expect(all.map((m: any) => m.status)).toEqual(['undelivered', 'undelivered']);
    expect((await t.http.get('/__mock/sms/code?phone=13800138000')).status).toBe(404);
  });

  it('delayMs holds the answer back', async () => {
    await fault({ endpoint: 'sendsms', delayMs: 250 });
    const t0 = performance.now();
    expect((await aliyun('13800138000')).body?.code).toBe('OK');
    expect(performance.now() - t0).toBeGreaterThanOrEqual(240);
  });

  it('Tencent: a per-number code lands in SendStatusSet for that number only; placement "error" makes it Response.Error', async () => {
    await fault({ endpoint: 'sendsms', provider: 'tencent', phone: '+8613800138001', code: 'FailedOperation.PhoneNumberInBlacklist' });
    const res = await tencent(['+8613800138000', '+8613800138001']);
    expect(res.SendStatusSet!.map((s) => s.Code)).toEqual(['Ok', 'FailedOperation.PhoneNumberInBlacklist']);
    await fault({ endpoint: 'sendsms', provider: 'tencent', code: 'LimitExceeded.PhoneNumberDailyLimit', placement: 'error' });
    const err: any = await tencent(['+8613800138002']).catch((e: unknown) => e);
    expect(err.code).toBe('LimitExceeded.PhoneNumberDailyLimit');
    await fault({ endpoint: 'sendsms', provider: 'tencent', code: 'RequestLimitExceeded' });
    expect(((await tencent(['+8613800138003']).catch((e: unknown) => e)) as any).code).toBe('RequestLimitExceeded');
  });

  it('Tencent: httpStatus gives a bare HTTP failure the SDK reports by status', async () => {
    await fault({ endpoint: 'sendsms', provider: 'tencent', httpStatus: 502 });
    const err: any = await tencent(['+8613800138000']).catch((e: unknown) => e);
    expect(err.httpCode).toBe(502);
  });
});
