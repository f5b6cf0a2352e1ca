import { describe, expect, it } from 'vitest';
import { SendBatchSmsRequest, SendSmsRequest, QuerySendDetailsRequest } from '@alicloud/dysmsapi20170525';
import { aliyunClient, inboxCode, useMockSms } from '../mock-sms/test-support.ts';

/**
 * The official Aliyun SDK (@alicloud/dysmsapi20170525 with @alicloud/openapi-client), unmodified,
 * against mock-sms over http, pointed at it by its Config endpoint and protocol (docs/clients.md):
 * sends in both signature schemes land in the inbox; its errors are thrown as the SDK throws them.
 */
const t = useMockSms();
const inbox = (phone: string) => inboxCode(t.mock.url, phone);

const send = (phone: string, code: string) =>
  new SendSmsRequest({ phoneNumbers: phone, signName: 'wxmock', templateCode: 'SMS_460000001', templateParam: JSON.stringify({ code }), outId: 'order-1' });

describe('Aliyun @alicloud/dysmsapi20170525', () => {
  for (const scheme of ['V3', 'v2'] as const) {
    describe(`${scheme} signing`, () => {
      const client = () => aliyunClient(t.mock.url, { v2: scheme === 'v2' });

      it('sends a code that the inbox then returns', async () => {
        const res = await client().sendSms(send('13800138000', '482913'));
        expect(res.statusCode).toBe(200);
        expect(res.body).toMatchObject({ code: 'OK', message: 'OK' });
        expect(res.body?.bizId).toMatch(/^\d{18}\^0$/);
        expect(res.body?.requestId).toMatch(/^[0-9A-F-]{36}$/);
        const { status, body } = await inbox('+8613800138000');
        expect(status).toBe(200);
        expect(body.code).toBe('482913');
        const latest = (await t.http.get('/__mock/sms/latest?phone=13800138000')).body;
        expect(latest.message).toMatchObject({
          provider: 'aliyun',
          phone: '+8613800138000',
          signName: 'wxmock',
          template: 'SMS_460000001',
          params: { code: '482913' },
          text: '【wxmock】您的验证码为：482913，5分钟内有效，请勿泄露于他人！',
          status: 'delivered',
          bizId: res.body?.bizId,
          requestId: res.body?.requestId,
          signatureScheme: scheme === 'V3' ? 'ACS3-HMAC-SHA256' : 'RPC-HMAC-SHA1',
        });
      });

      it('rejects a wrong secret with SignatureDoesNotMatch (HTTP 400, ClientError)', async () => {
        const bad = aliyunClient(t.mock.url, { v2: scheme === 'v2', secret: 'wrongSecret000000000000000000' });
        const err: any = await bad.sendSms(send('13800138000', '111111')).catch((e: unknown) => e);
        expect(err.name).toBe('ClientError');
        expect(err.code).toBe('SignatureDoesNotMatch');
        expect(err.statusCode).toBe(400);
        expect(err.data.Message).toMatch(/^Specified signature is not matched with our calculation\./);
        if (scheme === 'v2') expect(err.data.Message).toContain('server string to sign is:POST&%2F&AccessKeyId%3D');
        expect((await inbox('13800138000')).status).toBe(404);
      });

      it('rejects an unknown AccessKeyId with InvalidAccessKeyId.NotFound (HTTP 404)', async () => {
        const err: any = await aliyunClient(t.mock.url, { v2: scheme === 'v2', accessKeyId: 'LTAI5tNoSuchKey000000001' })
          .sendSms(send('13800138000', '1'))
          .catch((e: unknown) => e);
        expect(err.code).toBe('InvalidAccessKeyId.NotFound');
        expect(err.statusCode).toBe(404);
      });

      it('hits the flow limit with isv.BUSINESS_LIMIT_CONTROL (HTTP 200, no throw)', async () => {
        const c = client();
        expect((await c.sendSms(send('13900139000', '100001'))).body?.code).toBe('OK');
        const second = await c.sendSms(send('13900139000', '100002'));
        expect(second.statusCode).toBe(200);
        expect(second.body).toMatchObject({ code: 'isv.BUSINESS_LIMIT_CONTROL', message: '触发分钟级流控Permits:1' });
        expect(second.body?.bizId).toBeUndefined();
        expect((await inbox('13900139000')).body.code).toBe('100001');
      });
    });
  }

  it('hour and day limits follow the mock clock', async () => {
    const c = aliyunClient(t.mock.url);
    for (let i = 0; i < 5; i++) {
      expect((await c.sendSms(send('13700137000', `20000${i}`))).body?.code).toBe('OK');
      t.mock.ctx.clock.advance(61_000);
    }
    expect((await c.sendSms(send('13700137000', '200009'))).body).toMatchObject({ code: 'isv.BUSINESS_LIMIT_CONTROL', message: '触发小时级流控Permits:5' });
    // Fifteen-minute gaps keep every hour under 5 sends until the rolling 24 h holds 10.
    t.mock.ctx.clock.advance(3_600_000);
    for (let i = 5; i < 10; i++) {
      expect((await c.sendSms(send('13700137000', `30000${i}`))).body?.code).toBe('OK');
      t.mock.ctx.clock.advance(15 * 60_000 + 1000);
    }
    expect((await c.sendSms(send('13700137000', '300009'))).body).toMatchObject({ code: 'isv.BUSINESS_LIMIT_CONTROL', message: '触发天级流控Permits:10' });
  });

  it('SendBatchSms (form body, content-type signed) and QuerySendDetails round-trip in both schemes', async () => {
    for (const v2 of [false, true]) {
      t.mock.reset();
      const c = aliyunClient(t.mock.url, { v2 });
      const batch = await c.sendBatchSms(
        new SendBatchSmsRequest({
          phoneNumberJson: JSON.stringify(['13800138001', '+8613800138002']),
          signNameJson: JSON.stringify(['wxmock', 'wxmock']),
          templateCode: 'SMS_460000001',
          templateParamJson: JSON.stringify([{ code: '000111' }, { code: '000222' }]),
        }),
      );
      expect(batch.body).toMatchObject({ code: 'OK' });
      expect((await inbox('13800138002')).body.code).toBe('000222');
      const today = new Date(t.mock.ctx.clock.now() + 8 * 3600_000).toISOString().slice(0, 10).replace(/-/g, '');
      const q = await c.querySendDetails(new QuerySendDetailsRequest({ phoneNumber: '13800138001', sendDate: today, pageSize: 10, currentPage: 1 }));
      expect(q.body).toMatchObject({ code: 'OK', totalCount: '1' });
      expect(q.body?.smsSendDetailDTOs?.smsSendDetailDTO?.[0]).toMatchObject({
        phoneNum: '13800138001',
        sendStatus: 3,
        errCode: 'DELIVERED',
        templateCode: 'SMS_460000001',
      });
    }
  });
});
