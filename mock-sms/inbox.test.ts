import { describe, expect, it } from 'vitest';
import { SendSmsRequest } from '@alicloud/dysmsapi20170525';
import { publicMessage, type NewMessage } from './inbox.ts';
import { aliyunClient, tencentClient, useMockSms } from './test-support.ts';

const t = useMockSms();

/** What GET /__mock/sms/messages answers (undelivered ones too), newest first. */
async function listed(phone: string): Promise<unknown[]> {
  const res = await t.http.get('/__mock/sms/messages', { query: { all: 1, phone } });
  expect(res.status).toBe(200);
  return res.body.messages;
}

/** The message as JSON carries it: what a client of the inbox API gets. */
const overTheWire = (m: unknown) => JSON.parse(JSON.stringify(m));

const message = (over: Partial<NewMessage> = {}): NewMessage => ({
  provider: 'aliyun',
  phone: '+8613800138000',
  signName: 'wxmock',
  template: 'SMS_460000001',
  params: { code: '135790', extra: '附加' },
  code: '135790',
  text: '【wxmock】您的验证码为：135790',
  status: 'delivered',
  requestId: 'F655A8D5-B967-440B-8683-DAD6FF8DE990',
  bizId: '900619746936498440^0',
  signatureScheme: 'ACS3-HMAC-SHA256',
  keyId: 'LTAI5tWxmockAliyun00001',
  outId: 'order-7',
  ...over,
});

describe('inbox.store', () => {
  it('returns exactly what a later read and GET /__mock/sms/messages give', async () => {
    const cases: NewMessage[] = [
      message(),
      message({ phone: '+8613800138001', outId: null, code: null, params: {}, status: 'undelivered' }),
      message({
        provider: 'tencent',
        phone: '+8613800138002',
        template: '1000001',
        params: ['1', '2'],
        signatureScheme: 'TC3-HMAC-SHA256',
        bizId: '5000:1045710669157053657849499619',
      }),
    ];
    for (const m of cases) {
      const stored = t.mock.ctx.inbox.store(m);
      expect(stored).toStrictEqual(t.mock.ctx.inbox.get(stored.id));
      expect(await listed(m.phone)).toStrictEqual([overTheWire(publicMessage(stored))]);
    }
  });

  it('gives a message with a lone surrogate as SQLite keeps it', async () => {
    const stored = t.mock.ctx.inbox.store(message({ signName: 'bad\ud800sign', text: '【bad\ud800sign】x', params: { code: '\udc00' } }));
    expect(stored).toStrictEqual(t.mock.ctx.inbox.get(stored.id));
    expect(stored.signName).not.toContain('\ud800');
    expect(stored.params).toEqual({ code: '\udc00' });
    expect(await listed('+8613800138000')).toStrictEqual([overTheWire(publicMessage(stored))]);
  });

  it('hands a long-poll waiter the same message GET /__mock/sms/messages lists, for both gateways', async () => {
    const aliyunWait = t.http.get('/__mock/sms/wait?phone=13800138003&timeoutMs=5000').then((r) => r.body);
    const direct = t.mock.ctx.inbox.wait('+8613800138004', { timeoutMs: 5000 });
    const tencentWait = t.http.get('/__mock/sms/wait?phone=13800138004&timeoutMs=5000').then((r) => r.body);
    // The waits are registered before the sends go out.
    await expect.poll(() => t.mock.ctx.inbox.waiting()).toBe(3);

    const sent = await aliyunClient(t.mock.url).sendSms(
      new SendSmsRequest({
        phoneNumbers: '13800138003',
        signName: 'wxmock',
        templateCode: 'SMS_460000001',
        templateParam: JSON.stringify({ code: '112233' }),
        outId: 'o-1',
      }),
    );
    expect(sent.body?.code).toBe('OK');
    expect((await aliyunWait).message).toStrictEqual((await listed('+8613800138003'))[0]);

    const res = await tencentClient(t.mock.url).SendSms({
      PhoneNumberSet: ['+8613800138004'],
      SmsSdkAppId: '1400000001',
      SignName: 'wxmock',
      TemplateId: '1000001',
      TemplateParamSet: ['445566'],
    });
    expect(res.SendStatusSet![0]!.Code).toBe('Ok');
    const [row] = await listed('+8613800138004');
    expect((await tencentWait).message).toStrictEqual(row);
    const waited = await direct;
    expect(waited).toStrictEqual(t.mock.ctx.inbox.get(waited!.id));
    expect(overTheWire(publicMessage(waited!))).toStrictEqual(row);
  });
});
